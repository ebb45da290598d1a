from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from base.api.schema import AutoSchema

from .. import services
from ..models import TARGET_FIELDS, Follow
from ..selectors import follows_of
from .serializers import FollowCreateSerializer, FollowSerializer, FollowUpdateSerializer


class SignedIn(IsAuthenticated):
    message = _("Sign in to follow cities, pillars and exchanges.")


class SignedInSchema(AutoSchema):
    """Documented as the API's other endpoints, but not open to anonymous clients."""

    def get_auth(self):
        return [auth for auth in super().get_auth() if auth != {}]


FOLLOW_ID = OpenApiParameter(
    "id", {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}, OpenApiParameter.PATH
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[FOLLOW_ID]),
    partial_update=extend_schema(
        parameters=[FOLLOW_ID], request=FollowUpdateSerializer, responses={200: FollowSerializer}
    ),
    destroy=extend_schema(parameters=[FOLLOW_ID]),
    create=extend_schema(request=FollowCreateSerializer, responses={201: FollowSerializer}),
)
class FollowViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The signed-in account's follows: the cities, Decent Work pillars and exchanges
    whose news comes in its daily or weekly digest email. Another account's follow is
    a 404."""

    serializer_class = FollowSerializer
    permission_classes = [SignedIn]
    schema = SignedInSchema()
    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, drawn without a user
            return Follow.objects.none()
        return follows_of(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = FollowCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        target = next(data[field] for field in TARGET_FIELDS if data.get(field) is not None)
        follow = services.follow(by=request.user, target=target, frequency=data["frequency"])
        follow = self.get_queryset().get(pk=follow.pk)
        return Response(FollowSerializer(follow).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        follow = self.get_object()
        serializer = FollowUpdateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.set_frequency(
            follow=follow, by=request.user, frequency=serializer.validated_data["frequency"]
        )
        return Response(FollowSerializer(self.get_queryset().get(pk=follow.pk)).data)

    def perform_destroy(self, instance):
        services.unfollow(follow=instance, by=self.request.user)
