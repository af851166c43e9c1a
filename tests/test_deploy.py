"""The deployment artefacts stay in step with the code: every setting in the environment
example, every pin in the lock files with its hashes, the gunicorn settings loadable."""

import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from cms import config

ROOT = Path(__file__).resolve().parent.parent
ENV_EXAMPLE = ROOT / "deploy" / "portal.env.example"
_NAME = re.compile(r"#?([A-Z][A-Z0-9_]+)=")


class _Recording(dict):
    """os.environ stand-in that notes every variable looked up."""

    def __init__(self, data, seen: set) -> None:
        super().__init__(data)
        self.seen = seen

    def get(self, key, default=None):
        """Note the name, then look it up."""
        self.seen.add(key)
        return super().get(key, default)


def _documented() -> set[str]:
    """The variables the environment example sets or shows commented out."""
    names = set()
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = _NAME.match(line)
        if match:
            names.add(match.group(1))
    return names


def test_the_environment_example_lists_every_setting(monkeypatch):
    seen: set[str] = set()
    monkeypatch.setattr(os, "environ", _Recording(os.environ, seen))
    config.load()
    gunicorn = set(
        re.findall(
            r'os\.environ\.get\("([A-Z_]+)"', (ROOT / "deploy" / "gunicorn.conf.py").read_text()
        )
    )
    gunicorn.discard("RUNTIME_DIRECTORY")  # set by systemd (RuntimeDirectory=), not a setting
    missing = (seen | gunicorn | {"INSTANCE_PATH", "PROMETHEUS_MULTIPROC_DIR"}) - _documented()
    assert not missing, f"add to deploy/portal.env.example: {sorted(missing)}"
    assert "RUNTIME_DIRECTORY" not in _documented()  # systemd's, not a setting


def test_the_environment_example_holds_no_secret():
    values = dict(
        line.split("=", 1) for line in ENV_EXAMPLE.read_text().splitlines() if _NAME.match(line)
    )
    assert values["SECRET_KEY"] == ""
    assert values["#METRICS_TOKEN"] == ""
    assert make_url(values["DATABASE_URL"]).password is None


def _pins(path: Path) -> dict[str, str]:
    """{normalised name: version} of the ``name==version`` lines of a requirements file."""
    pins = {}
    for line in path.read_text().splitlines():
        match = re.match(r"([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;\\]+)", line)
        if match:
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(3)
    return pins


def test_the_lock_files_hold_every_pin_with_hashes():
    for source, lock in (
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
    ):
        locked = _pins(ROOT / lock)
        wanted = _pins(ROOT / source)
        if source == "requirements-dev.txt":
            wanted |= _pins(ROOT / "requirements.txt")
        stale = {name: version for name, version in wanted.items() if locked.get(name) != version}
        assert not stale, f"{source} changed: run `make lock` ({stale})"
        text = (ROOT / lock).read_text()
        entries = re.split(r"\n(?=[a-z0-9])", text.split("\n\n", 1)[-1].strip())
        entries = [e for e in entries if "==" in e.split("\n", 1)[0]]
        assert len(entries) == len(locked)
        assert all("--hash=sha256:" in entry for entry in entries)
    runtime, dev = _pins(ROOT / "requirements.lock"), _pins(ROOT / "requirements-dev.lock")
    assert {name: dev[name] for name in runtime} == runtime  # one version of each package


def test_the_gunicorn_settings_load():
    """gunicorn reads deploy/gunicorn.conf.py and finds its hooks (checked in a subprocess:
    the file sets PROMETHEUS_MULTIPROC_DIR, which must not leak into this process)."""
    script = (
        "from gunicorn.app.base import Application\n"
        "class A(Application):\n"
        "    def init(self, *a): pass\n"
        "    def load(self): pass\n"
        "a = A(usage='', prog='x')\n"
        "a.load_config_from_file('deploy/gunicorn.conf.py')\n"
        "c = a.cfg\n"
        "print(c.workers, c.timeout, c.forwarded_allow_ips, c.accesslog, c.child_exit.__name__)\n"
    )
    env = {**os.environ, "GUNICORN_WORKERS": "3", "FORWARDED_ALLOW_IPS": "10.0.0.2"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "30", "['10.0.0.2']", "None", "child_exit"]
