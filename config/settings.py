"""The one settings module: everything comes from the environment.

Local defaults need no server at all (SQLite, a filesystem Celery broker, emails as
.eml files under var/mail/). With DEBUG off the service refuses to start until
SECRET_KEY and ALLOWED_HOSTS are real.
"""

import zoneinfo
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    email_delivery_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    local_secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
# The key signs the links in emails (confirm, manage, data): never a shared, public one.
# Unset with DEBUG on, each installation makes its own in VAR_DIR on first start.
SECRET_KEY = env_str("SECRET_KEY", "") or (local_secret_key(VAR_DIR) if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

if not DEBUG:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when "
            "DEBUG is off (python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name this site's host(s) when DEBUG is off.")

# The port `make run` serves on (config/run.py); web, worker and beat all read it, so
# without SITE_URL the links in emails and feeds point at the server that is running.
PORT = env_int("PORT", 8000)
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Community Talks")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "django_celery_beat",
    "notifications",
    "events",
    "outreach",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "events.middleware.TalkBusyMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                "events.context_processors.coordinator",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not usable: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Web, worker and beat share one SQLite file: take the write lock at BEGIN and
    # wait for it instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env_str("CACHE_URL", "")
if not DEBUG and not CACHE_URL:
    raise ImproperlyConfigured(
        "CACHE_URL must name a shared cache (redis://...) when DEBUG is off: rate limits "
        "kept in each process's memory are no limits."
    )
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("CACHE_URL must be a redis:// URL, or unset for a local cache.")
# Besides the default cache, two for calendars (events/feeds.py): "calendar" holds
# serialised VEVENTs, one per talk and feed style, "calendar_documents" whole feeds by
# ETag (up to ~3 MB each). Both hold bytes under keys computed from the data, so an
# entry is never stale, only unused until it expires.
CALENDAR_DOCUMENT_CACHE_ENTRIES = env_int("CALENDAR_DOCUMENT_CACHE_ENTRIES", 24)
if CACHE_URL:
    # In Redis, so every web process serves a feed another one built. One database,
    # told apart by KEY_PREFIX (clear() would empty them all: it flushes the database).
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": CACHE_URL,
        },
        "calendar": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "calendar-vevents",
        },
        "calendar_documents": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "calendar-documents",
        },
        "pages": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "public-pages",
        },
    }
else:
    # In this process's memory: room for far more VEVENTs than the default 300 entries
    # (a feed needs thousands at once), and for a few documents only.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "calendar": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "calendar-vevents",
            "OPTIONS": {"MAX_ENTRIES": env_int("CALENDAR_CACHE_ENTRIES", 100_000)},
        },
        "calendar_documents": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "calendar-documents",
            "OPTIONS": {"MAX_ENTRIES": CALENDAR_DOCUMENT_CACHE_ENTRIES},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "public-pages",
            "OPTIONS": {"MAX_ENTRIES": 2_000},
        },
    }
