"""Measuring: the URLs requested and their targets, the latency of each one at a time
(median, 95th percentile, ratio to the floor endpoint's median), and the throughput,
errors and worker memory of concurrent clients."""

from __future__ import annotations

import random
import statistics
import threading
import time
from dataclasses import dataclass, field

from serving import Server, memory_mb, request

FLOOR = "/api/v1/pillars/"
# The API's root reads nothing: its time is what any request costs before its data (HTTP,
# gunicorn, the middleware, DRF), the part of a limit ratio no query can remove.
STACK = "/api/v1/"
TARGET_RATIO = 3.0
TARGET_LIMIT_RATIO = 5.0
TARGET_SEARCH_RATIO = 5.0
TARGET_WORKER_MB = 200.0
SLOW_WARM_UP_MS = 2000
SLOW_ROUNDS = 3


@dataclass
class Endpoint:
    url: str
    kind: str  # floor, stack, list, detail, search, page

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
    limit_ms: float | None = None  # the hand-written SQL's time (limits.py)
    queries: int | None = None  # the queries one request makes (counting.py)
    sql_ms: float | None = None  # of a request in process: in the database (counting.py)
    python_ms: float | None = None  # and in Python

    @property
    def limit_ratio(self) -> float | None:
        return self.median_ms / self.limit_ms if self.limit_ms else None

    @property
    def meets_target(self) -> bool:
        return self.errors == 0 and self.ratio <= self.target

    @property
    def is_list(self) -> bool:
        """An API list or a page of lists (`/events/`, the home page), not an object's."""
        return self.kind == "list" or (self.kind == "page" and self.url.count("/") <= 2)

    @property
    def over_limit(self) -> bool:
        """A list more than TARGET_LIMIT_RATIO times its hand-written SQL."""
        return self.is_list and bool(self.limit_ratio) and self.limit_ratio > TARGET_LIMIT_RATIO


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


def endpoints(sample: dict[str, str]) -> list[Endpoint]:
    city, practice, event, country = (
        sample["city"],
        sample["practice"],
        sample["event"],
        sample["country"],
    )
    return [
        Endpoint(FLOOR, "floor"),
        Endpoint(STACK, "stack"),
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
