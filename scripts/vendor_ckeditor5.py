"""Vendor CKEditor 5's official browser build under static/vendor/ckeditor5/.

    .venv/bin/python scripts/vendor_ckeditor5.py            # download from the npm registry
    .venv/bin/python scripts/vendor_ckeditor5.py --tarball ckeditor5-48.5.2.tgz

The npm package ``ckeditor5`` ships a ready-made UMD build with every open-source plugin;
the admin's widget (portal/editor.py) picks the plugins it needs by name, so no bundler and
no node_modules are involved. The script checks the tarball against the registry's sha512
integrity pinned below, copies four files out of it and drops their ``sourceMappingURL``
comments (the maps, 14 MB, are not vendored, and the manifest storage refuses a reference
to a missing file). The result is byte-for-byte reproducible: VENDOR.json records the
sha256 of each file, and portal/tests/test_editor.py fails if a served file differs from it
or if the version is below the last security fix.

To upgrade: read the release notes and the security advisories
(https://github.com/ckeditor/ckeditor5/security/advisories), set VERSION and INTEGRITY
(``npm view ckeditor5@<version> dist.integrity``), run the script, run the browser tests,
commit the files with VENDOR.json.
"""

import argparse
import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "48.5.2"
INTEGRITY = "sha512-7xWn4z/O6QUQf/Two826jQrfcN8uB+Fizn0/nVYHgvOvNRGIkaxQqfO2v/PmdU+IIB2QrtihDkk1vfwwYWe63w=="
TARBALL_URL = f"https://registry.npmjs.org/ckeditor5/-/ckeditor5-{VERSION}.tgz"

DESTINATION = Path(__file__).resolve().parents[1] / "static" / "vendor" / "ckeditor5"
# path in the package -> path under DESTINATION
FILES = {
    "package/dist/browser/ckeditor5.umd.js": "ckeditor5.umd.js",
    "package/dist/browser/ckeditor5.css": "ckeditor5.css",
    "package/dist/translations/vi.umd.js": "translations/vi.umd.js",
    "package/LICENSE.md": "LICENSE.md",
}
SOURCE_MAP = re.compile(rb"\n?(//# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def check_integrity(data: bytes, integrity: str = INTEGRITY) -> None:
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"The tarball's {algorithm} is {actual}, not the pinned {expected}: refusing it.")


def extract(data: bytes) -> dict[str, bytes]:
    """The vendored files' contents, keyed by their path under DESTINATION."""
    out = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member, target in FILES.items():
            content = archive.extractfile(member).read()
            out[target] = SOURCE_MAP.sub(b"\n", content) if target.endswith((".js", ".css")) else content
    return out


def write(files: dict[str, bytes], destination: Path = DESTINATION) -> dict:
    manifest = {
        "package": "ckeditor5",
        "version": VERSION,
        "integrity": INTEGRITY,
        "source": TARBALL_URL,
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in sorted(files.items())},
    }
    for name, content in files.items():
        path = destination / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    (destination / "VENDOR.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help=f"a local copy of {TARBALL_URL}")
    args = parser.parse_args(argv)
    data = args.tarball.read_bytes() if args.tarball else fetch(TARBALL_URL)
    check_integrity(data)
    manifest = write(extract(data))
    for name, digest in manifest["files"].items():
        print(f"{digest}  static/vendor/ckeditor5/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
