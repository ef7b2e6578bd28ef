#!/usr/bin/env python
"""Benchmark: a batch of phone photos uploaded through the admin's photo manager.

    .venv/bin/python scripts/benchmark_photo_upload.py [--photos 60] [--keep]

What a photographer does after a meeting, measured end to end: the script draws ``--photos``
distinct 12-megapixel JPEGs of 5-8 MB with a camera's EXIF (GPS position, time taken), starts
the portal under gunicorn with its production settings (``halong_portal/gunicorn.conf.py``:
workers, threads, the 30 s worker timeout) on a throwaway SQLite database, or on the test
database of DATABASE_URL (test_<name>, dropped and recreated, dropped again at the end:
scripts/scratch.py), logs in to the admin in Debian's Chromium (Playwright; two-factor sign-in
off, as for ``make run``), opens a meeting's "Ảnh hội nghị" page and chooses every file at
once. It reports the batch's wall time, each upload's time as the browser saw it, and checks
that every photo arrived, that nothing failed, and that no stored file carries EXIF or GPS.
Nothing here runs in the test suite: it takes a minute or two and a few hundred MB of disk.
"""

import argparse
import io
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import scratch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "benchmark-anh-hoi-nghi-2026"


def draw_photos(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    """``count`` distinct 4032×3024 JPEGs of 5-8 MB, as a phone writes them (EXIF, GPS)."""
    from PIL import ExifTags, Image, ImageDraw

    rng = random.Random(seed)
    width, height = 4032, 3024
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    # Sensor-like noise is what makes phone JPEGs big; a few textures shared round-robin.
    textures = [
        Image.merge("RGB", [Image.effect_noise((width, height), sigma) for _ in range(3)])
        for sigma in (34, 42, 50)
    ]
    paths = []
    for index in range(count):
        image = Image.blend(gradient, textures[index % len(textures)], 0.5)
        draw = ImageDraw.Draw(image)
        for _ in range(6):  # a different scene in each photo, so that no two files are alike
            x, y = rng.randrange(width - 600), rng.randrange(height - 400)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.rectangle((x, y, x + rng.randrange(200, 600), y + rng.randrange(150, 400)), fill=colour)
        exif = Image.Exif()
        exif[ExifTags.Base.Make] = "Samsung"
        exif[ExifTags.Base.Model] = "SM-A546E"
        exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
        exif_ifd[ExifTags.Base.DateTimeOriginal] = f"2026:11:20 08:{index // 60:02d}:{index % 60:02d}"
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps[ExifTags.GPS.GPSLatitude] = (20.0, 57.0, 12.34)
        gps[ExifTags.GPS.GPSLongitudeRef] = "E"
        gps[ExifTags.GPS.GPSLongitude] = (107.0, 4.0, 30.0)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=92, exif=exif.tobytes())
        path = folder / f"IMG_20261120_{index + 1:04d}.jpg"
        path.write_bytes(out.getvalue())
        paths.append(path)
    return paths


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and print its path")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Needs Debian's chromium at {CHROMIUM} (or set PORTAL_CHROMIUM).")

    # Two-factor sign-in off, as for `make run`: the benchmark's superuser has no device.
    folder = scratch.configure(
        "portal-upload-bench-", DJANGO_ALLOWED_HOSTS="127.0.0.1", PORTAL_TWO_FACTOR_ENFORCED="0"
    )
    os.environ["GUNICORN_ACCESS_LOG"] = str(folder / "access.log")
    with scratch.scratch_database():
        meeting = make_meeting()
        photos = draw_batch(folder / "photos", args.photos)
        result = upload(folder, meeting.pk, photos)
        clean = report(folder, meeting, photos, result)
    if args.keep:
        print(f"scratch folder: {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    if not clean:
        raise SystemExit("The batch did not upload cleanly.")


def make_meeting():
    """The static files, the photographer's admin account and the meeting the photos are for."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from meetings.models import Meeting, Organization

    call_command("collectstatic", interactive=False, verbosity=0)
    get_user_model().objects.create_superuser("nhiepanh", "nhiepanh@example.com", PASSWORD)
    organization = Organization.objects.create(name="Ban Thường vụ Thành ủy", slug="btv")
    meeting = Meeting.objects.create(
        title="Hội nghị Ban Thường vụ Thành ủy lần thứ 14",
        kind=Meeting.Kind.STANDING_COMMITTEE,
        organization=organization,
        starts_at=timezone.now(),
        place="Hội trường Thành ủy",
    )
    connection.close()
    return meeting


def draw_batch(folder: Path, count: int) -> list[Path]:
    """``count`` photos drawn in ``folder`` (made here), with a line on their sizes."""
    started = time.perf_counter()
    folder.mkdir()
    photos = draw_photos(folder, count)
    sizes = [p.stat().st_size for p in photos]
    print(
        f"drew {len(photos)} photos 4032x3024 in {time.perf_counter() - started:.0f}s: "
        f"{min(sizes) / 1e6:.1f}-{max(sizes) / 1e6:.1f} MB each, {sum(sizes) / 1e6:.0f} MB in all"
    )
    return photos


def upload(folder: Path, meeting_pk: int, photos: list[Path]) -> dict:
    """Starts gunicorn (its log in ``folder``), uploads the batch in the browser, stops it."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "halong_portal.wsgi",
            "-c",
            "halong_portal/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=os.environ,  # the scratch folder and database (DATABASE_URL names the scratch one)
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "gunicorn.log", "w"),  # noqa: SIM115 - closed with the process
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/admin/login/")
        return drive_browser(base, meeting_pk, photos)
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(folder: Path, meeting, photos: list[Path], result: dict) -> bool:
    """Prints the batch's figures and checks; whether it uploaded cleanly."""
    from django.conf import settings

    from meetings.models import MeetingPhoto

    sizes = [p.stat().st_size for p in photos]
    timings = sorted(result["timings"])
    stored = MeetingPhoto.objects.filter(meeting=meeting).select_related("image")
    with_exif = [p.image.file.name for p in stored if has_exif(Path(settings.MEDIA_ROOT) / p.image.file.name)]
    worker_kills = (folder / "gunicorn.log").read_text().count("WORKER TIMEOUT")
    wall = result["wall"]
    print(
        f"uploaded {result['done']}/{len(photos)} photos ({result['failed']} failed) in {wall:.1f}s "
        f"= {len(photos) / wall * 60:.0f} photos/min, {sum(sizes) / 1e6 / wall:.1f} MB/s"
    )
    if timings:
        print(
            f"per upload (browser): median {statistics.median(timings):.2f}s, "
            f"p95 {timings[int(len(timings) * 0.95) - 1]:.2f}s, max {timings[-1]:.2f}s; "
            f"gunicorn worker timeout {int(os.environ.get('GUNICORN_TIMEOUT', '30'))}s, "
            f"worker timeouts seen: {worker_kills}"
        )
    dated = sum(1 for p in stored if p.taken_at)
    print(
        f"stored photos: {stored.count()}, time taken read from EXIF: {dated}; "
        f"stored files with EXIF: {len(with_exif)}"
    )
    failed = result["failed"] or worker_kills or with_exif
    return not (failed or stored.count() != len(photos) or dated != len(photos))


