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
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS_DIR = ROOT / ".bench"

FLOOR = "/api/v1/pillars/"
TARGET_RATIO = 3.0
TARGET_SEARCH_RATIO = 5.0
TARGET_WORKER_MB = 200.0
SLOW_WARM_UP_MS = 2000
SLOW_ROUNDS = 3


@dataclass
class Endpoint:
    url: str
    kind: str  # floor, list, detail, search, page

    @property
    def target(self) -> float:
        return TARGET_SEARCH_RATIO if self.kind == "search" else TARGET_RATIO

    @property
    def accept(self) -> str:
        return "application/json" if self.url.startswith("/api/") else "text/html"


@dataclass
class Measure:
    url: str
    kind: str
    median_ms: float
    p95_ms: float
    ratio: float
    target: float
    errors: int

    @property
    def meets_target(self) -> bool:
        return self.errors == 0 and self.ratio <= self.target


@dataclass
class Load:
    clients: int
    seconds: float
    requests: int
    errors: int
    requests_per_second: float
    worker_peak_mb: float
    workers_seen: int
    error_samples: list[str] = field(default_factory=list)


@dataclass
class Phase:
    name: str
    cache_seconds: int
    measures: list[Measure]
    load: Load | None


# --- the database ------------------------------------------------------------------------


def database_parts(url: str) -> tuple[str, str]:
    """(the URL of the server's maintenance database, the name of the bench database)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not name:
        sys.exit(f"bench: --database-url must be a PostgreSQL URL with a name, not {url!r}")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(url: str) -> None:
    import psycopg2

    maintenance, name = database_parts(url)
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def database_exists(url: str) -> bool:
    import psycopg2

    maintenance, name = database_parts(url)
    connection = psycopg2.connect(maintenance)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    connection.close()
    return found


def drop_database(url: str) -> None:
    import psycopg2

    maintenance, name = database_parts(url)
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def manage_echoed(*args: str, env: dict[str, str]) -> list[str]:
    """Run a management command, echoing its output; returns its lines."""
    process = subprocess.Popen(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line.strip())
    if process.wait() != 0:
        raise subprocess.CalledProcessError(process.returncode, args)
    return lines


def sample_objects(url: str) -> dict[str, str]:
    """Slugs of a few generated objects to request, the busiest where it matters."""
    import psycopg2

    connection = psycopg2.connect(url)
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.slug FROM cities_city c JOIN exchanges_participation p
               ON p.city_id = c.id WHERE c.slug LIKE 'gen-%%'
               GROUP BY c.slug ORDER BY count(*) DESC, c.slug LIMIT 1"""
        )
        city = cursor.fetchone()[0]
        cursor.execute(
            """SELECT slug FROM practices_practice WHERE slug LIKE 'gen-%%'
               AND status = 'published' ORDER BY slug LIMIT 1 OFFSET 100"""
        )
        practice = cursor.fetchone()[0]
        cursor.execute(
            """SELECT slug FROM exchanges_event WHERE slug LIKE 'gen-%%' AND status = 'held'
               ORDER BY slug LIMIT 1 OFFSET 100"""
        )
        event = cursor.fetchone()[0]
        cursor.execute(
            """SELECT co.code FROM cities_city c JOIN cities_country co ON co.code = c.country_id
               WHERE c.slug LIKE 'gen-%%' GROUP BY co.code ORDER BY count(*) DESC LIMIT 1"""
        )
        country = cursor.fetchone()[0]
    connection.close()
    return {"city": city, "practice": practice, "event": event, "country": country}


