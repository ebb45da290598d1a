"""Reporting: the figures printed as they come, the machine they were measured on, the
README's tables, and what misses its target."""

from __future__ import annotations

import os
import platform
from pathlib import Path

from measuring import STACK, TARGET_LIMIT_RATIO, TARGET_WORKER_MB, Load, Measure, Phase


def print_measures(measures: list[Measure]) -> None:
    print(
        f"{'endpoint':<66} {'median':>8} {'p95':>8} {'ratio':>6} {'target':>6} "
        f"{'limit':>8} {'/limit':>7} {'queries':>7}"
    )
    for measure in measures:
        verdict = "ok" if measure.meets_target else "MISS"
        limit = f"{measure.limit_ms:7.1f}ms" if measure.limit_ms else f"{'-':>9}"
        limit_ratio = f"{measure.limit_ratio:6.1f}x" if measure.limit_ratio else f"{'-':>7}"
        print(
            f"{measure.url[:66]:<66} {measure.median_ms:7.1f}ms {measure.p95_ms:7.1f}ms "
            f"{measure.ratio:5.2f}x {measure.target:5.0f}x {limit} {limit_ratio} "
            f"{measure.queries if measure.queries is not None else '-':>7} {verdict}"
            + (f" ({measure.errors} errors)" if measure.errors else "")
        )


def print_load(load: Load) -> None:
    print(
        f"load: {load.clients} clients for {load.seconds:.0f} s: {load.requests} requests, "
        f"{load.requests_per_second:.1f} req/s, {load.errors} errors, "
        f"peak worker memory {load.worker_peak_mb:.0f} MB ({load.workers_seen} workers seen)"
    )
    for sample in load.error_samples:
        print(f"  error: {sample}")


def machine() -> dict[str, str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": str(os.cpu_count()),
        "cpu_model": model,
        "memory_gb": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f}",
        "python": platform.python_version(),
        "load_average": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


