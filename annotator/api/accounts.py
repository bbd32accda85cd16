"""Every user's own API tokens: list, create (with a password) and revoke."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from annotator.accounts.tokens import PasswordAuthentication, token_create, token_revoke
from annotator.api.common import _caller
from annotator.ids import parse_id
from annotator.models import ApiToken
from articles.plain_text import MaxChars, plain_text


class ApiTokenSerializer(serializers.ModelSerializer):
    prefix = serializers.CharField(read_only=True, help_text="The token's first characters.")

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = ["created_at", "last_used_at"]
        extra_kwargs = {"name": {"validators": [plain_text, MaxChars("NAME_MAX_CHARS")]}}


class NewApiTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(
        read_only=True, help_text="The secret: shown this once, never stored. Copy it now."
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]


@extend_schema_view(
    list=extend_schema(description="Your own API tokens (never anyone else's)."),
    create=extend_schema(
        description="Make a token; the response carries its secret, shown this once.",
        request=ApiTokenSerializer,
        responses={201: NewApiTokenSerializer},
    ),
    destroy=extend_schema(description="Revoke one of your tokens: it stops working at once."),
)
class ApiTokenViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Personal API tokens, for ``Authorization: Bearer <token>``.

    The one place a password is taken (HTTP Basic) besides the login page: so a script can
    make its first token with curl. Every other endpoint takes a token or the session.
    """

    authentication_classes = [
        # Classes at run time: the settings object imports the dotted paths it is given.
        *cast("list[type[BaseAuthentication]]", api_settings.DEFAULT_AUTHENTICATION_CLASSES),
        PasswordAuthentication,
    ]
    serializer_class = ApiTokenSerializer

    def get_queryset(self) -> QuerySet[ApiToken]:
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=_caller(self.request))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = ApiTokenSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        token, secret = token_create(user=_caller(request), name=given.validated_data["name"])
        token.token = secret  # type: ignore[attr-defined]
        return Response(NewApiTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raw = str(kwargs.get("pk", ""))
        token_id = parse_id(raw)
        if token_id is None or not token_revoke(user=_caller(request), token_id=token_id):
            raise NotFound("No such token of yours.")
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("tokens", ApiTokenViewSet, basename="api-token")
