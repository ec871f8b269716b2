"""Django settings for smartregions, driven by ``SMARTREGIONS_*`` environment variables.

Defaults are safe for a laptop demo (SQLite in ``var/``, console e-mail, inline tasks). Production
sets ``SMARTREGIONS_PRODUCTION=1``, which turns on secure cookies, HSTS and SSL redirects and
refuses to start without an explicit secret key. See ``docs/deployment.md``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from smartregions.conf import PROJECT_ROOT, env, env_bool, env_list

PRODUCTION = env_bool("PRODUCTION", default=False)
DEBUG = env_bool("DEBUG", default=False)

VAR_DIR = Path(env("VAR_DIR", str(PROJECT_ROOT / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The configured secret, or (outside production) one generated once per installation."""
    configured = env("SECRET_KEY")
    if configured:
        return configured
    if PRODUCTION:
        msg = "SMARTREGIONS_SECRET_KEY must be set when SMARTREGIONS_PRODUCTION=1"
        raise RuntimeError(msg)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "smartregions.common",
    "smartregions.accounts",
    "smartregions.regions",
    "smartregions.organisations",
    "smartregions.analytics",
    "smartregions.matching",
    "smartregions.brokerage",
    "smartregions.calls",
    "smartregions.partnerships",
    "smartregions.events",
    "smartregions.web",
    "smartregions.api",
    "smartregions.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "smartregions.common.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "smartregions.urls"
WSGI_APPLICATION = "smartregions.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite (WAL, immediate transactions so concurrent writers queue instead of failing)
# by default; PostgreSQL or another server through DATABASE_URL.
_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    if env("TEST_DB_NAME"):
        # Lets parallel test runs on one server use separate test databases.
        DATABASES["default"]["TEST"] = {"NAME": env("TEST_DB_NAME")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(VAR_DIR / "smartregions.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("de", "Deutsch"), ("pl", "Polski")]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "smartregions.common.staticfinders.VendorFinder",
]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# The largest request body with files; per-call and per-import limits are lower and give
# friendlier messages, this one stops oversized bodies while they stream in.
SMARTREGIONS_MAX_UPLOAD_BYTES = int(env("MAX_UPLOAD_MB", "110")) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "smartregions.common.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MEDIA_URL = "media/"

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "smartregions <noreply@localhost>")

# Background tasks: inline unless a database worker is configured (``smartregions db_worker``).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env("TASK_BACKEND", "immediate") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "smartregions.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "smartregions.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", "120/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "smartregions API",
    "DESCRIPTION": "Open API of the smartregions smart-specialisation platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" field with different choices: name each enum once.
    "ENUM_NAME_OVERRIDES": {
        "BrokerStatusEnum": "smartregions.brokerage.enums.BrokerStatus",
        "CaseStatusEnum": "smartregions.brokerage.enums.CaseStatus",
        "CaseOutcomeEnum": "smartregions.brokerage.enums.CaseOutcome",
        "ReferralStatusEnum": "smartregions.brokerage.enums.ReferralStatus",
        "SmeGroupStatusEnum": "smartregions.brokerage.enums.GroupStatus",
        "GroupPartnerStatusEnum": "smartregions.brokerage.enums.GroupPartnerStatus",
        "StrategyActionStatusEnum": "smartregions.brokerage.enums.ActionStatus",
        "FundingStatusEnum": "smartregions.brokerage.enums.FundingStatus",
        "StrategyStatusEnum": "smartregions.regions.enums.StrategyStatus",
        "RegionCategoryEnum": "smartregions.regions.enums.RegionCategory",
        "OrganisationTypeEnum": "smartregions.organisations.enums.OrganisationType",
        "CallStatusEnum": "smartregions.calls.enums.CallStatus",
        "CallTypeEnum": "smartregions.calls.enums.CallType",
        "CallFieldTypeEnum": "smartregions.calls.enums.FieldType",
        "CallStageEnum": "smartregions.calls.enums.Stage",
        "ApplicationStatusEnum": "smartregions.calls.enums.ApplicationStatus",
        "CoApplicantStatusEnum": "smartregions.calls.enums.CoApplicantStatus",
        "AttachmentKindEnum": "smartregions.calls.enums.AttachmentKind",
        "ReviewStatusEnum": "smartregions.calls.enums.ReviewStatus",
        "DecisionOutcomeEnum": "smartregions.calls.enums.DecisionOutcome",
        "ProjectStageEnum": "smartregions.partnerships.enums.ProjectStage",
        "FundingSourceEnum": "smartregions.brokerage.enums.FundingSource",
        "ProgressReportStatusEnum": "smartregions.partnerships.enums.ReportStatus",
        "JoinRequestStatusEnum": "smartregions.partnerships.enums.JoinRequestStatus",
        "PlanActionStatusEnum": "smartregions.partnerships.enums.ActionStatus",
        "MethodologyStageEnum": "smartregions.partnerships.enums.MethodologyStage",
        "MemberRoleEnum": "smartregions.partnerships.enums.MemberRole",
        "RequestableRoleEnum": (
            "smartregions.partnerships.domain.join_requests.REQUESTABLE_ROLE_CHOICES"
        ),
        "EventKindEnum": "smartregions.events.enums.EventKind",
        "EventStatusEnum": "smartregions.events.enums.EventStatus",
        "ParticipantTypeEnum": "smartregions.events.enums.ParticipantType",
        "RegistrationStatusEnum": "smartregions.events.enums.RegistrationStatus",
        "QuestionKindEnum": "smartregions.events.enums.QuestionKind",
        "SessionKindEnum": "smartregions.events.enums.SessionKind",
        "BookingStatusEnum": "smartregions.events.enums.BookingStatus",
        "SchedulingModeEnum": "smartregions.events.enums.SchedulingMode",
        "TimePreferenceEnum": "smartregions.events.enums.TimePreference",
        "MeetingRequestStatusEnum": "smartregions.events.enums.MeetingRequestStatus",
        "MeetingAttendanceEnum": "smartregions.events.enums.MeetingAttendance",
        "CooperationOutcomeEnum": "smartregions.events.enums.CooperationOutcome",
        "ScheduleRunStatusEnum": "smartregions.events.enums.ScheduleRunStatus",
        "FollowUpActionStatusEnum": "smartregions.events.enums.ActionStatus",
    },
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Security headers. The CSP is strict everywhere: no inline script or style.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Which NUTS version the registry treats as current for new data and maps.
SMARTREGIONS_NUTS_VERSION = int(env("NUTS_VERSION", "2021"))
# BLAS threads the evidence computations may use (see analytics/domain/computation.py).
SMARTREGIONS_ANALYTICS_THREADS = int(env("ANALYTICS_THREADS", "1"))
# A Unicode TrueType font for PDF exports (default: DejaVu Sans where Debian installs it).
SMARTREGIONS_PDF_FONT = env("PDF_FONT", "")
# The public address of the site, for links in e-mails (no request is at hand in a task).
SITE_URL = env("SITE_URL", "http://localhost:8000")
