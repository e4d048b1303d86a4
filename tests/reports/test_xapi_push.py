"""`salessim xapi push` against a real Learning Record Store: ralph (ralph-malph from PyPI)
with its filesystem backend, started by the tests on 127.0.0.1.

ralph lives in its own virtual environment (its pins differ from ours): `.ci/run` makes it
at `.ci/ralph`; `SALESSIM_TEST_RALPH` may name another one's `bin` folder. Without it the
tests are skipped with the reason in the summary.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import salessim

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini.yaml"


def _bin() -> Path | None:
    given = os.environ.get("SALESSIM_TEST_RALPH")
    for folder in (Path(given) if given else None, ROOT / ".ci" / "ralph" / "bin"):
        if folder is not None and (folder / "uvicorn").exists() and (folder / "ralph").exists():
            return folder
    return None


@pytest.fixture(scope="module")
def lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = _bin()
    if folder is None:
        pytest.skip("XAPI LRS NOT TESTED: no ralph (.ci/run installs it in .ci/ralph)")
    home = tmp_path_factory.mktemp("lrs")
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(home / "app"),
        "RALPH_AUTH_FILE": str(home / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(home / "data"),
    }
    (home / "data").mkdir()
    subprocess.run(
        [str(folder / "ralph"), "auth", "-u", "trainer", "-p", "secret", "-s", "all",
         "-A", "trainer", "https://salessim.invalid/", "-w"],
        env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(folder / "uvicorn"), "ralph.api:app", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/xAPI/"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/__heartbeat__", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.skip("XAPI LRS NOT TESTED: ralph did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def held(url: str) -> list[dict[str, object]]:
    request = urllib.request.Request(
        f"{url}statements?limit=1000",
        headers={
            "X-Experience-API-Version": "1.0.3",
            "Authorization": "Basic " + base64.b64encode(b"trainer:secret").decode(),
        },
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return list(json.load(answer)["statements"])


def test_a_push_lands_in_the_lrs_and_a_second_adds_none(lrs: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    for trainee in ("Ann", "Bo"):
        proc = salessim(
            "play", "--text", str(MINI), "--choices", "1,3,1,1,3,1,2,1",
            "--trainee", trainee, "--db", db,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
    down = salessim("xapi", "push", "--lrs", "http://127.0.0.1:1/xAPI/", "--db", db)
    assert down.returncode == 1 and "still queued" in down.stdout
    assert "cannot reach the LRS" in down.stderr and len(down.stderr.splitlines()) == 1
    first = salessim("xapi", "push", "--lrs", lrs, "--auth", "trainer:secret", "--db", db)
    assert first.returncode == 0, first.stderr
    sent = int(first.stdout.split()[0])
    assert sent == 2 * 9 and first.stdout.strip().endswith("0 still queued")
    statements = held(lrs)
    assert len(statements) == sent
    verbs = sorted(str(s["verb"]["id"]).rsplit("/", 1)[-1] for s in statements)  # type: ignore[index]
    assert verbs.count("passed") == 2 and verbs.count("responded") == 16
    second = salessim("xapi", "push", "--lrs", lrs, "--auth", "trainer:secret", "--db", db)
    assert second.stdout.strip() == "0 statements sent, 0 still queued"
    assert len(held(lrs)) == sent
