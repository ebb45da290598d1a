from rest_framework.throttling import SimpleRateThrottle

from base.models import Role
from base.roles import has_role


class RoleRateThrottle(SimpleRateThrottle):
    """One request budget per client, its rate chosen by who the client is.

    Anonymous clients are counted by address at the `anon` rate, partners by account at
    the higher `partner` rate, every other account at the `user` rate. Counts live in the
    cache, shared by every server process (Redis in production).
    """

    def __init__(self):
        # The rate depends on the request: it is read in allow_request.
        pass

    def scope_for(self, user) -> str:
        if not user.is_authenticated:
            return "anon"
        if has_role(user, Role.PARTNER):
            return "partner"
        return "user"

    def allow_request(self, request, view):
        self.scope = self.scope_for(request.user)
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
