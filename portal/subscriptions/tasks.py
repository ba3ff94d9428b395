"""Django tasks (django.tasks) of the subscriptions app, run by `python manage.py db_worker`.

Imported when the app is ready (apps.py), which registers how resume_records enqueues a resume run.
"""

from datetime import datetime

from django.tasks import task

from portal.subscriptions.resume_records import resume_enqueue_with
from portal.subscriptions.resumes import scheduled_resume_execute


@task
def scheduled_resume_run(*, resume_id: int) -> str:
    return scheduled_resume_execute(resume_id=resume_id)


def _enqueue(resume_id: int, when: datetime) -> None:
    scheduled_resume_run.using(run_after=when).enqueue(resume_id=resume_id)


resume_enqueue_with(_enqueue)
