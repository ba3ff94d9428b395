from django.db import models


class SignInCode(models.Model):
    """One emailed sign-in code, kept hashed (HMAC with SECRET_KEY): a copy of the table reveals no code.

    The email is kept as typed (lower case) only while the code lives, so the link in the email can sign in
    a browser that never saw the form. A new code for an email deletes the older ones, so at most one is
    valid; used and expired rows are deleted on the next issue.
    """

    email = models.EmailField(db_index=True)
    code_digest = models.CharField(max_length=64)
    # The link in the email carries a random key instead of the code or the address; stored hashed too.
    link_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"sign-in code {self.pk}"
