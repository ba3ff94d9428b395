"""The README's deploy steps, as written, work in every order on a fresh clone with DEBUG off."""

import itertools
import os
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What tests/settings.py or the e2e tests put into this process's environment; a deployment has none of it.
TEST_ONLY_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "STATIC_MANIFEST",
    "HTTPS",
    "DATABASE_URL",
    "CACHE_URL",
    "EMAIL_URL",
}


def readme_deploy_steps() -> list[list[str]]:
    """The commands of the README's ```sh deploy block, with `python` meaning this interpreter."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"^```sh deploy\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL)
    assert block, "README.md has no ```sh deploy block"
    steps = [shlex.split(line) for line in block.group(1).splitlines() if line.strip()]
    return [[sys.executable, *step[1:]] if step[0] == "python" else step for step in steps]


def deploy_environment(workdir: Path) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": "deploy-test-secret-key-not-used-anywhere-else-0123456789",
        "ALLOWED_HOSTS": "portal.example.com",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        # What the README's production section asks for (check --deploy refuses the console mailer).
        "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.com:587",
        "ULTRACART_API_KEY": "deploy-test-key",
        # A fresh clone: nothing collected yet, the folder does not even exist.
        "STATIC_ROOT": str(workdir / "staticfiles"),
    }


def run_in_order(order: tuple[list[str], ...], workdir: Path) -> list[tuple[str, int, str]]:
    workdir.mkdir()
    env = deploy_environment(workdir)
    results = []
    for step in order:
        done = subprocess.run(step, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        results.append((shlex.join(step[1:]), done.returncode, done.stderr[-2000:]))
    return results


def test_the_readme_lists_the_three_steps():
    commands = [" ".join(step[1:3]) for step in readme_deploy_steps()]
    assert commands == ["manage.py migrate", "manage.py check", "manage.py collectstatic"]


def test_every_order_of_the_deploy_steps_succeeds(tmp_path):
    orders = list(itertools.permutations(readme_deploy_steps()))
    assert len(orders) == 6
    # The first step of each order runs on a fresh clone, so each step alone is covered too.
    # Each order gets its own database and static folder, so the six run side by side.
    with ThreadPoolExecutor(max_workers=len(orders)) as pool:
        runs = list(pool.map(run_in_order, orders, [tmp_path / f"order{i}" for i in range(len(orders))]))
    failures = [f"{cmd} (exit {rc}):\n{err}" for run in runs for cmd, rc, err in run if rc != 0]
    assert failures == []
    for index in range(len(orders)):
        assert (tmp_path / f"order{index}" / "staticfiles" / "staticfiles.json").is_file()
        assert (tmp_path / f"order{index}" / "db.sqlite3").is_file()