def endpoints(sample: dict[str, str]) -> list[Endpoint]:
    city, practice, event, country = (
        sample["city"],
        sample["practice"],
        sample["event"],
        sample["country"],
    )
    return [
        Endpoint(FLOOR, "floor"),
        Endpoint("/api/v1/sdgs/", "list"),
        Endpoint("/api/v1/countries/?region=africa", "list"),
        Endpoint("/api/v1/cities/", "list"),
        Endpoint("/api/v1/cities/?region=africa&population_class=intermediary", "list"),
        Endpoint("/api/v1/cities/?sector=tourism&ordering=-population", "list"),
        Endpoint("/api/v1/organizations/?kind=donor", "list"),
        Endpoint("/api/v1/partnerships/?status=active", "list"),
        Endpoint("/api/v1/events/", "list"),
        Endpoint("/api/v1/events/?region=africa&status=held", "list"),
        Endpoint("/api/v1/events/?pillar=employment&year=2019", "list"),
        Endpoint("/api/v1/events/?modality=south-south&kind=study-visit", "list"),
        Endpoint(f"/api/v1/events/?city={city}", "list"),
        Endpoint("/api/v1/events/?start_after=2026-01-01&ordering=start_date", "list"),
        Endpoint("/api/v1/roadmaps/", "list"),
        Endpoint("/api/v1/practices/", "list"),
        Endpoint("/api/v1/practices/?pillar=social-protection&sdg=8", "list"),
        Endpoint(f"/api/v1/practices/?country={country}", "list"),
        Endpoint("/api/v1/practices/?region=americas&ordering=title", "list"),
        Endpoint("/api/v1/practices/?stale=true", "list"),
        Endpoint("/api/v1/practices/?year=2015&criterion=innovation", "list"),
        Endpoint("/api/v1/adoptions/?stage=adopted", "list"),
        Endpoint(f"/api/v1/cities/{city}/", "detail"),
        Endpoint(f"/api/v1/events/{event}/", "detail"),
        Endpoint(f"/api/v1/practices/{practice}/", "detail"),
        Endpoint("/api/v1/practices/?q=cooperatives", "search"),
        Endpoint("/api/v1/events/?q=vocational+training", "search"),
        Endpoint("/api/v1/cities/?q=santa", "search"),
        Endpoint("/search/?q=cooperatives", "search"),
        Endpoint("/", "page"),
        Endpoint("/cities/", "page"),
        Endpoint("/events/", "page"),
        Endpoint("/practices/", "page"),
        Endpoint("/practices/?pillar=employment", "page"),
        Endpoint("/roadmaps/", "page"),
        Endpoint(f"/cities/{city}/", "page"),
        Endpoint(f"/events/{event}/", "page"),
        Endpoint(f"/practices/{practice}/", "page"),
    ]


# --- the server ----------------------------------------------------------------------------


