"""LibreOffice for the tests that read and print files as a reader's office suite would
(CI installs Calc and Writer; without them locally these tests are skipped, in CI they fail)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

needs_libreoffice = pytest.mark.skipif(
    not shutil.which("soffice") and os.environ.get("CI") != "true",
    reason="LibreOffice nicht installiert (apt-get install libreoffice-calc-nogui "
    "libreoffice-writer-nogui)",
)


def convert(source: Path, workdir: Path, target_format: str) -> None:
    """``soffice --convert-to`` with a profile of its own, into ``workdir``."""
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{workdir}/lo-profile",
            "--headless",
            "--convert-to",
            target_format,
            "--outdir",
            str(workdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
