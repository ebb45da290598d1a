"""The limit: for each benchmarked URL, hand-written SQL that fetches the rows it shows
(the page of rows in its order with what is joined to them, and the total the pagination
needs), timed from a client as psql would (`\\timing`: execute and fetch every row), its
median over a few runs. Our response time over that is the "limit ratio": what the
framework, the serializers, the templates and HTTP cost above reading the data.

Hand-written means written once here for the generated network's shape; a URL without
one (none today) is reported without a limit."""

from __future__ import annotations

import statistics
import time

RUNS = 5

# The rows of a page: 20 of them with what each shows from its joins, and their total
# (the subquery's own alias hides the outer one, so the same condition serves both).
PRACTICE_PAGE = """
    SELECT p.id, p.slug, p.title, p.summary, p.published_at, ci.name, co.name,
      (SELECT array_agg(pp.pillar_id) FROM practices_practice_pillars pp
       WHERE pp.practice_id = p.id),
      (SELECT array_agg(ps.sdg_id) FROM practices_practice_sdgs ps WHERE ps.practice_id = p.id),
      (SELECT count(*) FROM practices_practice p WHERE p.status = 'published' {where})
    FROM practices_practice p LEFT JOIN cities_city ci ON ci.id = p.city_id
    LEFT JOIN cities_country co ON co.code = ci.country_id
    WHERE p.status = 'published' {where} ORDER BY {order} LIMIT 20"""
EVENT_PAGE = """
    SELECT e.id, e.slug, e.title, e.start_date, e.end_date, e.kind, e.modality, ci.name,
      co.name, (SELECT count(*) FROM exchanges_participation pa WHERE pa.event_id = e.id),
      (SELECT count(*) FROM exchanges_event e WHERE TRUE {where})
    FROM exchanges_event e JOIN cities_city ci ON ci.id = e.host_city_id
    JOIN cities_country co ON co.code = ci.country_id
    WHERE TRUE {where} ORDER BY {order} LIMIT 20"""
CITY_PAGE = """
    SELECT ci.id, ci.slug, ci.name, ci.population, co.name, co.region,
      (SELECT count(*) FROM cities_city ci JOIN cities_country co ON co.code = ci.country_id
       WHERE TRUE {where})
    FROM cities_city ci JOIN cities_country co ON co.code = ci.country_id
    WHERE TRUE {where} ORDER BY {order} LIMIT 20"""
ROADMAP_PAGE = """
    SELECT r.id, r.slug, r.title, r.adopted_on, e.title, ci.name,
      (SELECT count(*) FROM exchanges_action a WHERE a.roadmap_id = r.id),
      (SELECT count(*) FROM exchanges_action a WHERE a.roadmap_id = r.id AND a.status = 'done'),
      (SELECT count(*) FROM exchanges_roadmap)
    FROM exchanges_roadmap r JOIN exchanges_event e ON e.id = r.event_id
    JOIN cities_city ci ON ci.id = e.host_city_id
    ORDER BY r.adopted_on DESC, r.title, r.id LIMIT 20"""
# The catalogue's facets, each a grouped count over the published practices.
FACETS = """
    SELECT 'pillar', pillar_id::text, count(*) FROM practices_practice_pillars t
      JOIN practices_practice p ON p.id = t.practice_id WHERE p.status = 'published' {where}
      GROUP BY 2
    UNION ALL SELECT 'sdg', sdg_id::text, count(*) FROM practices_practice_sdgs t
      JOIN practices_practice p ON p.id = t.practice_id WHERE p.status = 'published' {where}
      GROUP BY 2
    UNION ALL SELECT 'sector', sector_id::text, count(*) FROM practices_practice_sectors t
      JOIN practices_practice p ON p.id = t.practice_id WHERE p.status = 'published' {where}
      GROUP BY 2
    UNION ALL SELECT 'criterion', criterion_id::text, count(*) FROM practices_practice_criteria t
      JOIN practices_practice p ON p.id = t.practice_id WHERE p.status = 'published' {where}
      GROUP BY 2
    UNION ALL SELECT 'country', code, count(*) FROM (
      SELECT p.id, ci.country_id AS code FROM practices_practice p
        JOIN cities_city ci ON ci.id = p.city_id WHERE p.status = 'published' {where}
      UNION SELECT p.id, pc.country_id FROM practices_practice p
        JOIN practices_practice_countries pc ON pc.practice_id = p.id
        WHERE p.status = 'published' {where}) places GROUP BY 2
    UNION ALL SELECT 'span', start_year || '-' || coalesce(end_year, 0), count(*)
      FROM practices_practice p WHERE p.status = 'published' {where} GROUP BY 2"""
EMPLOYMENT = (
    "AND p.id IN (SELECT practice_id FROM practices_practice_pillars pp "
    "JOIN practices_pillar pi ON pi.id = pp.pillar_id WHERE pi.slug = 'employment')"
)
NEWEST = "p.published_at DESC, p.title, p.id"


def practice_page(where: str = "", order: str = NEWEST) -> str:
    return PRACTICE_PAGE.format(where=where, order=order)


