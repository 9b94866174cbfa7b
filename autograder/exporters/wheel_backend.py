"""A PEP 517 build backend of a dozen lines' worth of wheel, for the Gradescope bundle.

Shipped at the root of the autograder zip as ``dlgrade_build.py`` and named by its ``pyproject.toml``
(``backend-path = ["."]``, ``requires = []``): `pip install /autograder/source` then builds and installs
the ``autograder`` package with the standard library alone, offline, and downloads only what the
package needs at run time (numpy). Standard library only, by design.
"""

import base64
import hashlib
import os
import re
import zipfile

NAME = "dlgrade"
PACKAGE = "autograder"
REQUIRES = ["numpy>=1.26"]


def _version():
    with open(os.path.join(PACKAGE, "__init__.py"), encoding="utf-8") as handle:
        return re.search(r'__version__\s*=\s*"([^"]+)"', handle.read()).group(1)


def _package_files():
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(folder, name).replace(os.sep, "/")


def _digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    dist_info = f"{NAME}-{version}.dist-info"
    filename = f"{NAME}-{version}-py3-none-any.whl"
    metadata = "".join([f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version}\n",
                        "Summary: dlgrade's grading engine, for a Gradescope autograder\n",
                        "Requires-Python: >=3.11\n", *(f"Requires-Dist: {r}\n" for r in REQUIRES)])
    wheel = "Wheel-Version: 1.0\nGenerator: dlgrade_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries = [(path, open(path, "rb").read()) for path in _package_files()]
    entries += [(f"{dist_info}/METADATA", metadata.encode()), (f"{dist_info}/WHEEL", wheel.encode())]
    record = "".join(f"{path},{_digest(data)},{len(data)}\n" for path, data in entries)
    record += f"{dist_info}/RECORD,,\n"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as whl:
        for path, data in entries:
            whl.writestr(path, data)
        whl.writestr(f"{dist_info}/RECORD", record)
    return filename
