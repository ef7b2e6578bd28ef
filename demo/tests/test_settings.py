"""Production leaves the demo out: `PORTAL_DEMO` decides whether the app is installed."""

import os
import subprocess
import sys


def test_production_settings_leave_the_demo_app_out(tmp_path):
    """With PORTAL_DEMO=0 and a secret key, as in production, `demo` is not installed."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "PORTAL_TESTING", "DJANGO_DEBUG", "PORTAL_DEMO"}
    }
    env.update(
        PORTAL_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="halong_portal.settings",
        DJANGO_SECRET_KEY="a-production-key",
        PORTAL_DEMO="0",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.PORTAL_DEMO, 'demo' in s.INSTALLED_APPS, 'news' in s.INSTALLED_APPS)",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True"]
