from __future__ import annotations

from django.contrib import admin

from annotator.models import Campaign, GoldLabel, Label, LabelEvent, Review


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "reviews_per_article", "is_open", "created_at"]
    list_filter = ["is_open", "created_at"]
    search_fields = ["name", "guidelines"]
    filter_horizontal = ["reviewers"]
    raw_id_fields = ["articles"]


class LabelInline(admin.TabularInline):
    model = Label
    fields = readonly_fields = ("sentence", "value", "source", "note", "updated_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["article", "reviewer", "campaign", "status", "started_at", "submitted_at"]
    list_filter = ["status", "campaign", "reviewer"]
    search_fields = ["article__title", "reviewer__username", "campaign__name"]
    list_select_related = ["article", "reviewer", "campaign"]
    raw_id_fields = ["article"]
    inlines = [LabelInline]


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["sentence", "value", "source", "review", "updated_at"]
    list_filter = ["value", "review__campaign", "review__reviewer"]
    search_fields = ["sentence__text", "source", "note"]
    list_select_related = ["sentence", "review__reviewer", "review__article"]
    raw_id_fields = ["review", "sentence"]


@admin.register(LabelEvent)
class LabelEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "sentence", "before", "after"]
    list_filter = ["review__campaign", "actor"]
    search_fields = ["sentence__text", "actor__username"]
    list_select_related = ["actor", "sentence"]
    readonly_fields = ["review", "sentence", "actor", "created_at", "before", "after"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(GoldLabel)
class GoldLabelAdmin(admin.ModelAdmin):
    list_display = ["sentence", "value", "method", "campaign", "decided_by", "decided_at"]
    list_filter = ["method", "value", "campaign"]
    search_fields = ["sentence__text"]
    list_select_related = ["sentence", "campaign", "decided_by"]
    raw_id_fields = ["sentence"]
