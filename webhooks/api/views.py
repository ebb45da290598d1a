from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from base.api.schema import AutoSchema
from base.permissions import can_manage_webhooks

from .. import services
from ..models import Subscription
from ..selectors import deliveries_of, subscriptions_of
from .serializers import DeliverySerializer, NewSubscriptionSerializer, SubscriptionSerializer


class ManagesWebhooks(IsAuthenticated):
    """Partners and curators; anonymous clients get a 401, other accounts a 403. Each
    sees only their own subscriptions (another's is a 404)."""

    message = _("Only partners and curators subscribe to webhooks.")

    def has_permission(self, request, view):
        return can_manage_webhooks(request.user)


class SignedInSchema(AutoSchema):
    """Documented as the API's other endpoints, but none of it is open to anonymous
    clients."""

    def get_auth(self):
        return [auth for auth in super().get_auth() if auth != {}]


# The primary key's range (a BigAutoField); any other number is a 404.
SUBSCRIPTION_ID = OpenApiParameter(
    "id", {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}, OpenApiParameter.PATH
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[SUBSCRIPTION_ID]),
    partial_update=extend_schema(parameters=[SUBSCRIPTION_ID]),
    destroy=extend_schema(parameters=[SUBSCRIPTION_ID]),
    deliveries=extend_schema(parameters=[SUBSCRIPTION_ID]),
    ping=extend_schema(parameters=[SUBSCRIPTION_ID]),
)
class SubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A partner's webhook subscriptions: notifications of `practice.published`,
    `event.created`, `event.updated` and `event.cancelled`, POSTed as signed JSON."""

    serializer_class = SubscriptionSerializer
    permission_classes = [ManagesWebhooks]
    schema = SignedInSchema()
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, drawn without a user
            return Subscription.objects.none()
        return subscriptions_of(self.request.user)

    @extend_schema(responses={201: NewSubscriptionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription = services.create_subscription(by=request.user, **serializer.validated_data)
        return Response(
            NewSubscriptionSerializer(subscription).data, status=status.HTTP_201_CREATED
        )

    def partial_update(self, request, *args, **kwargs):
        subscription = self.get_object()
        serializer = self.get_serializer(subscription, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        subscription = services.update_subscription(
            subscription=subscription, by=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(subscription).data)

    def perform_destroy(self, instance):
        services.delete_subscription(subscription=instance, by=self.request.user)

    @extend_schema(responses={200: DeliverySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        """The subscription's delivery log, newest first."""
        page = self.paginate_queryset(deliveries_of(self.get_object()))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses={202: DeliverySerializer})
    @action(detail=True, methods=["post"])
    def ping(self, request, pk=None):
        """Queue a `ping` notification to the subscription's URL; its outcome is in the
        delivery log."""
        delivery = services.ping_subscription(subscription=self.get_object(), by=request.user)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
