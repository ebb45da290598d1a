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
      (SELECT count(*) FROM practices_practice p WHERE p.status = 'published' {where}){relations}
    FROM practices_practice p LEFT JOIN cities_city ci ON ci.id = p.city_id
    LEFT JOIN cities_country co ON co.code = ci.country_id
    WHERE p.status = 'published' {where} ORDER BY {order} LIMIT 20"""
# The API's practices carry their other tags, countries, organizations and latest
# review card too.
PRACTICE_RELATIONS = """,
      (SELECT array_agg(pc.country_id) FROM practices_practice_countries pc
       WHERE pc.practice_id = p.id),
      (SELECT array_agg(o.name || '/' || o.kind) FROM practices_practice_organizations po
       JOIN cities_organization o ON o.id = po.organization_id WHERE po.practice_id = p.id),
      (SELECT array_agg(pe.sector_id) FROM practices_practice_sectors pe
       WHERE pe.practice_id = p.id),
      (SELECT array_agg(pr.criterion_id) FROM practices_practice_criteria pr
       WHERE pr.practice_id = p.id),
      (SELECT row_to_json(rc) FROM practices_reviewcard rc JOIN practices_review rv
       ON rv.id = rc.review_id WHERE rv.practice_id = p.id ORDER BY rv.created_at DESC
       LIMIT 1)"""
EVENT_PAGE = """
    SELECT e.id, e.slug, e.title, e.start_date, e.end_date, e.kind, e.modality, ci.name,
      co.name, (SELECT count(*) FROM exchanges_participation pa WHERE pa.event_id = e.id),
      (SELECT count(*) FROM exchanges_event e WHERE TRUE {where}){relations}
    FROM exchanges_event e JOIN cities_city ci ON ci.id = e.host_city_id
    JOIN cities_country co ON co.code = ci.country_id
    WHERE TRUE {where} ORDER BY {order} LIMIT 20"""
# The API's cities carry their sectors and networks.
CITY_RELATIONS = """,
      (SELECT array_agg(s.slug) FROM cities_city_sectors cs JOIN cities_sector s
       ON s.id = cs.sector_id WHERE cs.city_id = ci.id),
      (SELECT array_agg(o.name) FROM cities_city_networks cn JOIN cities_organization o
       ON o.id = cn.organization_id WHERE cn.city_id = ci.id)"""
# The API's events carry their tags and what the modality rule reads (participating
# cities with their countries, countries, organizations, organizers, supporters).
EVENT_RELATIONS = """,
      (SELECT array_agg(ci2.name || '/' || ci2.country_id || '/' || pa.role)
       FROM exchanges_participation pa JOIN cities_city ci2 ON ci2.id = pa.city_id
       WHERE pa.event_id = e.id),
      (SELECT array_agg(cp.country_id) FROM exchanges_countryparticipation cp
       WHERE cp.event_id = e.id),
      (SELECT array_agg(o.name || '/' || o.kind) FROM exchanges_organizationparticipation op
       JOIN cities_organization o ON o.id = op.organization_id WHERE op.event_id = e.id),
      (SELECT array_agg(o.name) FROM exchanges_event_organizers eo
       JOIN cities_organization o ON o.id = eo.organization_id WHERE eo.event_id = e.id),
      (SELECT array_agg(o.name) FROM exchanges_event_supporters es
       JOIN cities_organization o ON o.id = es.organization_id WHERE es.event_id = e.id),
      (SELECT array_agg(pi.slug) FROM exchanges_event_pillars ep
       JOIN practices_pillar pi ON pi.id = ep.pillar_id WHERE ep.event_id = e.id),
      (SELECT array_agg(ed.sdg_id) FROM exchanges_event_sdgs ed WHERE ed.event_id = e.id),
      (SELECT array_agg(ec.sector_id) FROM exchanges_event_sectors ec WHERE ec.event_id = e.id),
      (SELECT array_agg(et.learningstage_id) FROM exchanges_event_stages et
       WHERE et.event_id = e.id),
      (SELECT array_agg(ef.learningformat_id) FROM exchanges_event_formats ef
       WHERE ef.event_id = e.id)"""
# The exchange list's order (exchanges.filters.in_list_order): upcoming ones first, the
# soonest first, then the others, the latest first.
UPCOMING = "(e.end_date >= current_date AND e.status <> 'cancelled')"
EVENT_LIST_ORDER = (
    f"{UPCOMING} DESC, CASE WHEN {UPCOMING} THEN e.start_date END ASC NULLS LAST, "
    "e.start_date DESC, e.title, e.id"
)
# What the exchange list's filters offer: the countries some city is in, the years.
COUNTRIES_WITH_CITIES = (
    "SELECT co.code, co.name FROM cities_country co WHERE EXISTS (SELECT 1 FROM cities_city "
    "ci WHERE ci.country_id = co.code) ORDER BY co.name"
)
EVENT_YEARS = (
    "SELECT extract(year FROM start_date) FROM exchanges_event UNION "
    "SELECT extract(year FROM end_date) FROM exchanges_event"
)
CITY_PAGE = """
    SELECT ci.id, ci.slug, ci.name, ci.population, co.name, co.region,
      (SELECT count(*) FROM cities_city ci JOIN cities_country co ON co.code = ci.country_id
       WHERE TRUE {where}){relations}
    FROM cities_city ci JOIN cities_country co ON co.code = ci.country_id
    WHERE TRUE {where} ORDER BY {order} LIMIT 20"""
ROADMAP_PAGE = """
    SELECT r.id, r.slug, r.title, r.adopted_on, e.title, ci.name,
      (SELECT count(*) FROM exchanges_action a WHERE a.roadmap_id = r.id),
      (SELECT count(*) FROM exchanges_action a WHERE a.roadmap_id = r.id AND a.status = 'done'),
      (SELECT count(*) FROM exchanges_roadmap){relations}
    FROM exchanges_roadmap r JOIN exchanges_event e ON e.id = r.event_id
    JOIN cities_city ci ON ci.id = e.host_city_id
    ORDER BY r.adopted_on DESC, r.title, r.id LIMIT 20"""
# The API's roadmaps carry their commitments and actions, each with its reports, the
# actions with their responsible cities and organizations and updates, the signatories,
# translations and sources.
ROADMAP_RELATIONS = """,
      (SELECT json_agg(json_build_object('text', c.text, 'reports', (SELECT json_agg(
         json_build_object('status', pr.status, 'summary', pr.summary, 'city', pc.name))
         FROM exchanges_progressreport pr LEFT JOIN cities_city pc ON pc.id = pr.city_id
         WHERE pr.commitment_id = c.id))) FROM exchanges_commitment c
       WHERE c.roadmap_id = r.id),
      (SELECT json_agg(json_build_object('title', a.title, 'status', a.status,
         'cities', (SELECT json_agg(rc.name || '/' || rc.country_id)
           FROM exchanges_action_responsible_cities arc JOIN cities_city rc
           ON rc.id = arc.city_id WHERE arc.action_id = a.id),
         'organizations', (SELECT json_agg(o.name)
           FROM exchanges_action_responsible_organizations aro JOIN cities_organization o
           ON o.id = aro.organization_id WHERE aro.action_id = a.id),
         'updates', (SELECT json_agg(json_build_object('status', u.status, 'note', u.note))
           FROM exchanges_actionupdate u WHERE u.action_id = a.id),
         'reports', (SELECT json_agg(json_build_object('status', pr.status, 'summary',
           pr.summary)) FROM exchanges_progressreport pr WHERE pr.action_id = a.id)))
       FROM exchanges_action a WHERE a.roadmap_id = r.id),
      (SELECT json_agg(sc.name) FROM exchanges_roadmap_signatory_cities rsc
       JOIN cities_city sc ON sc.id = rsc.city_id WHERE rsc.roadmap_id = r.id),
      (SELECT json_agg(so.name) FROM exchanges_roadmap_signatory_organizations rso
       JOIN cities_organization so ON so.id = rso.organization_id WHERE rso.roadmap_id = r.id),
      (SELECT json_agg(t.title) FROM exchanges_roadmaptranslation t WHERE t.roadmap_id = r.id),
      (SELECT json_agg(cs.url) FROM sources_citation cs JOIN django_content_type ct
       ON ct.id = cs.content_type_id WHERE ct.app_label = 'exchanges'
       AND ct.model = 'roadmap' AND cs.object_id = r.id)"""
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


def practice_page(where: str = "", order: str = NEWEST, relations: str = "") -> str:
    """A page of practices as a list page shows them; `relations`: and what else."""
    return PRACTICE_PAGE.format(where=where, order=order, relations=relations)


def api_practice_page(where: str = "", order: str = NEWEST) -> str:
    return practice_page(where, order, relations=PRACTICE_RELATIONS)


def event_page(where: str = "", order: str = "e.start_date DESC, e.title, e.id") -> str:
    """A page of the API's event list."""
    return EVENT_PAGE.format(where=where, order=order, relations=EVENT_RELATIONS)


