"""One settings module: everything comes from the environment (or a .env file) through small, loud helpers."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_noop

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


def required_in_production(name: str, dev_default: str) -> str:
    """Return the variable; with DEBUG off a missing value stops start-up and names the variable."""
    value: str = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return dev_default
    raise ImproperlyConfigured(f"Set the {name} environment variable (required when DEBUG is off).")


SECRET_KEY = required_in_production("SECRET_KEY", "insecure-dev-key-only-for-debug-mode")
ALLOWED_HOSTS = required_in_production("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
# Where customers reach the portal: every link in an email is built from it, never from the request's Host
# (a forged Host header would otherwise put its own host and port in a sign-in link). Checked at start-up
# (portal/core/checks.py). In DEBUG (make run): this machine on PORT.
PORTAL_BASE_URL = required_in_production(
    "PORTAL_BASE_URL", f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)
# Set to false when the portal is served over plain HTTP (local demo, tests); production always uses HTTPS.
HTTPS = env.bool("HTTPS", default=not DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "portal.core",
    "portal.ultracart",
    "portal.receipts",
    "portal.accounts",
    "portal.invoices",
    "portal.merchant",
    "portal.subscriptions",
    # Django's tasks framework on a database backend: scheduled resumes survive restarts (`db_worker`).
    "django_tasks_db",
    # The UltraCart stand-in: installed for its management command only; the portal never imports it.
    "portal.sandbox",
]

MIDDLEWARE = [
    "portal.core.middleware.NoStoreRedirectMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.core.middleware.RequestLogMiddleware",
    "portal.accounts.middleware.UltraCartScopeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the locale and session middleware: a signed-in customer's last choice on a new device.
    "portal.core.languages.CustomerLanguageMiddleware",
    # The merchant's time zone for every date and time shown (Portal settings).
    "portal.merchant.middleware.MerchantTimeZoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff viewing as a customer: read-only and audited (after authentication, which it reads).
    "portal.merchant.view_as.ViewAsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # After the CSP middleware: it adds the merchant's https logo host to img-src before the header is built.
    "portal.merchant.middleware.LogoOriginCSPMiddleware",
    "portal.core.middleware.BrandedMethodNotAllowedMiddleware",
    # Last, as django-axes asks: it turns a locked-out admin login into our branded 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.merchant.branding.branding",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Keep connections between requests (a new PostgreSQL connection per request cost most of a warm page),
# checked before reuse so a restarted database costs one failed query, not an error page.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=600))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}
# `?key_prefix=name` on CACHE_URL lets several portals (or a test's servers) share one Redis db apart;
# django-environ hands it over in lower case, which Django would ignore.
if "key_prefix" in CACHES["default"]:
    CACHES["default"]["KEY_PREFIX"] = CACHES["default"].pop("key_prefix")
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Django culls local memory at 300 keys, which would silently reset limit counters; Redis does not.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 50_000)


def mailer_from_url(config: dict[str, object]) -> dict[str, object]:
    """Turn django-environ's EMAIL_URL settings into one Django 6.1 MAILERS entry."""
    names = {
        "EMAIL_HOST": "host",
        "EMAIL_PORT": "port",
        "EMAIL_HOST_USER": "username",
        "EMAIL_HOST_PASSWORD": "password",
        "EMAIL_USE_TLS": "use_tls",
        "EMAIL_USE_SSL": "use_ssl",
        "EMAIL_FILE_PATH": "file_path",
    }
    backend = str(config["EMAIL_BACKEND"])
    options = {names[key]: value for key, value in config.items() if key in names and value not in ("", None)}
    if not backend.endswith("smtp.EmailBackend"):
        options = {k: v for k, v in options.items() if k == "file_path"}
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": mailer_from_url(env.email("EMAIL_URL", default="consolemail://"))}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Customer portal <no-reply@example.com>")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Database sessions read through the cache (no query per view): a grant survives a cache outage or flush.
SESSION_ENGINE = "portal.core.sessions"
# A signed-in customer stays signed in for 30 days (unless they said the device is shared).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 30)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# __Host- cookies cannot be set by a sibling subdomain (the storefront), which closes session fixation.
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "portal.core.views.csrf_failure"