def event_page(where: str = "", order: str = "e.start_date DESC, e.title, e.id") -> str:
    return EVENT_PAGE.format(where=where, order=order)


def city_page(where: str = "", order: str = "ci.name, ci.id") -> str:
    return CITY_PAGE.format(where=where, order=order)


PLACE_AFRICA = (
    "AND e.id IN (SELECT e3.id FROM exchanges_event e3 JOIN cities_city c3 ON "
    "c3.id = e3.host_city_id JOIN cities_country k3 ON k3.code = c3.country_id WHERE "
    "k3.region = 'africa' UNION SELECT pa.event_id FROM exchanges_participation pa JOIN "
    "cities_city c4 ON c4.id = pa.city_id JOIN cities_country k4 ON k4.code = c4.country_id "
    "WHERE k4.region = 'africa')"
)
PRACTICE_PLACE = (
    "AND p.id IN (SELECT p3.id FROM practices_practice p3 JOIN cities_city c3 ON c3.id = "
    "p3.city_id JOIN cities_country k3 ON k3.code = c3.country_id WHERE {country} UNION "
    "SELECT pc.practice_id FROM practices_practice_countries pc JOIN cities_country k4 ON "
    "k4.code = pc.country_id WHERE {other})"
)


def limit_sql(sample: dict[str, str]) -> dict[str, str]:
    """{url: the SQL of its limit}, for the URLs of `measuring.endpoints(sample)`."""
    city, practice, event, country = (
        sample["city"],
        sample["practice"],
        sample["event"],
        sample["country"],
    )
    in_country = PRACTICE_PLACE.format(
        country=f"k3.code = '{country}'", other=f"k4.code = '{country}'"
    )
    americas = PRACTICE_PLACE.format(
        country="k3.region = 'americas'", other="k4.region = 'americas'"
    )
    city_events = (
        f"AND e.id IN (SELECT e3.id FROM exchanges_event e3 JOIN cities_city c3 ON c3.id = "
        f"e3.host_city_id WHERE c3.slug = '{city}' UNION SELECT pa.event_id FROM "
        f"exchanges_participation pa JOIN cities_city c4 ON c4.id = pa.city_id "
        f"WHERE c4.slug = '{city}')"
    )
    return {
        "/api/v1/pillars/": "SELECT pi.*, (SELECT count(*) FROM practices_practice_pillars pp "
        "JOIN practices_practice p ON p.id = pp.practice_id WHERE pp.pillar_id = pi.id AND "
        "p.status = 'published') FROM practices_pillar pi ORDER BY pi.position",
        "/api/v1/sdgs/": "SELECT s.*, (SELECT count(*) FROM practices_practice_sdgs ps "
        "JOIN practices_practice p ON p.id = ps.practice_id WHERE ps.sdg_id = s.id AND "
        "p.status = 'published') FROM practices_sdg s ORDER BY s.number",
        "/api/v1/countries/?region=africa": "SELECT * FROM cities_country WHERE region = "
        "'africa' ORDER BY name",
        "/api/v1/cities/": city_page(),
        "/api/v1/cities/?region=africa&population_class=intermediary": city_page(
            "AND co.region = 'africa' AND ci.population BETWEEN 50000 AND 1000000"
        ),
        "/api/v1/cities/?sector=tourism&ordering=-population": city_page(
            "AND ci.id IN (SELECT cs.city_id FROM cities_city_sectors cs JOIN cities_sector s "
            "ON s.id = cs.sector_id WHERE s.slug = 'tourism')",
            order="ci.population DESC, ci.id",
        ),
        "/api/v1/organizations/?kind=donor": "SELECT o.*, (SELECT count(*) FROM "
        "cities_organization WHERE kind = 'donor') FROM cities_organization o "
        "WHERE o.kind = 'donor' ORDER BY o.name LIMIT 20",
        "/api/v1/partnerships/?status=active": "SELECT pa.*, (SELECT array_agg(city_id) FROM "
        "cities_partnership_cities pc WHERE pc.partnership_id = pa.id) FROM cities_partnership "
        "pa WHERE pa.status = 'active' ORDER BY pa.name LIMIT 20",
        "/api/v1/events/": event_page(),
        "/api/v1/events/?region=africa&status=held": event_page(
            PLACE_AFRICA + " AND e.status = 'held'"
        ),
        "/api/v1/events/?pillar=employment&year=2019": event_page(
            "AND e.id IN (SELECT ep.event_id FROM exchanges_event_pillars ep JOIN "
            "practices_pillar pi ON pi.id = ep.pillar_id WHERE pi.slug = 'employment') "
            "AND e.start_date <= '2019-12-31' AND e.end_date >= '2019-01-01'"
        ),
        "/api/v1/events/?modality=south-south&kind=study-visit": event_page(
            "AND e.modality = 'south-south' AND e.kind = 'study-visit'"
        ),
        f"/api/v1/events/?city={city}": event_page(city_events),
        "/api/v1/events/?start_after=2026-01-01&ordering=start_date": event_page(
            "AND e.start_date >= '2026-01-01'", order="e.start_date, e.id"
        ),
        "/api/v1/roadmaps/": ROADMAP_PAGE,
        "/api/v1/practices/": practice_page(),
        "/api/v1/practices/?pillar=social-protection&sdg=8": practice_page(
            "AND p.id IN (SELECT practice_id FROM practices_practice_pillars pp JOIN "
            "practices_pillar pi ON pi.id = pp.pillar_id WHERE pi.slug = 'social-protection') "
            "AND p.id IN (SELECT practice_id FROM practices_practice_sdgs ps JOIN practices_sdg "
            "s ON s.id = ps.sdg_id WHERE s.number = 8)"
        ),
        f"/api/v1/practices/?country={country}": practice_page(in_country),
        "/api/v1/practices/?region=americas&ordering=title": practice_page(
            americas, order="p.title, p.id"
        ),
        "/api/v1/practices/?stale=true": practice_page("AND p.verified_on < current_date - 730"),
        "/api/v1/practices/?year=2015&criterion=innovation": practice_page(
            "AND p.start_year <= 2015 AND (p.end_year >= 2015 OR p.end_year IS NULL) AND p.id IN "
            "(SELECT practice_id FROM practices_practice_criteria pc JOIN practices_criterion cr "
            "ON cr.id = pc.criterion_id WHERE cr.slug = 'innovation')"
        ),
        "/api/v1/adoptions/?stage=adopted": "SELECT a.*, p.title, ci.name, (SELECT count(*) "
        "FROM practices_adoption WHERE stage = 'adopted') FROM practices_adoption a JOIN "
        "practices_practice p ON p.id = a.practice_id JOIN cities_city ci ON ci.id = a.city_id "
        "WHERE a.stage = 'adopted' ORDER BY a.year DESC, a.id LIMIT 20",
        f"/api/v1/cities/{city}/": f"SELECT ci.*, co.* FROM cities_city ci JOIN cities_country "
        f"co ON co.code = ci.country_id WHERE ci.slug = '{city}'",
        f"/api/v1/events/{event}/": f"SELECT e.*, pa.*, c.name FROM exchanges_event e JOIN "
        f"exchanges_participation pa ON pa.event_id = e.id JOIN cities_city c ON "
        f"c.id = pa.city_id WHERE e.slug = '{event}'",
        f"/api/v1/practices/{practice}/": f"SELECT p.*, r.* FROM practices_practice p LEFT "
        f"JOIN practices_result r ON r.practice_id = p.id WHERE p.slug = '{practice}'",
        "/api/v1/practices/?q=cooperatives": practice_page(
            "AND p.search_vector @@ plainto_tsquery('simple', 'cooperatives')"
        ),
        "/api/v1/events/?q=vocational+training": event_page(
            "AND e.search_vector @@ plainto_tsquery('simple', 'vocational training')"
        ),
        "/api/v1/cities/?q=santa": city_page(
            "AND ci.search_vector @@ plainto_tsquery('simple', 'santa')"
        ),
        "/search/?q=cooperatives": practice_page(
            "AND p.search_vector @@ plainto_tsquery('simple', 'cooperatives')"
        ),
        "/": "SELECT count(*) FROM cities_city UNION ALL SELECT count(*) FROM exchanges_event "
        "UNION ALL SELECT count(*) FROM practices_practice WHERE status = 'published'",
        "/cities/": city_page(),
        "/events/": event_page(),
        "/practices/": practice_page() + "; " + FACETS.format(where=""),
        "/practices/?pillar=employment": practice_page(EMPLOYMENT)
        + "; "
        + FACETS.format(where=EMPLOYMENT),
        "/roadmaps/": ROADMAP_PAGE,
        f"/cities/{city}/": f"SELECT ci.*, e.title FROM cities_city ci JOIN "
        f"exchanges_participation pa ON pa.city_id = ci.id JOIN exchanges_event e ON "
        f"e.id = pa.event_id WHERE ci.slug = '{city}' ORDER BY e.start_date DESC LIMIT 20",
        f"/events/{event}/": f"SELECT e.*, pa.*, c.name FROM exchanges_event e JOIN "
        f"exchanges_participation pa ON pa.event_id = e.id JOIN cities_city c ON "
        f"c.id = pa.city_id WHERE e.slug = '{event}'",
        f"/practices/{practice}/": f"SELECT p.*, r.* FROM practices_practice p LEFT JOIN "
        f"practices_result r ON r.practice_id = p.id WHERE p.slug = '{practice}'",
    }


def time_limits(url: str, queries: dict[str, str]) -> dict[str, float]:
    """{benchmarked URL: median milliseconds to execute its SQL and fetch its rows}."""
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    limits = {}
    with connection.cursor() as cursor:
        for endpoint, sql in queries.items():
            timings = []
            for _ in range(RUNS + 1):  # the first run warms the cache, as for the URLs
                started = time.perf_counter()
                for statement in sql.split("; "):
                    cursor.execute(statement)
                    cursor.fetchall()
                timings.append((time.perf_counter() - started) * 1000)
            limits[endpoint] = statistics.median(timings[1:])
    connection.close()
    return limits