def markdown(phases: list[Phase], generation: dict, info: dict, before: dict | None = None) -> str:
    """The figures as the README's tables; with `before` (an earlier results.json), its
    median and floor ratio beside each phase's, and its load figures."""
    lines = [
        f"Machine: {info['cpus']} cores ({info['cpu_model']}), {info['memory_gb']} GB; "
        f"load average at start {info['load_average_start']}, at end "
        f"{info['load_average_end']}.",
        "",
    ]
    if generation:
        lines += [
            f"Generated {generation['size']} ({generation['rows']} rows) in "
            f"{generation['seconds']:.0f} s.",
            "",
        ]
    earlier = {
        phase["name"]: {m["url"]: m for m in phase["measures"]}
        for phase in (before or {}).get("phases", [])
    }
    columns = ["endpoint", "kind", "limit (SQL)", "queries"]
    for phase in phases:
        if phase.name in earlier:
            columns += [f"{phase.name} before: median (ratio)"]
        columns += [f"{phase.name} median (p95)", f"{phase.name} floor ratio", "limit ratio"]
    lines += ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    by_url = {phase.name: {m.url: m for m in phase.measures} for phase in phases}
    for measure in phases[0].measures:
        cells = [
            f"`{measure.url}`",
            measure.kind,
            f"{measure.limit_ms:.1f} ms" if measure.limit_ms else "-",
            str(measure.queries) if measure.queries is not None else "-",
        ]
        for phase in phases:
            other = by_url[phase.name][measure.url]
            if phase.name in earlier:
                old = earlier[phase.name].get(measure.url)
                cells.append(f"{old['median_ms']:.1f} ms ({old['ratio']:.2f}x)" if old else "-")
            cells += [
                f"{other.median_ms:.1f} ms ({other.p95_ms:.1f})",
                f"{other.ratio:.2f}x",
                f"{other.limit_ratio:.1f}x" if other.limit_ratio else "-",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    for phase in phases:
        lines += ["", *limit_summary(phase)]
    lines += [
        "",
        "| phase | clients | req/s | errors | peak worker memory |",
        "|" + " --- |" * 5,
    ]
    for phase in before.get("phases", []) if before else []:
        load = phase.get("load")
        if load:
            lines.append(
                f"| {phase['name']} (before) | {load['clients']} x {load['seconds']:.0f} s | "
                f"{load['requests_per_second']:.1f} | {load['errors']} | "
                f"{load['worker_peak_mb']:.0f} MB |"
            )
    for phase in phases:
        if phase.load:
            load = phase.load
            lines.append(
                f"| {phase.name} | {load.clients} x {load.seconds:.0f} s | "
                f"{load.requests_per_second:.1f} | {load.errors} | {load.worker_peak_mb:.0f} MB |"
            )
    return "\n".join(lines) + "\n"


def scale_markdown(curve: list[dict], info: dict) -> str:
    """The scale curve: each URL's median (and limit) at each multiple of the size, and how
    much it grew from the smallest to the largest against how much the data grew."""
    lines = [
        f"Machine: {info['cpus']} cores ({info['cpu_model']}), {info['memory_gb']} GB; "
        f"load average at start {info['load_average_start']}, at end "
        f"{info['load_average_end']}.",
        "",
    ]
    for point in curve:
        generation = point["generation"]
        lines.append(
            f"- x{point['multiple']}: {generation['size']} ({generation['rows']} rows), "
            f"generated in {generation['seconds']:.0f} s"
        )
    first, last = curve[0], curve[-1]
    growth = last["multiple"] / first["multiple"]
    columns = ["endpoint"]
    columns += [f"x{point['multiple']} median (limit)" for point in curve]
    columns += [f"growth (data x{growth:g})"]
    lines += ["", "| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    for index, measure in enumerate(first["phase"].measures):
        row = [point["phase"].measures[index] for point in curve]
        cells = [f"`{measure.url}`"]
        cells += [
            f"{m.median_ms:.1f} ms ({m.limit_ms:.1f})" if m.limit_ms else f"{m.median_ms:.1f} ms"
            for m in row
        ]
        cells.append(f"{row[-1].median_ms / row[0].median_ms:.2f}x")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def limit_summary(phase: Phase) -> list[str]:
    """How many lists stay within TARGET_LIMIT_RATIO of their limit, what a request that
    reads nothing costs, and where the time of each list over it goes: the hand-written
    SQL, our queries, Python in process (ORM, serializers, templates, middleware) and
    what the server and HTTP add (counting.py)."""
    lists = [m for m in phase.measures if m.is_list and m.limit_ms]
    over = [m for m in lists if m.over_limit]
    stack = next((m for m in phase.measures if m.url == STACK), None)
    summary = (
        f"{phase.name}: {len(lists) - len(over)} of {len(lists)} lists within "
        f"{TARGET_LIMIT_RATIO:g}x their limit."
    )
    if stack:
        summary += f" A request that reads nothing (`{STACK}`) takes {stack.median_ms:.1f} ms."
    lines = [summary]
    if over and phase.cache_seconds:
        # The time in process is measured uncached (counting.py): it does not split these.
        lines[0] += " Over it: " + ", ".join(f"`{m.url}` {m.limit_ratio:.1f}x" for m in over) + "."
    elif over:
        lines += [
            "",
            "| over the limit | limit ratio | limit (SQL) | our queries | Python in process "
            "| server and HTTP |",
            "|" + " --- |" * 6,
        ]
        for m in over:
            where = (
                [
                    f"{m.sql_ms:.1f} ms ({m.queries})",
                    f"{m.python_ms:.1f} ms",
                    f"{max(m.median_ms - m.sql_ms - m.python_ms, 0):.1f} ms",
                ]
                if m.sql_ms is not None
                else ["-", "-", "-"]
            )
            lines.append(
                f"| `{m.url}` | {m.limit_ratio:.1f}x | {m.limit_ms:.1f} ms | "
                + " | ".join(where)
                + " |"
            )
    return lines


def verdict(phase: Phase) -> list[str]:
    misses = [
        f"{m.url}: {m.ratio:.2f}x the floor (target {m.target:.0f}x)"
        for m in phase.measures
        if not m.meets_target
    ]
    if phase.load:
        if phase.load.errors:
            misses.append(f"{phase.load.errors} errors under load")
        if phase.load.worker_peak_mb >= TARGET_WORKER_MB:
            misses.append(f"a worker peaked at {phase.load.worker_peak_mb:.0f} MB")
    return misses