# Production hardening; the HTTPS ones switch off only for plain-HTTP local runs.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
# Order pages carry ids (and the thank-you URL a token): no Referer ever leaves our origin. Not
# "no-referrer": with it browsers send `Origin: null` on our own form POSTs, which the CSRF check refuses.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything is served from our own origin; scripts need the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# The admin (staff only; customers never have passwords). Its path is configurable, and its login is limited
# by django-axes per account and per client address: 5 failures lock either for 15 minutes.
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("ADMIN_LOGIN_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ADMIN_LOGIN_LOCK_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: one account, or one address
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.core.client_ip.client_ip"  # honours PORTAL_TRUSTED_PROXIES like our limits
AXES_LOCKOUT_CALLABLE = "portal.core.views.admin_locked_out"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes; overridable so a deploy (or a test) can put it anywhere.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed files in production; plain finders where no collectstatic has run (DEBUG, tests).
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# UltraCart. Without a key the portal talks to the embedded sandbox (`python manage.py sandbox`).
SANDBOX_PORT = env.int("SANDBOX_PORT", default=8765)
ULTRACART_API_KEY = env.str("ULTRACART_API_KEY", default="")
ULTRACART_BASE_URL = env.str(
    "ULTRACART_BASE_URL",
    default="https://secure.ultracart.com/rest/v2"
    if ULTRACART_API_KEY
    else f"http://127.0.0.1:{SANDBOX_PORT}/rest/v2",
)
ULTRACART_API_KEY = ULTRACART_API_KEY or "sandbox-key"
ULTRACART_CONNECT_TIMEOUT = env.float("ULTRACART_CONNECT_TIMEOUT", default=2.0)
ULTRACART_READ_TIMEOUT = env.float("ULTRACART_READ_TIMEOUT", default=4.0)
# Overall time one call may take, retries included, so a page never hangs.
ULTRACART_DEADLINE = env.float("ULTRACART_DEADLINE", default=6.0)
# Below UltraCart's 1,000/hour default so webhooks and staff tools keep headroom.
ULTRACART_CALLS_PER_HOUR = env.int("ULTRACART_CALLS_PER_HOUR", default=900)
ULTRACART_MAX_IN_FLIGHT = env.int("ULTRACART_MAX_IN_FLIGHT", default=4)
# Reads retry 429/5xx/connection errors with jittered exponential backoff, inside ULTRACART_DEADLINE.
ULTRACART_MAX_ATTEMPTS = env.int("ULTRACART_MAX_ATTEMPTS", default=3)
ULTRACART_BACKOFF_BASE = env.float("ULTRACART_BACKOFF_BASE", default=0.2)
# With a stale copy to fall back on, a read gets this long (inside the deadline) before we serve the copy.
ULTRACART_STALE_DEADLINE = env.float("ULTRACART_STALE_DEADLINE", default=1.5)
# Circuit breaker per operation, shared by all workers: open after N consecutive failures, one probe after.
ULTRACART_BREAKER_FAILURES = env.int("ULTRACART_BREAKER_FAILURES", default=5)
ULTRACART_BREAKER_COOLDOWN = env.float("ULTRACART_BREAKER_COOLDOWN", default=15.0)
# Calls UltraCart answers per minute for one anonymous visitor (IPv4 address or IPv6 /56).
ULTRACART_CALLS_PER_VISITOR_MINUTE = env.int("ULTRACART_CALLS_PER_VISITOR_MINUTE", default=10)
# Calls UltraCart answers for one signed-in customer in any 5 minutes, wherever they connect from: room for a
# dozen subscription changes (each a fresh read, a write and a page) in a few minutes.
ULTRACART_CALLS_PER_CUSTOMER = env.int("ULTRACART_CALLS_PER_CUSTOMER", default=60)
# How long the last good answer is kept to serve when UltraCart cannot be asked.
ULTRACART_STALE_SECONDS = env.int("ULTRACART_STALE_SECONDS", default=7 * 24 * 3600)
ULTRACART_WEBHOOK_USERNAME = env.str("ULTRACART_WEBHOOK_USERNAME", default="")
ULTRACART_WEBHOOK_PASSWORD = env.str("ULTRACART_WEBHOOK_PASSWORD", default="")

# Merchant-facing defaults; the merchant app reads them through one function (portal_settings_get).
PORTAL_STORE_NAME = env.str("PORTAL_STORE_NAME", default="Demo Store")
PORTAL_ACCENT_COLOR = env.str("PORTAL_ACCENT_COLOR", default="#2f5d50")
PORTAL_LOGO_URL = env.str("PORTAL_LOGO_URL", default="")
PORTAL_SUPPORT_EMAIL = env.str("PORTAL_SUPPORT_EMAIL", default="support@example.com")
PORTAL_SUPPORT_PHONE = env.str("PORTAL_SUPPORT_PHONE", default="")
PORTAL_STOREFRONT_URL = env.str("PORTAL_STOREFRONT_URL", default="")
PORTAL_MERCHANT_ADDRESS = env.str(
    "PORTAL_MERCHANT_ADDRESS", default="1 Example Street\nSpringfield, IL 62701\nUSA"
)
PORTAL_MERCHANT_TAX_ID = env.str("PORTAL_MERCHANT_TAX_ID", default="")
# The merchant's time zone (an IANA name): every date and time a customer reads is shown in it, named.
PORTAL_TIME_ZONE = env.str("PORTAL_TIME_ZONE", default="UTC")
PORTAL_FULL_DETAILS_MINUTES = env.int("PORTAL_FULL_DETAILS_MINUTES", default=60)
PORTAL_INVOICE_SOURCE = env.str("PORTAL_INVOICE_SOURCE", default="portal")
PORTAL_THANK_YOU_RATE = env.str("PORTAL_THANK_YOU_RATE", default="20/m")
# Manage-link confirm pages (GET and POST) per client network: the tokens are signed, but the page is a door.
PORTAL_MANAGE_LINK_RATE = env.str("PORTAL_MANAGE_LINK_RATE", default="20/m")
# A cache that cannot count must not refuse shoppers (our own limits fail open the same way).
RATELIMIT_FAIL_OPEN = True
# Unknown tokens cost UltraCart calls: per IP per hour, and the share of the hourly budget misses may use.
PORTAL_TOKEN_MISSES_PER_HOUR = env.int("PORTAL_TOKEN_MISSES_PER_HOUR", default=5)
PORTAL_TOKEN_MISSES_PER_BLOCK = env.int("PORTAL_TOKEN_MISSES_PER_BLOCK", default=20)
PORTAL_TOKEN_MISSES_PER_REGION = env.int("PORTAL_TOKEN_MISSES_PER_REGION", default=60)
PORTAL_TOKEN_MISS_BUDGET_SHARE = env.float("PORTAL_TOKEN_MISS_BUDGET_SHARE", default=0.1)
# Sign-in by emailed code: sends per email (three times as many per client network), tries per network,
# and the lock after too many wrong codes for one email.
PORTAL_SIGN_IN_SENDS_PER_MINUTE = env.int("PORTAL_SIGN_IN_SENDS_PER_MINUTE", default=1)
PORTAL_SIGN_IN_SENDS_PER_HOUR = env.int("PORTAL_SIGN_IN_SENDS_PER_HOUR", default=5)
PORTAL_SIGN_IN_SENDS_PER_HOUR_TOTAL = env.int("PORTAL_SIGN_IN_SENDS_PER_HOUR_TOTAL", default=500)
PORTAL_SIGN_IN_TRIES_PER_HOUR = env.int("PORTAL_SIGN_IN_TRIES_PER_HOUR", default=30)
PORTAL_SIGN_IN_FAILURES_PER_DAY = env.int("PORTAL_SIGN_IN_FAILURES_PER_DAY", default=10)
PORTAL_SIGN_IN_LOCK_MINUTES = env.int("PORTAL_SIGN_IN_LOCK_MINUTES", default=30)
# Subscription self-service (the admin issue makes these editable; portal_settings_get reads them).
# Comma-separated action names (portal/merchant/actions.py); "all", the default, is every action.
PORTAL_SUBSCRIPTION_ACTIONS = env.list("PORTAL_SUBSCRIPTION_ACTIONS", default=["all"])
PORTAL_SUBSCRIPTION_MAX_SKIPS = env.int("PORTAL_SUBSCRIPTION_MAX_SKIPS", default=2)
PORTAL_SUBSCRIPTION_MIN_LEAD_DAYS = env.int("PORTAL_SUBSCRIPTION_MIN_LEAD_DAYS", default=2)
PORTAL_SUBSCRIPTION_MAX_DAYS_AHEAD = env.int("PORTAL_SUBSCRIPTION_MAX_DAYS_AHEAD", default=90)
PORTAL_SUBSCRIPTION_CANCEL_REASONS = env.list(
    "PORTAL_SUBSCRIPTION_CANCEL_REASONS",
    # Marked for the catalogue: customers see the default reasons in their language (the value stays English).
    default=[
        gettext_noop("Too much product"),
        gettext_noop("Too expensive"),
        gettext_noop("Trying something else"),
        gettext_noop("Moving"),
        gettext_noop("Other"),
    ],
)
PORTAL_SUBSCRIPTION_SAVE_OFFERS = env.bool("PORTAL_SUBSCRIPTION_SAVE_OFFERS", default=True)
# Which offers answer which cancel reason (portal/merchant/save_offer_map.py), lines joined by "|": every
# default reason has one. An offer the portal cannot make (switched off, not in this state) is not shown.
PORTAL_SUBSCRIPTION_SAVE_OFFER_MAP = env.str(
    "PORTAL_SUBSCRIPTION_SAVE_OFFER_MAP",
    default="Too much product: frequency, quantity, skip | Too expensive: discount, pause"
    " | Trying something else: swap, pause | Moving: shipping_address, pause | Other: pause, skip",
)
# The discount offer: this much off the item's price (5-50 %) for the next this many shipments (1-12).
PORTAL_SUBSCRIPTION_DISCOUNT_PERCENT = env.int("PORTAL_SUBSCRIPTION_DISCOUNT_PERCENT", default=20)
PORTAL_SUBSCRIPTION_DISCOUNT_ORDERS = env.int("PORTAL_SUBSCRIPTION_DISCOUNT_ORDERS", default=2)
# Per item: the frequencies, quantities and swaps customers may choose (portal/merchant/item_rules.py), lines
# joined by "|"; and the items they may add once. The defaults describe the embedded sandbox's catalogue, for
# `make run`; with a real UltraCart key nothing is offered until the merchant says so.
_SANDBOX_ITEM_RULES = (
    "COFFEE-MONTHLY: frequencies=Weekly, Biweekly, Monthly, Every 2 Months, Every...; quantity=1-4;"
    " swap=COFFEE-KENYA | COFFEE-KENYA: frequencies=Biweekly, Monthly, Every 2 Months; quantity=1-4;"
    " swap=COFFEE-MONTHLY"
)
PORTAL_SUBSCRIPTION_ITEM_RULES = env.str(
    "PORTAL_SUBSCRIPTION_ITEM_RULES",
    default="" if ULTRACART_BASE_URL.startswith("https://") else _SANDBOX_ITEM_RULES,
)
PORTAL_SUBSCRIPTION_ADD_ON_ITEMS = env.list(
    "PORTAL_SUBSCRIPTION_ADD_ON_ITEMS",
    default=[] if ULTRACART_BASE_URL.startswith("https://") else ["FILTERS-100", "MUG-TRAVEL"],
)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# How many reverse proxies in front of the portal append to X-Forwarded-For (0: use REMOTE_ADDR).
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=0)
# ...and where they are: X-Forwarded-For is believed only from these addresses.
PORTAL_TRUSTED_PROXY_NETWORKS = env.str(
    "PORTAL_TRUSTED_PROXY_NETWORKS",
    default="127.0.0.0/8,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,::1/128,fc00::/7",
)

