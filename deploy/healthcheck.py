"""The container's health check (Dockerfile HEALTHCHECK): asks gunicorn for /readyz.

Exit 0 when the portal is ready (database, cache and media storage answer), 1 otherwise,
including while the database is down, not only when the process is gone. The Host header is
the first of DJANGO_ALLOWED_HOSTS; X-Forwarded-Proto spares the HTTPS redirect.
"""

import os
import sys
import urllib.request

host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".") or "localhost"
port = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").rsplit(":", 1)[-1]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/readyz", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError as exc:  # refused, timed out, or an HTTP error status (urllib raises those)
    print(f"not ready: {exc}", file=sys.stderr)
    sys.exit(1)
