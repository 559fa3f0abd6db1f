"""Timing helpers: repeated measurements, median and p95, process memory from /proc."""

from __future__ import annotations

import math
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: list[float]) -> dict:
    """Median, p95, min and max in milliseconds, and how many samples."""
    ms = [s * 1000 for s in seconds]
    return {
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "min_ms": round(min(ms), 2),
        "max_ms": round(max(ms), 2),
        "samples": len(ms),
    }


def repeat(
    fn: Callable[[], object],
    *,
    reps: int,
    warmup: int = 2,
    max_seconds: float = 60.0,
    min_reps: int = 3,
    slow_seconds: float = 10.0,
    before: Callable[[], object] | None = None,
):
    """Call ``fn`` ``warmup`` times unmeasured, then up to ``reps`` times (at least ``min_reps``,
    fewer when ``max_seconds`` is spent); return the summary and the last result. ``before``,
    when given, runs before each call, outside the timing.

    A call slower than ``slow_seconds`` (a live count over 10 million rows) ends the warm-up
    and brings the minimum down to two measured calls, so one figure cannot take an hour.
    """
    result = None
    for _ in range(warmup):
        if before is not None:
            before()
        t = time.perf_counter()
        result = fn()
        if time.perf_counter() - t > slow_seconds:
            min_reps = min(min_reps, 2)
            break
    samples: list[float] = []
    started = time.monotonic()
    while len(samples) < reps:
        if before is not None:
            before()
        t = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - t)
        if samples[-1] > slow_seconds:
            min_reps = min(min_reps, 2)
        if len(samples) >= min_reps and time.monotonic() - started > max_seconds:
            break
    return summary_ms(samples), result


def proc_cpu_seconds(pid: int | str = "self") -> float | None:
    """The user and system CPU time of process ``pid`` so far (/proc/<pid>/stat); None if unreadable."""
    import os

    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # After the command's closing parenthesis: utime and stime are the 12th and 13th fields.
    fields = text.rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_status(pid: int | str = "self") -> dict[str, int]:
    """The kB figures of /proc/<pid>/status (VmRSS, VmHWM, RssAnon…); empty if unreadable."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    result = {}
    for line in text.splitlines():
        key, _sep, value = line.partition(":")
        parts = value.split()
        if len(parts) == 2 and parts[1] == "kB":
            result[key] = int(parts[0])
    return result


def mb(kb: int | None) -> float | None:
    return None if kb is None else round(kb / 1024, 1)


class Sampler:
    """Samples another process's memory every ``interval`` seconds in a thread (peak RSS and anonymous RSS)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_rss = 0
        self.peak_anon = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            status = proc_status(self.pid)
            self.peak_rss = max(self.peak_rss, status.get("VmRSS", 0))
            self.peak_anon = max(self.peak_anon, status.get("RssAnon", 0))
            self._stop.wait(self.interval)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