# Who may read /healthz's figures (calls this hour, last errors) besides staff: `Authorization: Bearer <it>`.
# Empty: nobody by token.
PORTAL_HEALTH_TOKEN = env.str("PORTAL_HEALTH_TOKEN", default="")

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# Every line goes through one handler whose filters show routes instead of paths and scrub tokens, order ids
# and emails from the final text. Django's own "django" and "django.server" loggers come with handlers of
# their own (raw paths in DEBUG); emptied here, they reach ours through the root logger.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "redact_request_path": {"()": "portal.core.log_filters.RedactRequestPath"},
        "scrub_secrets": {"()": "portal.core.log_filters.ScrubSecrets"},
        "skip_deliberate_503": {"()": "portal.core.log_filters.SkipDeliberateUnavailable"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_request_path", "scrub_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "propagate": True, "level": LOG_LEVEL},
        # The development server's request lines (scrubbed); 2xx/3xx are in our own request log already.
        "django.server": {"handlers": [], "propagate": True, "level": "WARNING"},
        # Our request log (portal.request) has every 4xx with its route; Django's would repeat it.
        "django.request": {
            "handlers": [],
            "propagate": True,
            "level": "ERROR",
            "filters": ["skip_deliberate_503"],
        },
        # django-axes would log usernames (often emails) with every failed admin login.
        "axes": {"handlers": [], "propagate": True, "level": "WARNING"},
    },
}