def city_page(where: str = "", order: str = "ci.name, ci.id", relations: str = "") -> str:
    return CITY_PAGE.format(where=where, order=order, relations=relations)


def api_city_page(where: str = "", order: str = "ci.name, ci.id") -> str:
    return city_page(where, order, relations=CITY_RELATIONS)


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
        "/api/v1/cities/": api_city_page(),
        "/api/v1/cities/?region=africa&population_class=intermediary": api_city_page(
            "AND co.region = 'africa' AND ci.population BETWEEN 50000 AND 1000000"
        ),
        "/api/v1/cities/?sector=tourism&ordering=-population": api_city_page(
            "AND ci.id IN (SELECT cs.city_id FROM cities_city_sectors cs JOIN cities_sector s "
            "ON s.id = cs.sector_id WHERE s.slug = 'tourism')",
            order="ci.population DESC, ci.id",
        ),
        "/api/v1/organizations/?kind=donor": "SELECT o.*, (SELECT count(*) FROM "
        "cities_organization WHERE kind = 'donor') FROM cities_organization o "
        "WHERE o.kind = 'donor' ORDER BY o.name LIMIT 20",
        # With its cities, organizations, supporters and sources, and the total.
        "/api/v1/partnerships/?status=active": "SELECT pa.*, (SELECT array_agg(c.name || '/' "
        "|| c.country_id) FROM cities_partnership_cities pc JOIN cities_city c ON "
        "c.id = pc.city_id WHERE pc.partnership_id = pa.id), (SELECT array_agg(o.name) FROM "
        "cities_partnership_organizations po JOIN cities_organization o ON "
        "o.id = po.organization_id WHERE po.partnership_id = pa.id), (SELECT array_agg(o.name) "
        "FROM cities_partnership_supporters ps JOIN cities_organization o ON "
        "o.id = ps.organization_id WHERE ps.partnership_id = pa.id), (SELECT json_agg(cs.url) "
        "FROM sources_citation cs JOIN django_content_type ct ON ct.id = cs.content_type_id "
        "WHERE ct.app_label = 'cities' AND ct.model = 'partnership' AND cs.object_id = pa.id), "
        "(SELECT count(*) FROM cities_partnership WHERE status = 'active') "
        "FROM cities_partnership pa WHERE pa.status = 'active' ORDER BY pa.name LIMIT 20",
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
        "/api/v1/roadmaps/": ROADMAP_PAGE.format(relations=ROADMAP_RELATIONS),
        "/api/v1/practices/": api_practice_page(),
        "/api/v1/practices/?pillar=social-protection&sdg=8": api_practice_page(
            "AND p.id IN (SELECT practice_id FROM practices_practice_pillars pp JOIN "
            "practices_pillar pi ON pi.id = pp.pillar_id WHERE pi.slug = 'social-protection') "
            "AND p.id IN (SELECT practice_id FROM practices_practice_sdgs ps JOIN practices_sdg "
            "s ON s.id = ps.sdg_id WHERE s.number = 8)"
        ),
        f"/api/v1/practices/?country={country}": api_practice_page(in_country),
        "/api/v1/practices/?region=americas&ordering=title": api_practice_page(
            americas, order="p.title, p.id"
        ),
        "/api/v1/practices/?stale=true": api_practice_page(
            "AND p.verified_on < current_date - 730"
        ),
        "/api/v1/practices/?year=2015&criterion=innovation": api_practice_page(
            "AND p.start_year <= 2015 AND (p.end_year >= 2015 OR p.end_year IS NULL) AND p.id IN "
            "(SELECT practice_id FROM practices_practice_criteria pc JOIN practices_criterion cr "
            "ON cr.id = pc.criterion_id WHERE cr.slug = 'innovation')"
        ),
        # "adopted" is the stage now called "sustained" (LEGACY_ADOPTION_STAGES), of the
        # published practices, in the practices' order and then the cities'.
        "/api/v1/adoptions/?stage=adopted": "SELECT a.*, p.title, ci.name, (SELECT count(*) "
        "FROM practices_adoption a JOIN practices_practice p ON p.id = a.practice_id "
        "WHERE a.stage = 'sustained' AND p.status = 'published') FROM practices_adoption a "
        "JOIN practices_practice p ON p.id = a.practice_id JOIN cities_city ci ON "
        "ci.id = a.city_id WHERE a.stage = 'sustained' AND p.status = 'published' "
        f"ORDER BY {NEWEST}, ci.name, a.id LIMIT 20",
        f"/api/v1/cities/{city}/": f"SELECT ci.*, co.* FROM cities_city ci JOIN cities_country "
        f"co ON co.code = ci.country_id WHERE ci.slug = '{city}'",
        f"/api/v1/events/{event}/": f"SELECT e.*, pa.*, c.name FROM exchanges_event e JOIN "
        f"exchanges_participation pa ON pa.event_id = e.id JOIN cities_city c ON "
        f"c.id = pa.city_id WHERE e.slug = '{event}'",
        f"/api/v1/practices/{practice}/": f"SELECT p.*, r.* FROM practices_practice p LEFT "
        f"JOIN practices_result r ON r.practice_id = p.id WHERE p.slug = '{practice}'",
        "/api/v1/practices/?q=cooperatives": api_practice_page(
            "AND p.search_vector @@ plainto_tsquery('simple', 'cooperatives')"
        ),
        "/api/v1/events/?q=vocational+training": event_page(
            "AND e.search_vector @@ plainto_tsquery('simple', 'vocational training')"
        ),
        "/api/v1/cities/?q=santa": api_city_page(
            "AND ci.search_vector @@ plainto_tsquery('simple', 'santa')"
        ),
        "/search/?q=cooperatives": practice_page(
            "AND p.search_vector @@ plainto_tsquery('simple', 'cooperatives')"
        ),
        "/": "; ".join(
            [
                "SELECT count(*) FROM cities_city UNION ALL SELECT count(*) FROM (SELECT 1 "
                "FROM cities_country co WHERE EXISTS (SELECT 1 FROM cities_city ci WHERE "
                "ci.country_id = co.code)) c UNION ALL SELECT count(*) FROM exchanges_event "
                "WHERE NOT is_example AND NOT large_forum UNION ALL SELECT count(*) FROM "
                "practices_practice WHERE status = 'published'",
                # Four upcoming exchanges and four recent ones, six new practices.
                EVENT_PAGE.format(
                    where=f"AND {UPCOMING}", order="e.start_date, e.id", relations=""
                ).replace("LIMIT 20", "LIMIT 4"),
                EVENT_PAGE.format(
                    where="AND e.end_date < current_date", order="e.start_date DESC", relations=""
                ).replace("LIMIT 20", "LIMIT 4"),
                practice_page().replace("LIMIT 20", "LIMIT 6"),
                "SELECT pi.slug, pi.name, count(p.id) FROM practices_pillar pi LEFT JOIN "
                "practices_practice_pillars pp ON pp.pillar_id = pi.id LEFT JOIN "
                "practices_practice p ON p.id = pp.practice_id AND p.status = 'published' "
                "GROUP BY pi.id ORDER BY pi.position",
            ]
        ),
        # The directory's filters offer the countries, sectors and networks of its cities.
        "/cities/": "; ".join(
            [
                city_page(),
                COUNTRIES_WITH_CITIES,
                "SELECT s.slug, s.name FROM cities_sector s WHERE EXISTS (SELECT 1 FROM "
                "cities_city_sectors cs WHERE cs.sector_id = s.id) ORDER BY s.name",
                "SELECT o.slug, o.name FROM cities_organization o WHERE EXISTS (SELECT 1 FROM "
                "cities_city_networks cn WHERE cn.organization_id = o.id) ORDER BY o.name",
            ]
        ),
        "/events/": "; ".join(
            [
                EVENT_PAGE.format(where="", order=EVENT_LIST_ORDER, relations=""),
                COUNTRIES_WITH_CITIES,
                EVENT_YEARS,
            ]
        ),
        "/practices/": practice_page() + "; " + FACETS.format(where=""),
        "/practices/?pillar=employment": practice_page(EMPLOYMENT)
        + "; "
        + FACETS.format(where=EMPLOYMENT),
        "/roadmaps/": ROADMAP_PAGE.format(relations=""),
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
