"""The launcher of `make run` and `make test`: a private PostgreSQL for a command, started or
reused, and stopped however the command ends. Real launchers, servers and signals; each server
starts in well under a second."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from initiatives_portal.embedded_postgres import socket_dir

LAUNCHER = [sys.executable, str(Path(settings.BASE_DIR) / "initiatives_portal" / "embedded_postgres.py")]
# The command under the launcher: prints its postmaster's pid (and DATABASE_URL), waits for a line on
# stdin (or its end), then runs any SQL given.
CLIENT = r"""
import os, sys, psycopg2
connection = psycopg2.connect(os.environ["DATABASE_URL"])
connection.autocommit = True
cursor = connection.cursor()
cursor.execute("SELECT setting FROM pg_settings WHERE name = 'data_directory'")
with open(os.path.join(cursor.fetchone()[0], "postmaster.pid")) as pid_file:
    print(pid_file.readline().strip(), os.environ["DATABASE_URL"], flush=True)
sys.stdin.readline()
for statement in sys.argv[1:]:
    cursor.execute(statement)
    print(cursor.fetchone()[0] if cursor.description else "done", flush=True)
"""


def environment(**extra):
    """The test run's environment without its DATABASE_URL (CI's, or `make test`'s own server)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return {**env, **extra}


def launch(*where, sql=(), env=None):
    """A launcher running CLIENT, in a process group of its own (so a test can Ctrl-C it)."""
    return subprocess.Popen(  # noqa: S603 - this checkout's launcher and interpreter
        [*LAUNCHER, *where, "--", sys.executable, "-c", CLIENT, *sql], cwd=settings.BASE_DIR,
        env=env or environment(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )


def server_of(launcher):
    """The postmaster's pid and the URL the command was given, once the command is connected."""
    line = launcher.stdout.readline()
    assert line, launcher.stderr.read()
    pid, url = line.split()
    return int(pid), url


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def gone_within(pid, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def finish(launcher, text="\n"):
    out, err = launcher.communicate(text, timeout=60)
    return launcher.returncode, out, err


def finish_after_signal(launcher):
    """The launcher's exit code once a signal has ended its command.

    The command's stdin stays open meanwhile: closed, the command would read its end and exit 0
    on its own, which on a loaded machine can happen before the signal is passed on.
    """
    code = launcher.wait(timeout=60)
    launcher.stdin.close()
    return code


def test_a_command_gets_a_private_server_on_a_socket_with_pg_trgm_and_it_stops_when_the_command_ends(tmp_path):
    launcher = launch("--data", str(tmp_path / "pg"), sql=["CREATE EXTENSION pg_trgm",
                                                           "SELECT similarity('sáng kiến', 'sáng kiên') > 0"])
    pid, url = server_of(launcher)
    code, out, err = finish(launcher)

    assert code == 0, err
    assert out.split() == ["done", "True"]
    assert url == f"postgres://postgres@/portal?host={socket_dir(tmp_path / 'pg')}"
    assert not alive(pid)  # the launcher returns once the server has stopped
    assert not socket_dir(tmp_path / "pg").exists()


def test_the_data_is_kept_between_runs(tmp_path):
    first = launch("--data", str(tmp_path / "pg"), sql=["CREATE TABLE kept AS SELECT 42 AS answer"])
    assert finish(first)[0] == 0

    second = launch("--data", str(tmp_path / "pg"), sql=["SELECT answer FROM kept"])
    code, out, err = finish(second)

    assert code == 0, err
    assert out.split()[-1] == "42"


def test_a_second_command_reuses_the_running_server_which_stops_after_the_last_one(tmp_path):
    first = launch("--data", str(tmp_path / "pg"))
    pid, _ = server_of(first)
    second = launch("--data", str(tmp_path / "pg"))

    assert server_of(second)[0] == pid
    assert finish(first)[0] == 0
    assert alive(pid)  # still used by the second
    assert finish(second)[0] == 0
    assert not alive(pid)


def test_ctrl_c_to_the_process_group_stops_the_command_and_the_server(tmp_path):
    launcher = launch("--data", str(tmp_path / "pg"))
    pid, _ = server_of(launcher)

    os.killpg(launcher.pid, signal.SIGINT)
    code = finish_after_signal(launcher)

    assert code == 128 + signal.SIGINT  # the command's own exit, passed on
    assert not alive(pid)


def test_sigterm_to_the_launcher_is_passed_to_the_command_and_the_server_stops(tmp_path):
    launcher = launch("--data", str(tmp_path / "pg"))
    pid, _ = server_of(launcher)

    launcher.send_signal(signal.SIGTERM)
    code = finish_after_signal(launcher)

    assert code == 128 + signal.SIGTERM
    assert not alive(pid)


def test_the_server_stops_when_the_launcher_and_its_command_are_killed(tmp_path):
    launcher = launch("--data", str(tmp_path / "pg"))
    pid, _ = server_of(launcher)

    os.killpg(launcher.pid, signal.SIGKILL)
    launcher.wait()

    assert gone_within(pid, 10)


def test_a_command_outliving_its_killed_launcher_keeps_the_server_until_it_ends(tmp_path):
    launcher = launch("--data", str(tmp_path / "pg"), sql=["SELECT 'still served'"])
    pid, _ = server_of(launcher)

    launcher.kill()  # the launcher alone: its command goes on, with the lock it inherited
    launcher.wait()
    time.sleep(0.5)  # several of the supervisor's polls
    assert alive(pid)
    launcher.stdin.write("\n")
    launcher.stdin.close()

    assert launcher.stdout.read().split() == ["still", "served"]
    assert gone_within(pid, 10)


def test_a_stale_postmaster_pid_naming_another_live_process_does_not_stop_the_next_start(tmp_path):
    assert finish(launch("--data", str(tmp_path / "pg")))[0] == 0
    unrelated = subprocess.Popen(["sleep", "30"])  # noqa: S607
    try:
        (tmp_path / "pg" / "data" / "postmaster.pid").write_text(f"{unrelated.pid}\n{tmp_path / 'pg' / 'data'}\n")
        launcher = launch("--data", str(tmp_path / "pg"), sql=["SELECT 1"])
        code, out, err = finish(launcher)

        assert code == 0, err
        assert alive(unrelated.pid)
    finally:
        unrelated.kill()
        unrelated.wait()


def test_two_throwaway_servers_at_once_do_not_collide_and_leave_nothing(tmp_path):
    temporary = {"TMPDIR": str(tmp_path)}
    first = launch("--temporary", env=environment(**temporary))
    second = launch("--temporary", env=environment(**temporary))
    (first_pid, first_url), (second_pid, second_url) = server_of(first), server_of(second)

    assert first_pid != second_pid and first_url != second_url
    assert finish(first)[0] == 0 and finish(second)[0] == 0
    assert not alive(first_pid) and not alive(second_pid)
    assert list(tmp_path.iterdir()) == []


def test_the_data_stays_the_invoking_users_even_as_root(tmp_path):
    """PostgreSQL refuses root: as root the server runs in a user namespace of its own, where
    root's files look like an ordinary user's; nothing in the checkout changes hands."""
    assert finish(launch("--data", str(tmp_path / "pg")))[0] == 0

    owners = {path.stat().st_uid for path in (tmp_path / "pg").rglob("*")}

    assert owners == {os.geteuid()}


def test_with_database_url_set_the_command_runs_against_it_and_no_server_starts(tmp_path):
    result = subprocess.run(  # noqa: S603 - this checkout's launcher and interpreter
        [*LAUNCHER, "--data", str(tmp_path / "pg"), "--", sys.executable, "-c",
         "import os; print(os.environ['DATABASE_URL'])"],
        cwd=settings.BASE_DIR, env=environment(DATABASE_URL="postgres://elsewhere/portal"),
        capture_output=True, text=True, check=True,
    )

    assert result.stdout.strip() == "postgres://elsewhere/portal"
    assert not (tmp_path / "pg").exists()


def test_without_database_url_the_settings_refuse_and_name_the_launcher():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR,
        env=environment(DEBUG="true"), capture_output=True, text=True, check=False,
    )

    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr
    assert "make run" in result.stderr
    assert "initiatives_portal/embedded_postgres.py" in result.stderr


@pytest.mark.parametrize("depth", [1, 12])
def test_the_socket_path_stays_short_however_deep_the_data_folder(tmp_path, depth):
    root = tmp_path.joinpath(*["a-rather-long-folder-name"] * depth) / "pg"

    assert len(str(socket_dir(root) / ".s.PGSQL.5432")) < 107
