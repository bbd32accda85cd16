"""API views. Thin: validate, check permission, call a service or selector."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from articles.models import Outlet


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "domain", "slug"]


class OutletViewSet(viewsets.ReadOnlyModelViewSet):
    """Outlets (publishers) of the corpus."""

    queryset = Outlet.objects.order_by("name", "pk")
    serializer_class = OutletSerializer
