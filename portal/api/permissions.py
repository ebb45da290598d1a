from rest_framework.permissions import SAFE_METHODS, BasePermission


class ActionPermission(BasePermission):
    """The one place that decides who may run which action of the API.

    Every action is a read for now, open to any client, signed in or not. The write
    actions still to come (event registrations, practice submission and review) add
    their rule here by `view.action`, with object-level checks in
    `has_object_permission`.
    """

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS
