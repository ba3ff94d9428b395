from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "portal.subscriptions"
    label = "subscriptions"

    def ready(self) -> None:
        from portal.subscriptions import tasks  # noqa: F401 - registers the resume task with resume_records
