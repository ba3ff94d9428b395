"""Django tasks (django.tasks) of the subscriptions app, run by `python manage.py db_worker`."""

from django.tasks import task

from portal.subscriptions.resumes import scheduled_resume_execute


@task
def scheduled_resume_run(*, resume_id: int) -> str:
    return scheduled_resume_execute(resume_id=resume_id)
