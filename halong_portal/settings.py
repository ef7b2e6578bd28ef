"""Settings for the Hạ Long Party Committee portal.

Everything that differs between a laptop and production comes from the environment
(see the table in README.md). With no environment at all the portal runs on an embedded
SQLite database and a file cache under ``var/``.
"""

import datetime
import ipaddress
import os
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# pytest (>= 8.2) sets PYTEST_VERSION for the whole run; tests need no secret key of their own.
TESTING = "PYTEST_VERSION" in os.environ or os.environ.get("PORTAL_TESTING") == "1"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
LOCAL_SECRET_KEY_FILE = VAR_DIR / "secret_key"  # written by `make run`, never committed
if not SECRET_KEY and LOCAL_SECRET_KEY_FILE.is_file():
    SECRET_KEY = LOCAL_SECRET_KEY_FILE.read_text().strip()
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-local-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production refuses to start without it; "
            "`make run` generates a local one in var/secret_key."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "reversion",
    "csp",
    "portal",
    "news",
    "meetings",
    "widgets",
    "editorial.apps.AxesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "editorial",  # after django-otp and axes: its admin module adjusts theirs
    "website",
]
# Demo content (`seed_demo`): on for debug and tests, off in production unless asked for.
PORTAL_DEMO = env_bool("PORTAL_DEMO", DEBUG or TESTING)
if PORTAL_DEMO:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    # A request id on every log line and response; the access log (portal/middleware.py).
    "portal.middleware.RequestLogMiddleware",
    # Next, so that it sees every response, including those a page cache will serve.
    "widgets.middleware.VisitCounterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "portal.middleware.RejectControlCharactersMiddleware",
    "portal.middleware.ReadOnlyForReadersMiddleware",
    "portal.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Readers' pages from the cache (portal/pagecache.py): before the session and the database.
    "portal.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "editorial.middleware.RequireTwoFactorMiddleware",
    "editorial.middleware.IdleSessionMiddleware",
    "editorial.audit.AuditUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every sign-in first; then Django's own user model check.
# After signing in without a safe ?next= (none, or another site's address): the dashboard,
# not Django's /accounts/profile/, which the portal does not have.
LOGIN_REDIRECT_URL = "admin:index"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "halong_portal.urls"
WSGI_APPLICATION = "halong_portal.wsgi.application"

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
            ],
        },
    },
]

# Database: embedded SQLite unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if TESTING:
    # The live server's request threads must not keep connections open: the test
    # database could not be dropped at the end of the run.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets gunicorn workers read while one of them writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server that does not answer (down behind a firewall, hung) costs a page seconds, not
    # minutes: the 503 page (portal.views.server_error) instead of a hung worker. A statement
    # that runs longer than DJANGO_DB_STATEMENT_TIMEOUT seconds is cancelled (0: never;
    # gunicorn.conf.py sets it a little under the worker's timeout for the web processes, so
    # that commands such as migrate keep no limit). Behind PgBouncer, which refuses the
    # "options" startup parameter, leave it at 0 and set statement_timeout on the role.
    database_options = DATABASES["default"].setdefault("OPTIONS", {})
    database_options["connect_timeout"] = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "5"))
    if statement_seconds := float(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "0")):
        database_options["options"] = f"-c statement_timeout={round(statement_seconds * 1000)}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DJANGO_DB_PREPARED", True):
    # Parameters travel apart from the SQL, so a statement a connection runs again (finding
    # an article by its address, its links) is planned once and then only executed.
    # Behind a pooler in transaction mode (PgBouncer without max_prepared_statements) set
    # DJANGO_DB_PREPARED=0.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every server), otherwise a file cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that a Redis outage is a cache miss, not an error page.
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "halong",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# The page cache for readers (portal/pagecache.py); 0 turns it off.
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", True)
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "120"))
# How long each process keeps a copy of a page it served (0: none; each hit reads the cache).
PORTAL_PAGE_CACHE_LOCAL_SECONDS = float(os.environ.get("PORTAL_PAGE_CACHE_LOCAL_SECONDS", "5"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "editorial.passwords.MixedCharactersValidator"},
    {"NAME": "editorial.passwords.BreachedPasswordValidator"},
]

