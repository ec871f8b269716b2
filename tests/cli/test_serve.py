import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

from tests.cli.conftest import smartregions


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local test server
        return response.status, response.headers["Content-Type"], response.read()


def _wait_for(url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early:\n{process.stdout.read()}")
        try:
            _get(url)
        except (URLError, ConnectionError):
            time.sleep(0.3)
        else:
            return
    raise AssertionError(f"serve did not answer on {url} in time")


def test_serve_answers_pages_and_static_files_with_debug_off(cli_env):
    migrated = smartregions("migrate", "--noinput", "-v", "0", env=cli_env)
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own console script
        [sys.executable, "-m", "smartregions", "serve", "--port", str(port), "--workers", "1"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/", process, time.monotonic() + 90)
        status, content_type, body = _get(f"{base}/")
        assert (status, content_type) == (200, "text/html; charset=utf-8")
        assert b"What the registry holds" in body
        status, content_type, body = _get(f"{base}/static/vendor/htmx-2.min.js")
        assert status == 200
        assert content_type.startswith("text/javascript")
        assert b"htmx" in body
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert f"Serving smartregions at http://127.0.0.1:{port}/" in output
    # collectstatic ran first, so the files are also on disk for a front web server.
    collected = Path(cli_env["SMARTREGIONS_VAR_DIR"]) / "static" / "vendor" / "htmx-2.min.js"
    assert collected.is_file()
