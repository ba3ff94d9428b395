from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "portal.subscriptions"
    label = "subscriptions"

    def ready(self) -> None:
        from portal.merchant.signals import webhook_events_received
        from portal.subscriptions import tasks  # noqa: F401 - registers the resume task with resume_records
        from portal.subscriptions.notices import webhook_events_notify

        webhook_events_received.connect(webhook_events_notify, dispatch_uid="subscriptions.notices")