CACHES["calendar"]["TIMEOUT"] = 60 * 60 * 24 * 7  # a week
CACHES["calendar_documents"]["TIMEOUT"] = 60 * 60  # an hour
# Public pages as anonymous visitors see them (events/page_cache.py), under keys that
# change with the data: with a shared cache the timeout only clears out pages nobody asks
# for any more; in one process's memory it also bounds how long a change made by another
# process (the worker) takes to show.
CACHES["pages"]["TIMEOUT"] = 60 * 10 if CACHE_URL else 60
if CALENDAR_DOCUMENT_CACHE_ENTRIES == 0:  # turns the document cache off
    CACHES["calendar_documents"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

# --- Accounts (django-allauth) -----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_DISPLAY = "events.accounts.user_display"
# Queues account emails in the outbox with a key, names the site by SITE_NAME.
ACCOUNT_ADAPTER = "events.accounts.AccountAdapter"
# allauth's forms with the site's labels and plain-text password rules (events/account_forms.py).
ACCOUNT_FORMS = {
    name: f"events.account_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("ACCOUNT_RATE_LIMITS_ENABLED", True)
LOGIN_REDIRECT_URL = "/"
COORDINATORS_GROUP = "Coordinators"

# --- Email ---------------------------------------------------------------------------------
# Every email becomes an outbox row; a Celery task delivers it after the transaction
# commits. allauth's are queued by its adapter (events.accounts), anything else sent
# with Django's send_mail() by notifications.backends.OutboxEmailBackend.
EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <talks@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The public address calendars show as ORGANIZER.
ORGANIZER_EMAIL = env_str("ORGANIZER_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1])
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
MAIL_DIR = VAR_DIR / "mail"
if env_str("EMAIL_URL", ""):
    EMAIL_DELIVERY = email_delivery_from_url(env_str("EMAIL_URL", ""))
elif env_str("EMAIL_HOST", ""):
    EMAIL_DELIVERY = {
        "backend": "django.core.mail.backends.smtp.EmailBackend",
        "host": env_str("EMAIL_HOST", ""),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
    }
else:
    EMAIL_DELIVERY = {
        "backend": "notifications.backends.EmlFileBackend",
        "file_path": str(MAIL_DIR),
    }
EMAIL_DELIVERY["timeout"] = EMAIL_TIMEOUT

# --- Celery ----------------------------------------------------------------------------------
# The embedded default broker is kombu's filesystem transport rather than its
# SQLAlchemy one: it needs no extra package, and it does not compete with web,
# worker and beat for SQLite's single write lock (a second SQLite file would, via
# SQLAlchemy's polling writes, turn every publish into a lock wait).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_FOLDER = Path(env_str("CELERY_BROKER_FOLDER", str(VAR_DIR / "celery")))
    (CELERY_BROKER_FOLDER / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A publish that cannot reach the broker gives up quickly: the outbox sweep delivers
# the message later, and the web request that queued it is not held up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
# Every periodic job, in one place.
CELERY_BEAT_SCHEDULE = {
    # Every 30 seconds: deliver outbox emails that are due (reminders, retries), whose
    # on-commit wake-up never reached the broker, or whose worker died (a claim quiet
    # for three heartbeats, notifications.outbox.STUCK_AFTER, is taken back here).
    "notifications-sweep-outbox": {"task": "notifications.sweep_outbox", "schedule": 30.0},
    # Every five minutes: expire guest RSVPs never confirmed in time, recount any talk whose
    # seat counters disagree with its RSVPs, and seat waiting parties wherever seats are free.
    "events-expire-unconfirmed-rsvps": {
        "task": "events.expire_unconfirmed_rsvps",
        "schedule": 300.0,
    },
    # Every ten minutes: thank the people who came to talks that ended two hours ago.
    "events-send-thanks": {"task": "events.send_thanks", "schedule": 600.0},
    # Nightly at 03:15 UTC: empty the RSVPs of talks that ended more than
    # ATTENDEE_RETENTION_DAYS ago of everything that says who made them.
    "events-anonymise-past-attendees": {
        "task": "events.anonymise_past_attendees",
        "schedule": crontab(hour=3, minute=15),
    },
    # Daily at 15:00 UTC (08:00 or 09:00 in Denver): each weekly-digest subscriber whose
    # chosen day it is (in TIME_ZONE) gets the new talks since their last digest.
    "outreach-queue-digests": {
        "task": "outreach.queue_digests",
        "schedule": crontab(hour=15, minute=0),
    },
    # Nightly at 03:45 UTC: blank the contact's name and email of talk requests closed
    # more than TALK_REQUEST_RETENTION_DAYS ago (organisation and outcome stay).
    "outreach-forget-talk-request-contacts": {
        "task": "outreach.forget_talk_request_contacts",
        "schedule": crontab(hour=3, minute=45),
    },
    # Monthly, on the 1st at 04:30 UTC: check every resource's link (reading to take
    # home) and flag the broken ones on the coordinator dashboard.
    "outreach-check-resource-links": {
        "task": "outreach.check_resource_links",
        "schedule": crontab(day_of_month=1, hour=4, minute=30),
    },
}

# --- Talks and RSVPs --------------------------------------------------------------------------
# How long a guest has to confirm their address (the link's life). Until they do, their
# RSVP holds no seat and no waitlist place: nothing public changes for an unproven address.
EVENTS_CONFIRM_WITHIN = timedelta(hours=env_int("EVENTS_CONFIRM_WITHIN_HOURS", 24))
# Guest RSVPs send an email to any address typed in: at most this many per client
# address an hour, and per email address a day (also the cap on confirmation emails).
EVENTS_GUEST_RSVPS_PER_IP_PER_HOUR = env_int("EVENTS_GUEST_RSVPS_PER_IP_PER_HOUR", 20)
EVENTS_GUEST_RSVPS_PER_ADDRESS_PER_DAY = env_int("EVENTS_GUEST_RSVPS_PER_ADDRESS_PER_DAY", 5)
# Days after a talk ends that we keep who came: then its RSVPs keep only their counts
# and check-ins (events.services.retention, nightly).
ATTENDEE_RETENTION_DAYS = env_int("ATTENDEE_RETENTION_DAYS", 180)
if ATTENDEE_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("ATTENDEE_RETENTION_DAYS must be at least 1 (days).")
# --- Talk requests (outreach) -------------------------------------------------------------
# Days after a talk request is closed (scheduled or declined) that we keep its contact's
# name and email; then only the organisation and the outcome stay.
TALK_REQUEST_RETENTION_DAYS = env_int("TALK_REQUEST_RETENTION_DAYS", 365)
if TALK_REQUEST_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("TALK_REQUEST_RETENTION_DAYS must be at least 1 (days).")
# The request form sends an email to any address typed in: at most this many requests
# from one client address an hour, and none sent back sooner than this after it was shown.
TALK_REQUESTS_PER_IP_PER_HOUR = env_int("TALK_REQUESTS_PER_IP_PER_HOUR", 5)
TALK_REQUEST_MIN_FILL_SECONDS = env_int("TALK_REQUEST_MIN_FILL_SECONDS", 5)
# How long a request waits for another's lock on a talk before answering "busy".
EVENTS_LOCK_TIMEOUT_MS = env_int("EVENTS_LOCK_TIMEOUT_MS", 3000)
# Tests switch this off to prove the concurrency harness really races; never in production.
EVENTS_LOCK_TALKS = True

# --- Announcements (outreach) -----------------------------------------------------------------
# A published talk's announcements are queued inside the publishing request up to this many
# subscribers (bulk inserts of 1,000); more are handed to a task after commit.
OUTREACH_ANNOUNCE_INLINE_MAX = env_int("OUTREACH_ANNOUNCE_INLINE_MAX", 5000)
if OUTREACH_ANNOUNCE_INLINE_MAX < 0:
    raise ImproperlyConfigured("OUTREACH_ANNOUNCE_INLINE_MAX must be 0 or more (subscribers).")
# Asking for announcements sends an email to any address typed in: at most this many asks
# per client address an hour, and per email address a day (the cap on its emails too).
OUTREACH_SUBSCRIBE_PER_IP_PER_HOUR = env_int("OUTREACH_SUBSCRIBE_PER_IP_PER_HOUR", 20)
OUTREACH_SUBSCRIBE_PER_ADDRESS_PER_DAY = env_int("OUTREACH_SUBSCRIBE_PER_ADDRESS_PER_DAY", 3)

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "en"
# Catalogs live in locale/, compiled and committed (no gettext needed to install).
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Denver")
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not an IANA time zone name.")
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (speakers' photos). With DEBUG on, Django serves them (config/urls.py); in
# production the web server or a proxy serves MEDIA_ROOT at MEDIA_URL, from a volume
# every web process shares.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # the default, said aloud: photos stay at most 2 MB
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# How many proxies in front of the site add to X-Forwarded-For (the TLS proxy that
# SECURE_PROXY_SSL_HEADER assumes: 1). Rate limits read the client's address from there;
# left at 0 behind a proxy, every visitor would share the proxy's one bucket.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Every response names where its parts may come from: this site only, no inline script.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Container health checks speak plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Attendance is sensitive: logs carry ids and counts, never names or addresses.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
