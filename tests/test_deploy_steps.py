"""The README's deploy steps, as written, work in every order on a fresh clone with DEBUG off."""

import itertools
import os
import re
import shlex
import shutil
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
        "PORTAL_BASE_URL": "https://portal.example.com",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        # What the README's production section asks for (check --deploy refuses the console mailer).
        "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.com:587",
        "ULTRACART_API_KEY": "deploy-test-key",
        # A fresh clone: nothing collected yet, the folder does not even exist.
        "STATIC_ROOT": str(workdir / "staticfiles"),
    }


def run_step(step: list[str], workdir: Path) -> tuple[str, int, str]:
    done = subprocess.run(
        step, cwd=ROOT, env=deploy_environment(workdir), capture_output=True, text=True, timeout=180
    )
    return shlex.join(step[1:]), done.returncode, done.stderr[-2000:]


def test_the_readme_lists_the_three_steps():
    commands = [" ".join(step[1:3]) for step in readme_deploy_steps()]
    assert commands == ["manage.py migrate", "manage.py check", "manage.py collectstatic"]


def test_every_order_of_the_deploy_steps_succeeds(tmp_path):
    """All six orders, each from a fresh clone (no database, no static folder).

    A step changes nothing but its folder (the database and STATIC_ROOT), so orders that start alike share
    that start: each prefix runs once and its folder is copied, 15 runs instead of 18, side by side per
    length. The first step of each order runs on a fresh clone, so each step alone is covered too.
    """
    steps = readme_deploy_steps()
    orders = list(itertools.permutations(range(len(steps))))
    assert len(orders) == 6
    folders: dict[tuple[int, ...], Path] = {(): tmp_path / "fresh"}
    folders[()].mkdir()
    failures = []
    for length in range(1, len(steps) + 1):
        prefixes = sorted({order[:length] for order in orders})
        for prefix in prefixes:
            folders[prefix] = tmp_path / "-".join(map(str, prefix))
            shutil.copytree(folders[prefix[:-1]], folders[prefix])
        with ThreadPoolExecutor(max_workers=len(prefixes)) as pool:
            runs = pool.map(lambda prefix: run_step(steps[prefix[-1]], folders[prefix]), prefixes)
            failures += [
                f"{cmd} after {[steps[i][2] for i in prefix[:-1]]} (exit {rc}):\n{err}"
                for prefix, (cmd, rc, err) in zip(prefixes, runs, strict=True)
                if rc
            ]
    assert failures == []
    for order in orders:
        assert (folders[order] / "staticfiles" / "staticfiles.json").is_file()
        assert (folders[order] / "db.sqlite3").is_file()
