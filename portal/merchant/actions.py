"""The names of what the audit log records, as enums: one place says each action's name.

`SubscriptionAction` names the self-service actions on an auto order: the merchant's settings switch them on
or off, the audit log records them, and portal/subscriptions/registry.py gives each one its entry (form,
plan, write, email, when it is offered). It imports nothing from the portal, so every app may use it.
"""

from enum import StrEnum


class SubscriptionAction(StrEnum):
    PAUSE = "pause"
    PAUSE_UNTIL = "pause_until"
    RESUME = "resume"
    SKIP = "skip"
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"
    UPDATE_CARD = "update_card"
    # Issue 23: what comes and when.
    FREQUENCY = "frequency"
    QUANTITY = "quantity"
    SHIPPING_ADDRESS = "shipping_address"
    SKIP_SHIPMENT = "skip_shipment"  # a chosen later shipment (SKIP is the next one)
    UNSKIP_SHIPMENT = "unskip_shipment"
    ORDER_NOW = "order_now"
    STOP_AFTER = "stop_after"
    REACTIVATE = "reactivate"
    # Issue 24: keeping the subscriber.
    DISCOUNT = "discount"  # a save offer: a lower price for the next N orders
    SWAP = "swap"
    ADD_ON = "add_on"

    @property
    def label(self) -> str:
        """The merchant's name for it (the settings' checkboxes, the audit log)."""
        return _SUBSCRIPTION_LABELS[self]


_SUBSCRIPTION_LABELS = {
    SubscriptionAction.PAUSE: "Pause",
    SubscriptionAction.PAUSE_UNTIL: "Pause until a date",
    SubscriptionAction.RESUME: "Resume",
    SubscriptionAction.SKIP: "Skip the next shipment",
    SubscriptionAction.RESCHEDULE: "Change the next shipment date",
    SubscriptionAction.CANCEL: "Cancel",
    SubscriptionAction.UPDATE_CARD: "Update the card",
    SubscriptionAction.FREQUENCY: "Change how often",
    SubscriptionAction.QUANTITY: "Change the quantity",
    SubscriptionAction.SHIPPING_ADDRESS: "Change the shipping address",
    SubscriptionAction.SKIP_SHIPMENT: "Skip a chosen shipment",
    SubscriptionAction.UNSKIP_SHIPMENT: "Restore a skipped shipment",
    SubscriptionAction.ORDER_NOW: "Order now",
    SubscriptionAction.STOP_AFTER: "Stop after a number of shipments",
    SubscriptionAction.REACTIVATE: "Reactivate",
    SubscriptionAction.DISCOUNT: "Take a discount offer",
    SubscriptionAction.SWAP: "Swap the product",
    SubscriptionAction.ADD_ON: "Add a one-time item",
}


class AuditAction(StrEnum):
    """What else the audit log records: the resume worker, staff tools, view-as, settings."""

    SCHEDULED_RESUME = "scheduled_resume"
    SCHEDULED_RESUME_RUN_NOW = "scheduled_resume_run_now"
    SCHEDULED_RESUME_CANCEL = "scheduled_resume_cancel"
    AUDIT_EXPORT = "audit_export"
    MERCHANT_PREVIEW = "merchant_preview"
    PORTAL_SETTINGS = "portal_settings"
    VIEW_AS_START = "view_as_start"
    VIEW_AS_STOP = "view_as_stop"
    VIEW_AS_PAGE = "view_as_page"
    VIEW_AS_REFUSED = "view_as_refused"
    SIGN_IN = "sign_in"
    SIGN_IN_LOCK = "sign_in_lock"
    RESEND_RECEIPT = "resend_receipt"
    SAVE_OFFER_SHOWN = "save_offer_shown"  # the cancel page showed offers for a reason
    PAYMENT_FAILED_EMAIL = "payment_failed_email"  # auto_order_decline / auto_order_disable webhooks
    SHIPMENT_REMINDER_EMAIL = "shipment_reminder_email"  # auto_order_preshipment webhook
    MANAGE_LINK_SIGN_IN = "manage_link_sign_in"  # an emailed manage link was confirmed


class AuditResult(StrEnum):
    OK = "ok"
    FAILED = "failed"  # UltraCart failed and nothing changed
    REFUSED = "refused"  # not allowed, changed meanwhile, a forged or invalid form
    REJECTED = "rejected"  # UltraCart answered 4xx: it did not accept the change
    UNKNOWN = "unknown"  # no answer, and re-reading does not show the change (it may still land)
    BUSY = "busy"  # another write to the same auto order held the lock
    LOCKED = "locked"  # a sign-in lock started
    LIMITED = "limited"  # our own per-customer or per-visitor limit refused before UltraCart was asked
    NOT_FOUND = "not_found"
    REPEATED = "repeated"
    SKIPPED = "skipped"
    SENT_TO_CARD_PAGE = "sent_to_card_page"  # update card: the customer went to UltraCart's page


AUDIT_ACTION_CHOICES = [
    *((action.value, action.label) for action in SubscriptionAction),
    *((action.value, action.value.replace("_", " ")) for action in AuditAction),
]