# Sign-in protection (django-axes): 5 failures from one user name at one address within
# 15 minutes lock that pair out for 15 minutes; the count starts again after a success.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("PORTAL_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "editorial/locked_out.html"
AXES_LOCKOUT_CALLABLE = "editorial.lockout.locked_out"  # the template, with Retry-After
AXES_CLIENT_IP_CALLABLE = "widgets.middleware.client_ip"  # honours PORTAL_TRUSTED_PROXIES
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False  # editorial.signals writes one clear line per lockout and unlock

# Two-factor sign-in (django-otp): required for the roles in editorial.roles.TWO_FACTOR_REQUIRED
# and for superusers, optional for other staff. `make run` (a local demo) turns it off.
PORTAL_TWO_FACTOR_ENFORCED = env_bool("PORTAL_TWO_FACTOR_ENFORCED", True)
OTP_TOTP_ISSUER = os.environ.get("PORTAL_OTP_ISSUER", "Cổng TTĐT Thành ủy Hạ Long")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
# Fills the gaps of Django's own Vietnamese catalogues (locale/vi/LC_MESSAGES/*.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FORMAT_MODULE_PATH = ["halong_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Serve MEDIA_ROOT from Django itself: right for `make run` and a single small server;
# behind a proxy or with object storage, set DJANGO_SERVE_MEDIA=0.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)
# Document attachments live outside MEDIA_ROOT: a view checks each download (an
# "abstract only" document's file is never public, whatever serves /media/).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Document attachments (meetings.models.private_storage): never under MEDIA_URL.
    "private": {"BACKEND": "meetings.models.documents.PrivateFileStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media on S3-compatible object storage (django-storages) when a bucket is named: photos in
# PORTAL_S3_BUCKET, public (readers' browsers load them from PORTAL_S3_MEDIA_URL, or the
# bucket's own address); attachments in PORTAL_S3_PRIVATE_BUCKET, private: the app reads
# them and streams each download after checking its document, as from the disk.
S3_BUCKET = os.environ.get("PORTAL_S3_BUCKET", "")
if S3_BUCKET:
    S3_PRIVATE_BUCKET = os.environ.get("PORTAL_S3_PRIVATE_BUCKET", "")
    if not S3_PRIVATE_BUCKET or S3_PRIVATE_BUCKET == S3_BUCKET:
        raise ImproperlyConfigured(
            "PORTAL_S3_PRIVATE_BUCKET: attachments need a bucket of their own, not public"
        )
    S3_OPTIONS = {
        "endpoint_url": os.environ.get("PORTAL_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("PORTAL_S3_REGION") or None,
        "access_key": os.environ.get("PORTAL_S3_ACCESS_KEY_ID", ""),
        "secret_key": os.environ.get("PORTAL_S3_SECRET_ACCESS_KEY", ""),
        "addressing_style": os.environ.get("PORTAL_S3_ADDRESSING_STYLE") or None,
        "signature_version": "s3v4",
        "file_overwrite": False,  # a name taken gets another, as on the disk
        "default_acl": None,  # access is the buckets' policies, not per-object ACLs
    }
    S3_MEDIA_URL = os.environ.get("PORTAL_S3_MEDIA_URL", "").rstrip("/")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **S3_OPTIONS,
            "bucket_name": S3_BUCKET,
            "querystring_auth": False,
            # Names are random and never rewritten: a year in the browsers' caches.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            **({"custom_domain": S3_MEDIA_URL.split("://", 1)[-1]} if S3_MEDIA_URL else {}),
            "url_protocol": S3_MEDIA_URL.split("://", 1)[0] + ":" if S3_MEDIA_URL else "https:",
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **S3_OPTIONS,
            "bucket_name": S3_PRIVATE_BUCKET,
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
    SERVE_MEDIA = False


def media_origin() -> str:
    """Where readers' browsers load photos from, for the CSP's img-src ("" for the portal)."""
    if not S3_BUCKET:
        return ""
    if S3_MEDIA_URL:
        return "{0.scheme}://{0.netloc}".format(urlsplit(S3_MEDIA_URL))
    endpoint = S3_OPTIONS["endpoint_url"]
    if not endpoint:
        return "https://*.amazonaws.com"
    parts = urlsplit(endpoint)
    if S3_OPTIONS["addressing_style"] == "path":
        return f"{parts.scheme}://{parts.netloc}"
    return f"{parts.scheme}://{S3_BUCKET}.{parts.netloc}"


# manage.py backup's format: JSON lines with datetimes to the microsecond (website/serialization.py).
SERIALIZATION_MODULES = {"portal-jsonl": "website.serialization"}

# Where staff send forms and files (the admin, the editor's image upload): every other path
# refuses a request body (portal.middleware.ReadOnlyForReadersMiddleware).
# And readers' feedback ("Ý kiến bạn đọc", website/feedback.py), which takes a small form.
PORTAL_FORM_PREFIXES = ("/admin/", "/quan-tri/", "/y-kien-ban-doc/")
# Feedback a reader (one address) may send in 10 minutes and in a day; then a 429 page.
PORTAL_FEEDBACK_PER_10_MINUTES = int(os.environ.get("PORTAL_FEEDBACK_PER_10_MINUTES", "5"))
PORTAL_FEEDBACK_PER_DAY = int(os.environ.get("PORTAL_FEEDBACK_PER_DAY", "20"))
# The largest request body the portal reads (portal.middleware.RequestSizeLimitMiddleware):
# a document's form with a few attachments of up to 30 MB each. nginx's client_max_body_size
# is set from the same variable in compose.yaml.
PORTAL_MAX_REQUEST_BYTES = int(os.environ.get("PORTAL_MAX_REQUEST_MB", "100")) * 1024 * 1024

FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Image pipeline limits (portal/images.py).
PORTAL_IMAGE_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PORTAL_IMAGE_MAX_PIXELS = 50_000_000
PORTAL_IMAGE_MAX_SIDE = 2560
PORTAL_IMAGE_RENDITION_WIDTHS = (480, 960, 1600)
# Photos pasted from other sites are fetched by the server (portal/remote_images.py) only from
# addresses on the open internet; these networks (CIDR, comma-separated) are allowed besides:
# an intranet's own photo server, say. Never the portal's own network or a cloud's 169.254/16.
try:
    PORTAL_REMOTE_IMAGE_ALLOWED_NETWORKS = [
        ipaddress.ip_network(network, strict=False)
        for network in env_list("PORTAL_REMOTE_IMAGE_ALLOWED_NETWORKS")
    ]
except ValueError as exc:
    raise ImproperlyConfigured(f"PORTAL_REMOTE_IMAGE_ALLOWED_NETWORKS: {exc}") from exc

# Visitor counters in Redis. Keep them in a database of their own (…/1): the cache's clear()
# empties its whole database, which must not take unflushed counts with it.
PORTAL_COUNTER_REDIS_URL = os.environ.get("PORTAL_COUNTER_REDIS_URL", REDIS_URL)
# Page views are handed to Redis together, every this many seconds, by a thread of each
# process (0: one by one, as they are served; widgets/counting.py).
PORTAL_COUNTER_BUFFER_SECONDS = float(os.environ.get("PORTAL_COUNTER_BUFFER_SECONDS", "1"))

# How many reverse proxies (nginx, a load balancer) stand in front of gunicorn: the visitor
# counter and the sign-in lockout then read the reader's address from X-Forwarded-For instead
# of REMOTE_ADDR, but only on a request that came from one of PORTAL_PROXY_ADDRESSES
# (addresses or networks): anyone else who reaches gunicorn directly cannot choose the address
# they are counted and locked out under by sending the header.
PORTAL_TRUSTED_PROXIES = int(os.environ.get("PORTAL_TRUSTED_PROXIES", "0"))
try:
    PORTAL_PROXY_ADDRESSES = [
        ipaddress.ip_network(address, strict=False)
        for address in env_list("PORTAL_PROXY_ADDRESSES", "127.0.0.1,::1")
    ]
except ValueError as exc:
    raise ImproperlyConfigured(f"PORTAL_PROXY_ADDRESSES: {exc}") from exc

# Widgets: pages start a background refresh of stale weather/rates (off in tests).
WIDGETS_BACKGROUND_REFRESH = env_bool("WIDGETS_BACKGROUND_REFRESH", True)

# Security. HTTPS-only settings switch on with DJANGO_HTTPS=1 (production behind TLS).
HTTPS = env_bool("DJANGO_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# The header only allows submission to the preload list; submitting is the domain owner's call.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
# Staff sessions (readers have none) end after an hour without activity, and with the browser.
SESSION_COOKIE_AGE = int(os.environ.get("PORTAL_SESSION_IDLE_MINUTES", "60")) * 60
# However active, a staff session ends this long after signing in (editorial.middleware).
PORTAL_SESSION_MAX_SECONDS = int(os.environ.get("PORTAL_SESSION_MAX_HOURS", "12")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"

# The browser features pages may use (portal.middleware): the article tools' share sheet and
# "copy the link", full screen; every other powerful feature is off for the portal and for
# anything it would show.
PERMISSIONS_POLICY = {
    "web-share": ("self",),
    "clipboard-write": ("self",),
    "fullscreen": ("self",),
    **dict.fromkeys(
        [
            "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
            "magnetometer", "microphone", "midi", "payment", "screen-wake-lock", "serial", "usb",
            "xr-spatial-tracking", "browsing-topics",
        ],
        (),
    ),
}  # fmt: skip

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # CKEditor 5 sets inline styles on its own UI.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *filter(None, [media_origin()])],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Operators who get a mail for each server error (the same one once in 10 minutes):
# DJANGO_ADMINS="Tổ CNTT <cntt@thanhuyhalong.vn>, Trực kỹ thuật <truc@thanhuyhalong.vn>".
ADMINS = [(name, address) for name, address in getaddresses(env_list("DJANGO_ADMINS", "")) if address]
SERVER_EMAIL = DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "cong-thong-tin@localhost")
EMAIL_SUBJECT_PREFIX = "[Cổng thông tin] "
# Mail goes out through SMTP when a host is set; otherwise it is printed (make run, tests use
# Django's memory backend).
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# DJANGO_LOG_FORMAT=json: one JSON object per line (for a log collector), and one line per
# request from the app itself (PORTAL_ACCESS_LOG; gunicorn's own access log is then off).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
PORTAL_ACCESS_LOG = env_bool("PORTAL_ACCESS_LOG", LOG_FORMAT == "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {"()": "portal.logs.JsonFormatter"},
    },
    "filters": {
        "database_outage": {"()": "portal.logs.DatabaseOutageFilter"},
        "request_id": {"()": "portal.logs.RequestIdFilter"},
        "once_in_10_minutes": {"()": "portal.logs.ThrottleFilter", "seconds": 600},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["once_in_10_minutes"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Instead of Django's defaults (console in debug only, and a mail for every error):
        # records go to the root's console; errors are mailed by the two loggers below.
        "django": {"handlers": []},
        "django.db.backends": {"level": "INFO"},
        # A database outage: one traceback a minute, the others counted (portal/logs.py).
        # Server errors also reach the operators by mail (ADMINS; nothing is sent without).
        "django.request": {"filters": ["database_outage"], "handlers": ["mail_admins"]},
        "django.security": {"handlers": ["mail_admins"]},
        # django-axes reports every sign-in at INFO; editorial.security logs locks and unlocks.
        "axes": {"level": "WARNING"},
    },
}
