"""Sending one signed notification to a partner's URL, safely.

The portal calls addresses a partner chose, so the request must not become a way into
the portal's own network (SSRF): the host is resolved at connection time, every address
it resolves to is checked, and the connection goes to a checked address (a second
lookup that answers differently cannot slip in). Private, loopback, link-local
(169.254.169.254, cloud metadata), reserved and multicast addresses are refused unless
WEBHOOK_ALLOW_PRIVATE_TARGETS is set (development, the tests' local server). Redirects
are not followed, proxies from the environment are not used, and the request gives up
after WEBHOOK_TIMEOUT_SECONDS.
"""

import hashlib
import hmac
import ipaddress
import socket
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as urllib3_connection

SIGNATURE_HEADER = "X-PeerCities-Signature"
TIMESTAMP_HEADER = "X-PeerCities-Timestamp"
DELIVERY_HEADER = "X-PeerCities-Delivery"
EVENT_HEADER = "X-PeerCities-Event"
USER_AGENT = "PeerCities-Webhooks/1"
# How much of a partner's answer is read and kept in the delivery log.
RESPONSE_EXCERPT_BYTES = 500


@dataclass(frozen=True)
class Answer:
    status_code: int
    excerpt: str


class UnsafeTarget(ValueError):
    """The target resolves to an address the portal must not call."""


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of `<timestamp>.<raw body>` with the
    subscription's secret. The timestamp is signed so that an old request replayed
    later fails the partner's freshness check."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


# IPv6 addresses that carry an IPv4 address a gateway may forward to (RFC 6052).
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (::ffff:127.0.0.1 is 127.0.0.1), if any."""
    if ip in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.ipv4_mapped or ip.sixtofour


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])  # an IPv6 zone (`fe80::1%eth0`)
    if ip.version == 6:
        ip = _embedded_ipv4(ip) or ip
    return ip.is_global and not ip.is_multicast


def checked_address(host: str, port: int) -> str:
    """The first address `host` resolves to, once every address it resolves to is
    public (or private ones are allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OSError(f"Cannot resolve {host}: {error}") from error
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        refused = sorted({info[4][0] for info in infos if not is_public_address(info[4][0])})
        if refused:
            raise UnsafeTarget(
                _("The target %(host)s resolves to a private address (%(addresses)s).")
                % {"host": host, "addresses": ", ".join(refused)}
            )
    return infos[0][4][0]


class _CheckedConnectionMixin:
    def _new_conn(self):
        address = checked_address(self._dns_host, self.port)
        try:
            # Connect to the checked address; TLS still verifies the certificate against
            # the host name (`self.host`), which is left unchanged.
            return urllib3_connection.create_connection(
                (address, self.port),
                self.timeout,
                source_address=self.source_address,
                socket_options=self.socket_options,
            )
        except TimeoutError as error:
            raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from error
        except OSError as error:
            raise NewConnectionError(self, f"Failed to connect: {error}") from error


class CheckedHTTPConnection(_CheckedConnectionMixin, HTTPConnection):
    pass


class CheckedHTTPSConnection(_CheckedConnectionMixin, HTTPSConnection):
    pass


class CheckedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = CheckedHTTPConnection


class CheckedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = CheckedHTTPSConnection


class CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": CheckedHTTPConnectionPool,
            "https": CheckedHTTPSConnectionPool,
        }


def post_signed(
    *, url: str, body: bytes, secret: str, delivery_id: str, event_type: str, timestamp: str
) -> Answer:
    """POST `body` to `url`, signed; the answer, whatever its status. Raises
    UnsafeTarget for a refused address and requests' errors (OSError) for the network."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        DELIVERY_HEADER: delivery_id,
        EVENT_HEADER: event_type,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret=secret, timestamp=timestamp, body=body),
    }
    with requests.Session() as session:
        session.trust_env = False  # no proxy nor .netrc from the worker's environment
        session.mount("http://", CheckedAdapter(max_retries=0))
        session.mount("https://", CheckedAdapter(max_retries=0))
        response = session.post(
            url,
            data=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
            stream=True,
        )
        try:
            # Read no more of the answer than the log keeps: a partner's server cannot
            # make a worker download a large body.
            excerpt = response.raw.read(RESPONSE_EXCERPT_BYTES, decode_content=True)
        finally:
            response.close()
    return Answer(
        status_code=response.status_code, excerpt=excerpt.decode("utf-8", errors="replace")
    )
