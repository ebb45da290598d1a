"""Partners' web pages read the API from other sites: anonymous reads only, never with
credentials (base/cors.py, CORS_* settings)."""

PARTNER = "https://maps.partner.example"
ALLOW_ORIGIN = "Access-Control-Allow-Origin"


def preflight(client, url, method, headers=""):
    return client.options(
        url,
        HTTP_ORIGIN=PARTNER,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


def listed(response, header) -> set[str]:
    return {item.strip().lower() for item in response.get(header, "").split(",") if item.strip()}


def test_an_anonymous_read_from_another_site_is_allowed(api, network):
    response = api.get("/api/v1/cities/", HTTP_ORIGIN=PARTNER)
    assert response.status_code == 200
    assert response[ALLOW_ORIGIN] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    # A partner's page may read the ETag (to revalidate) and the licence link.
    assert {"etag", "link"} <= listed(response, "Access-Control-Expose-Headers")


def test_exports_and_revalidations_are_allowed(api, network):
    export = api.get("/api/v1/events/", {"format": "ics"}, HTTP_ORIGIN=PARTNER)
    assert export[ALLOW_ORIGIN] == "*"
    head = api.head("/api/v1/cities/maputo/", HTTP_ORIGIN=PARTNER)
    assert head[ALLOW_ORIGIN] == "*"


def test_the_preflight_allows_reads_and_revalidation_only(api, db):
    response = preflight(api, "/api/v1/events/", "GET", "if-none-match")
    assert response.status_code == 200
    assert response[ALLOW_ORIGIN] == "*"
    assert listed(response, "Access-Control-Allow-Methods") == {"get", "head", "options"}
    allowed_headers = listed(response, "Access-Control-Allow-Headers")
    assert "if-none-match" in allowed_headers
    # A browser may not send a token, nor a JSON body, from another site.
    assert "authorization" not in allowed_headers
    assert "content-type" not in allowed_headers
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_for_a_write_names_no_write_method(api, db):
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = preflight(api, "/api/v1/events/", method, "content-type")
        assert method.lower() not in listed(response, "Access-Control-Allow-Methods"), method


def test_a_cross_origin_write_gets_no_cors_header(api, db):
    # A form-encoded POST needs no preflight: its answer must still not be readable.
    response = api.post("/api/v1/events/", {"title": "x"}, HTTP_ORIGIN=PARTNER)
    assert response.status_code in (401, 403)
    assert ALLOW_ORIGIN not in response


def test_a_request_with_a_token_or_a_session_gets_no_credentials(api, client, network, curator):
    with_token = api.get(
        "/api/v1/cities/", HTTP_ORIGIN=PARTNER, HTTP_AUTHORIZATION="Token something"
    )
    assert ALLOW_ORIGIN not in with_token
    client.force_login(curator)
    with_session = client.get("/api/v1/practices/", HTTP_ORIGIN=PARTNER)
    # A browser sends the cookie only in credentials mode, which `*` without
    # Allow-Credentials refuses: the page never reads a curator's answer.
    assert with_session[ALLOW_ORIGIN] == "*"
    assert "Access-Control-Allow-Credentials" not in with_session


def test_pages_and_the_admin_are_not_shared_with_other_sites(client, network):
    for url in ("/cities/", "/admin/login/", "/accounts/login/"):
        assert ALLOW_ORIGIN not in client.get(url, HTTP_ORIGIN=PARTNER), url
    assert ALLOW_ORIGIN not in preflight(client, "/cities/", "GET")
