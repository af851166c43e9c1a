"""The English catalog is complete: every interface string of the code has a translation."""

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _catalog(path):
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog):
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_catalog_covers_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "extract",
            "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
            "-o", str(pot), ".",
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )  # fmt: skip
    extracted = _ids(_catalog(pot))
    # babel.cfg's patterns (cms/**.py, templates/**.html) are relative to the folder
    # searched: from any other folder nothing matches and this test would prove nothing.
    assert len(extracted) > 400, f"only {len(extracted)} strings extracted"
    missing = extracted - _ids(_catalog(PO))
    assert not missing, f"run pybabel update and translate: {sorted(missing)[:10]}"


def test_every_string_is_translated_with_the_same_placeholders():
    problems = []
    for message in _catalog(PO):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strs = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy or not all(strs):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        if sorted(PLACEHOLDER.findall(ids[0])) != sorted(PLACEHOLDER.findall(strs[0])):
            problems.append(f"placeholders differ: {ids[0]!r}")
    assert not problems, problems[:10]
