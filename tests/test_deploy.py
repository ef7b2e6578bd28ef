"""The deployment files, checked without a Docker engine (none runs on the development
machines or in CI): compose.yaml against the Compose specification's schema, the Dockerfile
with hadolint, nginx's configuration rendered and tested by Debian's nginx, and what each
service runs exists. .ci/run installs nginx; without it the nginx test skips and says so."""

import ipaddress
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TEMPLATE = ROOT / "deploy/nginx/portal.conf.template"
APP_SERVICES = ("release", "web", "jobs")


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def tool(name: str) -> str:
    """A command-line tool of requirements-dev.txt, next to this interpreter."""
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else name


def test_compose_file_follows_the_compose_specification():
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(ROOT / "compose.yaml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_passes_hadolint():
    result = subprocess.run(
        [tool("hadolint"), "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_gunicorn_unprivileged_and_checks_readiness():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.M)
    assert "pip install -r requirements.txt" in dockerfile
    command = re.search(r"^CMD (.+)$", dockerfile, re.M).group(1)
    assert "gunicorn" in command and "halong_portal/gunicorn.conf.py" in command
    assert re.search(r"^USER 10001:10001$", dockerfile, re.M)  # not root
    healthcheck = re.search(r"^HEALTHCHECK .*\n.*$", dockerfile, re.M).group(0)
    assert 'CMD ["python", "deploy/healthcheck.py"]' in healthcheck
    assert "/readyz" in (ROOT / "deploy/healthcheck.py").read_text()


def test_only_nginx_is_published_and_the_app_trusts_only_nginx():
    services = compose()["services"]
    assert set(services) == {"db", "redis", "release", "web", "jobs", "proxy"}
    assert [name for name, service in services.items() if "ports" in service] == ["proxy"]
    assert services["proxy"]["ports"] == ["80:80", "443:443"]
    proxy_ip = services["proxy"]["networks"]["portal"]["ipv4_address"]
    subnet = compose()["networks"]["portal"]["ipam"]["config"][0]["subnet"]
    default = re.compile(r"\$\{\w+:-([^}]+)\}")
    assert ipaddress.ip_address(default.match(proxy_ip).group(1)) in ipaddress.ip_network(
        default.match(subnet).group(1)
    )
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["PORTAL_TRUSTED_PROXIES"] == "1"
        assert environment["PORTAL_PROXY_ADDRESSES"] == environment["FORWARDED_ALLOW_IPS"] == proxy_ip
        assert environment["DJANGO_HTTPS"] == "1" and environment["DJANGO_SERVE_MEDIA"] == "0"
        assert environment["DJANGO_LOG_FORMAT"] == "json"
        assert environment["DATABASE_URL"].startswith("postgres://portal:")
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        assert environment["PORTAL_COUNTER_REDIS_URL"] == "redis://redis:6379/1"
        assert ":?" in environment["DJANGO_SECRET_KEY"]
    assert "--appendonly" in services["redis"]["command"]  # pending counts survive a restart


def test_every_long_running_service_has_a_health_check_and_the_order_follows_it():
    services = compose()["services"]
    for name, service in services.items():
        if name == "release":  # one-shot: compose waits for it to complete
            assert service["restart"] == "no" and service["healthcheck"] == {"disable": True}
            continue
        assert "test" in service["healthcheck"], name
        assert service["restart"] == "unless-stopped", name
    assert services["web"]["depends_on"]["release"]["condition"] == "service_completed_successfully"
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert services["release"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_what_the_services_run_exists():
    services = compose()["services"]
    commands = set(get_commands())
    release = services["release"]["command"][-1]
    assert "manage.py migrate --noinput" in release and "manage.py collectstatic --noinput" in release
    assert services["jobs"]["command"] == ["python", "manage.py", "run_jobs"]
    assert {
        "migrate",
        "collectstatic",
        "run_jobs",
        "refresh_widgets",
        "purge_trash",
        "clearsessions",
    } <= commands
    heartbeat = services["jobs"]["environment"]["PORTAL_JOBS_HEARTBEAT"]
    assert heartbeat in " ".join(services["jobs"]["healthcheck"]["test"])
    template_mount = services["proxy"]["volumes"][0]
    assert template_mount.startswith("./deploy/nginx/portal.conf.template:/etc/nginx/templates/")
    assert services["proxy"]["image"].startswith("nginx:1.30.")  # the stable line


def test_env_example_names_every_variable_compose_and_the_settings_read():
    example = (ROOT / ".env.example").read_text()
    named = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.M))
    required = set(re.findall(r"\$\{(\w+):\?", (ROOT / "compose.yaml").read_text()))
    assert required <= set(re.findall(r"^([A-Z][A-Z0-9_]+)=", example, re.M))  # not commented out
    interpolated = set(re.findall(r"\$\{(\w+)", (ROOT / "compose.yaml").read_text()))
    read = settings_variables() - {"PORTAL_TESTING"}  # the test suite's own switch
    assert interpolated - named == set()
    assert read - named == set()


def test_the_readme_explains_every_variable_the_settings_read():
    rows = re.findall(r"^\| (`[A-Z].*?) \|", (ROOT / "README.md").read_text(), re.M)
    explained = {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row)}
    assert settings_variables() - {"PORTAL_TESTING"} - explained == set()


def settings_variables() -> set[str]:
    """The environment variables the settings and gunicorn's configuration read."""
    pattern = re.compile(r"(?:environ\.get|env_bool|env_list)\(\s*\"([A-Z][A-Z0-9_]+)\"")
    found = set()
    for path in ("halong_portal/settings.py", "halong_portal/gunicorn.conf.py"):
        found |= set(pattern.findall((ROOT / path).read_text()))
    return found


def test_nginx_template_variables_are_all_given_by_compose():
    wanted = set(re.findall(r"\$\{(PORTAL_\w+)\}", TEMPLATE.read_text()))
    assert wanted == set(compose()["services"]["proxy"]["environment"])


def self_signed_certificate(folder: Path) -> Path:
    """fullchain.pem and privkey.pem for localhost, valid a day, in ``folder`` (made)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    return folder


def render_nginx(tmp_path: Path, **values: str) -> Path:
    """The template as the nginx image renders it: envsubst of the ${PORTAL_…} it is given."""
    text = re.sub(r"\$\{(PORTAL_\w+)\}", lambda match: values[match.group(1)], TEMPLATE.read_text())
    path = tmp_path / "portal.conf"
    path.write_text(text)
    return path


@pytest.mark.skipif(
    not Path(NGINX).exists() and not os.environ.get("CI"),
    reason="nginx not found: install Debian's nginx-light (as .ci/run does) to test its configuration",
)
def test_nginx_accepts_the_rendered_configuration(tmp_path):
    tls = self_signed_certificate(tmp_path / "tls")
    site = render_nginx(
        tmp_path,
        PORTAL_SERVER_NAME="thanhuyhalong.vn www.thanhuyhalong.vn",
        PORTAL_UPSTREAM="127.0.0.1:8000",  # the compose name `web` resolves only there
        PORTAL_MAX_REQUEST_MB="100",
        PORTAL_STATIC_ROOT=str(tmp_path / "static"),
        PORTAL_MEDIA_ROOT=str(tmp_path / "media"),
        PORTAL_TLS_DIR=str(tls),
        PORTAL_ACME_ROOT=str(tmp_path / "acme"),
    )
    (tmp_path / "logs").mkdir()
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  include {site};\n}}\n"
    )
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
