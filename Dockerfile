# Production image of the portal: gunicorn serving Django, whitenoise serving static files.
# Build:  docker build -t halong-portal .
# Run:    docker run -e DJANGO_SECRET_KEY=... -e DJANGO_ALLOWED_HOSTS=portal.example \
#                    -e DATABASE_URL=postgres://... -e REDIS_URL=redis://... -p 8000:8000 halong-portal
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=halong_portal.settings \
    PORTAL_VAR_DIR=/var/lib/portal \
    MEDIA_ROOT=/var/lib/portal/media \
    DJANGO_STATIC_ROOT=/srv/static \
    GUNICORN_BIND=0.0.0.0:8000

WORKDIR /app

# A fixed numeric user, so that volumes mounted from the host or by nginx can match it.
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --shell /usr/sbin/nologin portal \
    && mkdir -p /var/lib/portal/media /var/lib/portal/private /srv/static \
    && chown -R portal:portal /var/lib/portal /srv/static

# Runtime libraries only: psycopg[binary] and Pillow ship their own wheels.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=portal:portal . .

# Static files are collected at build time; the key is a throwaway used only for this step.
# compose.yaml's release step collects them again into the volume nginx serves them from.
RUN DJANGO_SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput --verbosity 0 \
    && chown -R portal:portal /srv/static

USER 10001:10001
VOLUME ["/var/lib/portal/media", "/var/lib/portal/private"]
EXPOSE 8000

# Readiness (website/health.py, asked by deploy/healthcheck.py): unhealthy while the database,
# the cache or the media storage fails, not only when the process is gone.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "deploy/healthcheck.py"]

# Migrations run as a separate step (docker run ... python manage.py migrate) before a release.
CMD ["gunicorn", "halong_portal.wsgi", "-c", "halong_portal/gunicorn.conf.py"]
