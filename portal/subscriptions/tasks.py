"""Django tasks (django.tasks) of the subscriptions app, run by `python manage.py db_worker`.

Imported when the app is ready (apps.py), which registers how resume_records enqueues a resume run and
shipment_skip_records a chosen skip's run.
"""

from datetime import datetime

from django.tasks import task

from portal.subscriptions.resume_records import resume_enqueue_with
from portal.subscriptions.resumes import scheduled_resume_execute
from portal.subscriptions.shipment_skip_records import shipment_skip_enqueue_with
from portal.subscriptions.shipment_skip_worker import shipment_skip_execute


@task
def scheduled_resume_run(*, resume_id: int) -> str:
    return scheduled_resume_execute(resume_id=resume_id)


def _enqueue(resume_id: int, when: datetime) -> None:
    scheduled_resume_run.using(run_after=when).enqueue(resume_id=resume_id)


resume_enqueue_with(_enqueue)


@task
def shipment_skip_run(*, skip_id: int) -> str:
    return shipment_skip_execute(skip_id=skip_id)


def _enqueue_skip(skip_id: int, when: datetime) -> None:
    shipment_skip_run.using(run_after=when).enqueue(skip_id=skip_id)


shipment_skip_enqueue_with(_enqueue_skip)
