"""The API's rate limits: a fixed-window counter per client in the shared cache.

DRF's own throttles keep a list of request times per client, read it, and write it back:
two processes reading the same list at once both let their request through, so under
load more requests pass than the rate allows. Here each request is one atomic increment
of a counter for the client's current window (`cache.add` then `cache.incr`: SET NX and
INCR in Redis, under a lock in the local memory cache), so however many workers and hosts
count at once, each window lets exactly the rate through.

The price of a fixed window: a client may spend its budget at the end of one window and
again at the start of the next. Over any span of one window it gets at most twice the
rate, never more.

The counts are only shared if the cache is: production refuses a per-process cache
unless told otherwise (`base.checks`).
"""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.throttling import SimpleRateThrottle

from base.models import Role
from base.roles import has_role


class RoleRateThrottle(SimpleRateThrottle):
    """One request budget per client, its rate chosen by who the client is.

    Anonymous clients are counted by address at the `anon` rate, partners by account at
    the higher `partner` rate, every other account at the `user` rate. Requests whose
    credentials are refused count against their address's `anon` budget
    (`RateLimitedTokenAuthentication`).
    """

    cache_format = "throttle:%(scope)s:%(ident)s:%(window)d"

    def __init__(self):
        # The rate depends on the request: it is read in allow_request.
        self.seconds_left = 0.0

    def scope_for(self, user) -> str:
        if not user.is_authenticated:
            return "anon"
        if has_role(user, Role.PARTNER):
            return "partner"
        return "user"

    def allow_request(self, request, view):
        user = request.user
        ident = user.pk if user.is_authenticated else self.get_ident(request)
        return self.count(scope=self.scope_for(user), ident=ident)

    def count(self, *, scope: str, ident) -> bool:
        """Count one request of `ident` at the `scope` rate; whether the budget allows it."""
        self.scope = scope
        self.rate = self.get_rate()
        limit, duration = self.parse_rate(self.rate)
        now = self.timer()
        window = int(now // duration)
        self.seconds_left = (window + 1) * duration - now
        key = self.cache_format % {"scope": scope, "ident": ident, "window": window}
        # Two windows long: the key outlives its window on a host whose clock lags.
        timeout = 2 * duration
        # Only the first request of the window creates the counter.
        self.cache.add(key, 0, timeout=timeout)
        try:
            requests = self.cache.incr(key)
        except ValueError:
            # Evicted between the two calls: a new count, this request its first.
            self.cache.set(key, 1, timeout=timeout)
            requests = 1
        return requests <= limit

    def wait(self):
        return self.seconds_left


class RateLimitedTokenAuthentication(TokenAuthentication):
    """Token authentication whose refusals count against the client's address.

    A client trying keys (or sending a wrong one in a loop) never becomes a user, and
    DRF checks throttles only after authentication succeeds: without this, refused
    tokens would cost nothing. Past the anonymous budget, a 429 with `Retry-After`
    instead of a 401.
    """

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle = RoleRateThrottle()
            if not throttle.count(scope="anon", ident=throttle.get_ident(request)):
                raise Throttled(throttle.wait()) from None
            raise
