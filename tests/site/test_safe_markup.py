"""Every way around autoescaping is named and justified (issue 32, point 1).

``|safe``, ``mark_safe`` and ``{% autoescape off %}`` turn text into markup; each one in
our code and templates carries its reason next to it (``# noqa: S308 - …`` in Python, a
comment naming the reason in a template), and ``format_html`` never gets a pre-formatted
string (an f-string or ``%`` would bypass its escaping).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "bench", "staticfiles", "node_modules", ".git", "tools"}

UNSAFE_PY = re.compile(r"\bmark_safe\(|\bSafeString\(")
UNSAFE_TEMPLATE = re.compile(r"\|\s*safe\b|\|\s*safeseq\b|autoescape off")
PREFORMATTED = re.compile(r"format_html\(\s*(f[\"']|[^,()]*%\s)")


def _files(suffix: str):
    for path in ROOT.rglob(f"*{suffix}"):
        if not SKIP & set(path.relative_to(ROOT).parts):
            yield path


def unjustified() -> list[str]:
    found = []
    for path in _files(".py"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith(("from ", "import ")):
                continue
            if UNSAFE_PY.search(line) and "noqa: S308 -" not in line:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
            if PREFORMATTED.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    for path in _files(".html"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not UNSAFE_TEMPLATE.search(line):
                continue
            nearby = " ".join(lines[max(0, number - 2) : number])
            if not re.search(r"(\|safe|autoescape off):", nearby):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_every_bypass_of_autoescaping_is_justified():
    assert unjustified() == []


def test_the_search_finds_an_unjustified_bypass(tmp_path, monkeypatch):
    """The check can fail: a template with a bare |safe and a view with a bare mark_safe."""
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "page.html").write_text("<p>{{ value|safe }}</p>\n", encoding="utf-8")
    (tmp_path / "view.py").write_text(
        'html = mark_safe(value)\nother = format_html(f"<b>{value}</b>")\n', encoding="utf-8"
    )
    assert len(unjustified()) == 3


def test_crispy_help_texts_are_escaped():
    """crispy-bootstrap5 renders help texts with |safe; ours overrides that template."""
    override = ROOT / "templates" / "bootstrap5" / "layout" / "help_text.html"
    body = override.read_text(encoding="utf-8").split("{% endcomment %}", 1)[1]
    assert "field.help_text" in body
    assert "safe" not in body