class Server:
    """`make serve` in its own process group, stopped with the whole group."""

    def __init__(self, *, port: int, env: dict[str, str], log: Path) -> None:
        self.port = port
        self.log = log.open("w")
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_healthy(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"make serve exited; see {self.log.name}")
            try:
                status, _body = request(self.port, "/healthz", "application/json", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the server did not answer /healthz in {timeout:.0f} s")

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: the children of the master, itself a child of make."""
        children = children_of(self.process.pid)
        masters = [pid for pid in children if b"gunicorn" in cmdline(pid)]
        return [worker for master in masters for worker in children_of(master)]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def memory_mb(pid: int) -> float:
    """The peak resident memory of a process so far (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def request(port: int, url: str, accept: str, timeout: float = 60) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", url, headers={"Accept": accept, "Accept-Language": "en"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- measuring -------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def timed_request(port: int, endpoint: Endpoint) -> tuple[float, bool]:
    """(milliseconds, whether it failed): a timeout or a broken connection is a failure
    that took as long as it took."""
    started = time.perf_counter()
    try:
        status, _body = request(port, endpoint.url, endpoint.accept)
        failed = status != 200
    except OSError:
        failed = True
    return (time.perf_counter() - started) * 1000, failed


def measure_latencies(port: int, targets: list[Endpoint], rounds: int) -> list[Measure]:
    """Every URL in turn, `rounds` times, after two warm-up requests each: a slowdown of
    the machine hits every URL alike, so the ratios hold. A URL whose warm-up took over
    2 s gets 3 rounds only, so that one slow page cannot hold the run for an hour."""
    timings: dict[str, list[float]] = {endpoint.url: [] for endpoint in targets}
    errors: dict[str, int] = {endpoint.url: 0 for endpoint in targets}
    slow: set[str] = set()
    for _ in range(2):
        for endpoint in targets:
            elapsed, _failed = timed_request(port, endpoint)
            if elapsed > SLOW_WARM_UP_MS:
                slow.add(endpoint.url)
    for number in range(rounds):
        for endpoint in targets:
            if endpoint.url in slow and number >= SLOW_ROUNDS:
                continue
            elapsed, failed = timed_request(port, endpoint)
            timings[endpoint.url].append(elapsed)
            errors[endpoint.url] += failed
    floor = statistics.median(timings[FLOOR])
    return [
        Measure(
            url=endpoint.url,
            kind=endpoint.kind,
            median_ms=statistics.median(timings[endpoint.url]),
            p95_ms=percentile(timings[endpoint.url], 0.95),
            ratio=statistics.median(timings[endpoint.url]) / floor,
            target=endpoint.target,
            errors=errors[endpoint.url],
        )
        for endpoint in targets
    ]


def run_load(server: Server, targets: list[Endpoint], *, clients: int, seconds: float) -> Load:
    """`clients` threads requesting the URLs in a shuffled order for `seconds`; a sampler
    keeps the largest peak memory of any worker (workers may be recycled meanwhile)."""
    stop_at = time.monotonic() + seconds
    counts = {"requests": 0, "errors": 0}
    samples: list[str] = []
    lock = threading.Lock()
    peak = {"mb": 0.0}
    seen: set[int] = set()

    def client(number: int) -> None:
        order = list(targets)
        random.Random(number).shuffle(order)
        index = 0
        while time.monotonic() < stop_at:
            endpoint = order[index % len(order)]
            index += 1
            try:
                status, _body = request(server.port, endpoint.url, endpoint.accept)
                failed = status != 200
                detail = f"{status} {endpoint.url}"
            except OSError as error:
                failed, detail = True, f"{type(error).__name__} {endpoint.url}"
            with lock:
                counts["requests"] += 1
                if failed:
                    counts["errors"] += 1
                    if len(samples) < 10:
                        samples.append(detail)

    def sampler() -> None:
        while time.monotonic() < stop_at + 0.5:
            for pid in server.worker_pids():
                seen.add(pid)
                peak["mb"] = max(peak["mb"], memory_mb(pid))
            time.sleep(0.2)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    threads.append(threading.Thread(target=sampler))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = min(time.monotonic() - started, seconds + 60)
    return Load(
        clients=clients,
        seconds=seconds,
        requests=counts["requests"],
        errors=counts["errors"],
        requests_per_second=counts["requests"] / max(elapsed, 0.001),
        worker_peak_mb=peak["mb"],
        workers_seen=len(seen),
        error_samples=samples,
    )


def flush_redis(url: str) -> bool:
    """Empty the bench's own Redis database; False when Redis does not answer."""
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
        client.close()
    except Exception as error:  # any failure means: no usable Redis for this run
        print(f"bench: Redis at {url} is not usable ({error}); the cached phase is skipped")
        return False
    return True


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


# --- reporting -------------------------------------------------------------------------------


def print_measures(measures: list[Measure]) -> None:
    print(f"{'endpoint':<66} {'median':>8} {'p95':>8} {'ratio':>6} {'target':>6}")
    for measure in measures:
        verdict = "ok" if measure.meets_target else "MISS"
        print(
            f"{measure.url[:66]:<66} {measure.median_ms:7.1f}ms {measure.p95_ms:7.1f}ms "
            f"{measure.ratio:5.2f}x {measure.target:5.0f}x {verdict}"
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


def markdown(phases: list[Phase], generation: dict, info: dict) -> str:
    """The figures as the README's tables."""
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
    names = [phase.name for phase in phases]
    header = "| endpoint | kind | " + " | ".join(
        f"{name} median (p95) | {name} ratio" for name in names
    )
    lines += [header + " |", "|" + " --- |" * (2 + 2 * len(names))]
    by_url = {phase.name: {m.url: m for m in phase.measures} for phase in phases}
    for measure in phases[0].measures:
        cells = [f"`{measure.url}`", measure.kind]
        for name in names:
            other = by_url[name][measure.url]
            cells += [f"{other.median_ms:.1f} ms ({other.p95_ms:.1f})", f"{other.ratio:.2f}x"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "| phase | clients | req/s | errors | peak worker memory |", "|" + " --- |" * 5]
    for phase in phases:
        if phase.load:
            load = phase.load
            lines.append(
                f"| {phase.name} | {load.clients} x {load.seconds:.0f} s | "
                f"{load.requests_per_second:.1f} | {load.errors} | {load.worker_peak_mb:.0f} MB |"
            )
    return "\n".join(lines) + "\n"


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


# --- main --------------------------------------------------------------------------------


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
        print(f"== a scratch database: {database_parts(args.database_url)[1]}")
        recreate_database(args.database_url)
        manage("migrate", "--noinput", "--verbosity", "0", env={**env, "DEBUG": "true"})
        size = [
            f"--cities={args.cities}",
            f"--events={args.events}",
            f"--practices={args.practices}",
            f"--seed={args.seed}",
        ]
        started = time.monotonic()
        output = manage_echoed("generate_network", *size, env={**env, "DEBUG": "true"})
        generation = {
            "size": f"{args.cities} cities, {args.events} events, {args.practices} practices",
            "seconds": time.monotonic() - started,
            "rows": next(
                (line.split()[1] for line in output if line.startswith("Generated ")), "?"
            ),
        }
        # Fresh statistics, as autovacuum would gather them soon after a load this size.
        analyze(args.database_url)
    targets = endpoints(sample_objects(args.database_url))
    # Hashing and compressing the static files can take minutes on a busy machine: before
    # the servers start, not within their time to answer.
    subprocess.run(
        ["make", "--no-print-directory", "staticfiles/staticfiles.json"], cwd=ROOT, check=True
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


def analyze(url: str) -> None:
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
