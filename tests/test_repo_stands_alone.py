"""The repo stands alone: nothing in its code, tests, benchmarks or build reaches into this machine's folders.

A merchant's developer clones the repo anywhere and runs `make test`; a path that only exists on our
machines (or a read of the docs folder that sits beside our checkouts) fails there and nowhere here. Fixed
scratch paths in the system temp folder collide when two runs share a machine: use tmp_path or tempfile.

The patterns are assembled from pieces so that this file does not contain them literally and can be scanned
like every other file (no exclusion list to forget).
"""

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ["portal", "tests", "bench", "templates", ".ci", "Makefile", "pyproject.toml", "manage.py"]
SKIPPED_DIRS = {"__pycache__", "node_modules"}

_SLASH = "/"
_SHARED = "shar" + "ed"
# An absolute path starts at the root: not after a word character or a dot (so "https://x.com/work/" and
# "docs/work/" are fine), but after a quote, a space, "sqlite:///" or "file://" it is flagged.
_ROOTED = r"(?<![\w.~-])"
FORBIDDEN: dict[str, re.Pattern[str]] = {
    "absolute path into this machine's folders": re.compile(
        _ROOTED + re.escape(_SLASH) + "(?:" + "|".join(["work", "root", "home"]) + ")" + re.escape(_SLASH)
    ),
    "fixed scratch path in the system temp folder (use tmp_path or tempfile)": re.compile(
        _ROOTED + re.escape(_SLASH + "tmp" + _SLASH)
    ),
    "read of the shared folder beside the checkout": re.compile(
        "|".join(
            [
                r"\.\.[/\\]+" + _SHARED + r"\b",  # up one folder, then into it
                r"\b" + _SHARED + r"[/\\]+ultracart-docs",  # the docs folder by its name
                r"""["']\.\.["']\)?\s*[/,]\s*["']""" + _SHARED + "[\"']",  # Path(..) / it, join(.., it)
            ]
        )
    ),
}


def problems_in(text: str) -> list[tuple[int, str, str]]:
    """(line number, what is wrong, the offending text) for every forbidden reference in `text`."""
    found: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for what, pattern in FORBIDDEN.items():
            found.extend((number, what, match.group(0)) for match in pattern.finditer(line))
    return found


def scanned_files() -> Iterator[Path]:
    for name in SCANNED:
        top = ROOT / name
        candidates = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in candidates:
            if path.is_file() and not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
                yield path


def text_of(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data[:8192]:  # fonts, images, compiled translations: no paths to worry about
        return None
    return data.decode("utf-8", errors="replace")


def test_no_file_reaches_outside_the_repo():
    report = []
    for path in scanned_files():
        text = text_of(path)
        for number, what, snippet in problems_in(text or ""):
            report.append(f"{path.relative_to(ROOT)}:{number}: {what}: {snippet!r}")
    assert report == [], "\n".join(report)


def test_the_scan_covers_the_repo():
    # A walk that found nothing would pass for the wrong reason.
    names = {path.relative_to(ROOT).as_posix() for path in scanned_files()}
    assert {"Makefile", "tests/test_repo_stands_alone.py", "portal/settings.py", "bench/_setup.py"} <= names
    assert ".ci/run" in names and any(name.startswith("tests/fixtures/ultracart/") for name in names)


def test_the_detector_flags_what_it_should():
    work, shared, temp = _SLASH + "work" + _SLASH, "shared", _SLASH + "tmp" + _SLASH
    flagged = [
        f'SAMPLES = Path("{work}{shared}/ultracart-docs/responses")',
        f'DATABASE_URL = "sqlite:///{temp}portal.sqlite3"',
        f"cp {_SLASH}root{_SLASH}.netrc .",
        f'open("../../{shared}/notes.md")',
        f'Path(__file__).parent / ".." / "{shared}"',
        f'os.path.join("..", "{shared}", "x")',
    ]
    for sample in flagged:
        assert problems_in(sample), sample
    innocent = [
        'SAMPLES = Path(__file__).parent / "fixtures" / "ultracart"',
        "see https://github.com/UltraCart/sdk_samples/tree/master/curl/order",
        "# shared by every worker through the cache",
        f"https://example.com{work}x",
        'executable_path="/usr/bin/chromium"',
    ]
    for sample in innocent:
        assert problems_in(sample) == [], sample