def has_exif(path: Path) -> bool:
    from PIL import Image

    with Image.open(path) as image:
        return bool(image.getexif()) or "exif" in image.info


def drive_browser(base: str, meeting_pk: int, photos: list[Path]) -> dict:
    from playwright.sync_api import sync_playwright

    timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="vi-VN")

        def finished(request):
            if request.method == "POST" and "/anh/tai-len/" in request.url:
                timing = request.timing
                timings.append((timing["responseEnd"]) / 1000)

        page.on("requestfinished", finished)
        page.goto(base + "/admin/login/")
        page.fill("#id_username", "nhiepanh")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.goto(f"{base}/admin/meetings/meeting/{meeting_pk}/anh/")
        page.fill("#id_caption_prefix", "Hội nghị Ban Thường vụ Thành ủy lần thứ 14")
        page.fill("#id_credit", "Trần Thanh")
        started = time.perf_counter()
        page.set_input_files("#id_files", [str(p) for p in photos])
        done = page.locator(".photo-upload-item.is-done")
        failed = page.locator(".photo-upload-item.is-failed")
        deadline = time.monotonic() + 30 * 60
        while done.count() + failed.count() < len(photos) and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        wall = time.perf_counter() - started
        result = {"done": done.count(), "failed": failed.count(), "wall": wall, "timings": timings}
        if result["failed"]:
            print("failed:", failed.all_inner_texts()[:5])
        browser.close()
    return result


if __name__ == "__main__":
    main()
