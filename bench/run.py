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

Targets: every median within 3x the floor, searches within 5x, no error under load, a
worker under 200 MB. Exits 1 when the production configuration misses one.

The API's anonymous rate limit is raised for the run (API_RATE_ANON): the load would
otherwise be refused by design after 60 requests a minute.

The modules, one job each: scratch.py (the database and the network), serving.py (the
server), measuring.py (latencies and load), reporting.py (tables and verdicts); this one
runs the phases in order.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import asdict

from measuring import Endpoint, Phase, endpoints, measure_latencies, run_load
from reporting import machine, markdown, print_load, print_measures, verdict
from scratch import ROOT, create_network, database_exists, drop_database, sample_objects
from serving import NOT_REMADE, Server, flush_redis

RESULTS_DIR = ROOT / ".bench"


def run_phase(
    name: str,
    *,
    cache_seconds: int,
    args: argparse.Namespace,
    env: dict[str, str],
    targets: list[Endpoint],
) -> Phase:
    print(f"\n== {name}: make serve with RESPONSE_CACHE_SECONDS={cache_seconds}")
    phase_env = {**env, "RESPONSE_CACHE_SECONDS": str(cache_seconds)}
    server = Server(port=args.port, env=phase_env, log=RESULTS_DIR / f"serve-{name}.log")
    try:
        server.wait_until_healthy()
        measures = measure_latencies(args.port, targets, args.rounds)
        print_measures(measures)
        load = None
        if args.load_seconds > 0:
            load = run_load(server, targets, clients=args.clients, seconds=args.load_seconds)
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
    return parser.parse_args(argv)


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
    targets = endpoints(sample_objects(args.database_url))
    # Hashing and compressing the static files can take minutes on a busy machine: before
    # the servers start, not within their time to answer.
    subprocess.run(
        ["make", "--no-print-directory", *NOT_REMADE, "staticfiles/staticfiles.json"],
        cwd=ROOT,
        check=True,
    )
    phases: list[Phase] = []
    try:
        for name in [phase.strip() for phase in args.phases.split(",") if phase.strip()]:
            if name == "uncached":
                phases.append(run_phase(name, cache_seconds=0, args=args, env=env, targets=targets))
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
    table = markdown(phases, generation, info)
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
