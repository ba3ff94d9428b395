"""What the portal remembers about a customer beyond a session: the language they last chose."""

from django.db import models


class CustomerLanguage(models.Model):
    """A signed-in customer's last language choice (the footer switch), for their other devices."""

    email_key = models.CharField(max_length=254, unique=True)  # core.emails.email_key of the address
    language = models.CharField(max_length=8)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.language
