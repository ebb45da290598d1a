"""`make bench`: the portal at scale, measured as it is served in production.

1. Creates a scratch PostgreSQL database (dropped at the end unless --keep-db), migrates
   it and generates the synthetic network into it (`manage.py generate_network`), timed.
2. Starts `make serve` on it (gunicorn, production settings, Redis for the cache), once
   with the anonymous response cache off ("uncached": every request reaches the
   database) and once with it on ("cached", the production configuration).
3. In each phase, requests every URL below in turn, round after round, one at a time,
   and reports its median and 95th percentile latency and the ratio of its median to
   the floor endpoint's (`/api/v1/pillars/`) in the same run: ratios stay meaningful on a
   machine that other work slows down. Then 8 clients request the URLs concurrently for
   15 s: requests per second, errors, and the peak resident memory of a gunicorn worker.

Beside each URL: its limit (limits.py: hand-written SQL fetching the same rows, timed as
psql would, and our median over it) and the queries one request makes (counting.py).
`--compare` an earlier results.json shows its medians and load figures beside these
(before/after); `--scale 1,4,10` instead runs the uncached latencies at those multiples of
the size, each in its own database, and prints how each cost grows.

Targets: every median within 3x the floor, searches within 5x, no error under load, a
worker under 200 MB. Exits 1 when the production configuration misses one.

The API's anonymous rate limit is raised for the run (API_RATE_ANON): the load would
otherwise be refused by design after 60 requests a minute.

The modules, one job each: scratch.py (the database and the network), serving.py (the
server), measuring.py (latencies and load), limits.py (the hand-written SQL), counting.py
(query counts), reporting.py (tables and verdicts); this one runs the phases in order.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from limits import limit_sql, time_limits
from measuring import Endpoint, Phase, endpoints, measure_latencies, run_load
from reporting import (
    machine,
    markdown,
    print_load,
    print_measures,
    scale_markdown,
    verdict,
)
from scratch import (
    PYTHON,
    ROOT,
    create_network,
    database_exists,
    database_parts,
    drop_database,
    sample_objects,
    serve_env,
)
from serving import NOT_REMADE, Server, flush_redis

RESULTS_DIR = ROOT / ".bench"


def run_phase(
    name: str,
    *,
    cache_seconds: int,
    args: argparse.Namespace,
    env: dict[str, str],
    targets: list[Endpoint],
    limits: dict[str, float] | None = None,
    queries: dict[str, dict] | None = None,
    rounds: int | None = None,
    load_seconds: float | None = None,
) -> Phase:
    print(f"\n== {name}: make serve with RESPONSE_CACHE_SECONDS={cache_seconds}")
    phase_env = {**env, "RESPONSE_CACHE_SECONDS": str(cache_seconds)}
    server = Server(port=args.port, env=phase_env, log=RESULTS_DIR / f"serve-{name}.log")
    load_seconds = args.load_seconds if load_seconds is None else load_seconds
    try:
        server.wait_until_healthy()
        measures = measure_latencies(args.port, targets, rounds or args.rounds)
        for measure in measures:
            measure.limit_ms = (limits or {}).get(measure.url)
            where = (queries or {}).get(measure.url, {})
            measure.queries = where.get("queries")
            measure.sql_ms = where.get("sql_ms")
            measure.python_ms = where.get("python_ms")
        print_measures(measures)
        load = None
        if load_seconds > 0:
            load = run_load(server, targets, clients=args.clients, seconds=load_seconds)
            print_load(load)
    finally:
        server.stop()
    return Phase(name=name, cache_seconds=cache_seconds, measures=measures, load=load)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/peercities_bench"
        ),
        help="the scratch database (created, then dropped)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="a Redis database for the bench alone: it is emptied",
    )
    parser.add_argument("--cities", type=int, default=5000)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--practices", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8765")))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=25, help="requests per URL")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--load-seconds", type=float, default=15)
    parser.add_argument(
        "--phases", default="uncached,cached", help="uncached, cached or both (in that order)"
    )
    parser.add_argument(
        "--reuse-db", action="store_true", help="keep an existing bench database as it is"
    )
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--scale",
        default="",
        help="multiples of --cities/--events/--practices to run as a scale curve, e.g. "
        "1,4,10: each in its own database (the name with _x<multiple>), uncached, "
        "--scale-rounds rounds, no load; instead of the phases",
    )
    parser.add_argument("--scale-rounds", type=int, default=7)
    parser.add_argument(
        "--compare",
        default="",
        help="an earlier results.json: its figures are shown beside these (before/after)",
    )
    return parser.parse_args(argv)


def query_counts(env: dict[str, str], targets: list[Endpoint]) -> dict[str, dict]:
    """The queries one request of each URL makes, and its time in the database and in
    Python (counting.py, beside the server)."""
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "counting.py"), *[target.url for target in targets]],
        cwd=ROOT,
        env={**serve_env(env), "RESPONSE_CACHE_SECONDS": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(f"bench: the queries could not be counted:\n{result.stderr[-2000:]}")
        return {}
    return json.loads(result.stdout.strip().splitlines()[-1])


def scaled_url(url: str, multiple: int) -> str:
    return url.rsplit("/", 1)[0] + f"/{url.rsplit('/', 1)[1]}_x{multiple}"


def run_scale(args: argparse.Namespace, env: dict[str, str]) -> list[dict]:
    """The uncached latencies at each multiple of the size: a database each, dropped after
    (unless --keep-db)."""
    curve = []
    for multiple in [int(value) for value in args.scale.split(",") if value.strip()]:
        url = scaled_url(args.database_url, multiple)
        scale_env = {**env, "DATABASE_URL": url}
        size = {
            "cities": args.cities * multiple,
            "events": args.events * multiple,
            "practices": args.practices * multiple,
        }
        # A database kept by an earlier run (--keep-db) is measured again as it is, with
        # the figures of its generation as that run recorded them.
        recorded = RESULTS_DIR / f"generation-{database_parts(url)[1]}.json"
        if args.reuse_db and database_exists(url) and recorded.exists():
            generation = json.loads(recorded.read_text())
        else:
            generation = create_network(url, **size, seed=args.seed, env=scale_env)
            recorded.write_text(json.dumps(generation))
        try:
            targets = endpoints(sample_objects(url))
            limits = time_limits(url, limit_sql(sample_objects(url)))
            phase = run_phase(
                f"x{multiple}",
                cache_seconds=0,
                args=args,
                env=scale_env,
                targets=targets,
                limits=limits,
                rounds=args.scale_rounds,
                load_seconds=0,
            )
        finally:
            if not args.keep_db:
                drop_database(url)
        curve.append({"multiple": multiple, "generation": generation, "phase": phase})
    return curve


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    RESULTS_DIR.mkdir(exist_ok=True)
    info = machine()
    info["load_average_start"] = info.pop("load_average")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "REDIS_URL", "RESPONSE_CACHE_SECONDS"}
    }
    env.update(
        DATABASE_URL=args.database_url,
        API_RATE_ANON="1000000/min",
        # The uncached phase runs without Redis: rate limits per worker, lifted anyway.
        ALLOW_LOCAL_THROTTLES="true",
        WORKERS=str(args.workers),
        PYTHONUNBUFFERED="1",
    )
    if args.scale:
        subprocess.run(
            ["make", "--no-print-directory", *NOT_REMADE, "staticfiles/staticfiles.json"],
            cwd=ROOT,
            check=True,
        )
        curve = run_scale(args, env)
        info["load_average_end"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
        table = scale_markdown(curve, info)
        (RESULTS_DIR / "scale.md").write_text(table)
        (RESULTS_DIR / "scale.json").write_text(
            json.dumps([{**point, "phase": asdict(point["phase"])} for point in curve], indent=2)
        )
        print("\n" + table)
        return 0
    generation: dict = {}
    if not (args.reuse_db and database_exists(args.database_url)):
        generation = create_network(
            args.database_url,
            cities=args.cities,
            events=args.events,
            practices=args.practices,
            seed=args.seed,
            env=env,
        )
    sample = sample_objects(args.database_url)
    targets = endpoints(sample)
    # Hashing and compressing the static files can take minutes on a busy machine: before
    # the servers start, not within their time to answer; and before the queries are
    # counted, as pages name their static files.
    subprocess.run(
        ["make", "--no-print-directory", *NOT_REMADE, "staticfiles/staticfiles.json"],
        cwd=ROOT,
        check=True,
    )
    print("== the limits: hand-written SQL for each URL (bench/limits.py)")
    limits = time_limits(args.database_url, limit_sql(sample))
    queries = query_counts(env, targets)
    phases: list[Phase] = []
    try:
        for name in [phase.strip() for phase in args.phases.split(",") if phase.strip()]:
            if name == "uncached":
                phases.append(
                    run_phase(
                        name,
                        cache_seconds=0,
                        args=args,
                        env=env,
                        targets=targets,
                        limits=limits,
                        queries=queries,
                    )
                )
            elif name == "cached":
                if not flush_redis(args.redis_url):
                    continue
                phases.append(
                    run_phase(
                        name,
                        cache_seconds=300,
                        args=args,
                        env={**env, "REDIS_URL": args.redis_url},
                        targets=targets,
                        limits=limits,
                        queries=queries,
                    )
                )
            else:
                sys.exit(f"bench: unknown phase {name!r}")
    finally:
        if not args.keep_db:
            drop_database(args.database_url)
    info["load_average_end"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    (RESULTS_DIR / "results.json").write_text(
        json.dumps(
            {"machine": info, "generation": generation, "phases": [asdict(p) for p in phases]},
            indent=2,
        )
    )
    before = json.loads(Path(args.compare).read_text()) if args.compare else None
    table = markdown(phases, generation, info, before=before)
    (RESULTS_DIR / "results.md").write_text(table)
    print("\n" + table)
    production = next((phase for phase in phases if phase.name == "cached"), None)
    for phase in phases:
        misses = verdict(phase)
        label = "production configuration" if phase is production else "without the cache"
        if misses:
            print(f"{phase.name} ({label}) misses: " + "; ".join(misses))
        else:
            print(f"{phase.name} ({label}): every target met")
    return 1 if production is not None and verdict(production) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
