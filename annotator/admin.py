from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import pluralize

from annotator.accounts.sessions import sessions_end
from annotator.datasets.compression import accepts_gzip
from annotator.datasets.options import ExportOptions
from annotator.models import Campaign, GoldLabel, GoldLabelEvent, Label, LabelEvent, Review


def _export_action(kind: str, description: str):
    @admin.action(description=description)
    def export(modeladmin, request, queryset):
        # Imported when used: the export code brings numpy and the analysis with it, which
        # every process would otherwise load at start-up (admin modules load in setup()).
        from annotator.datasets.views import export_response

        options = ExportOptions(campaign_ids=tuple(queryset.values_list("pk", flat=True)))
        return export_response(kind, options, gzip=accepts_gzip(request))

    export.__name__ = f"export_{kind}"
    return export


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    actions = [
        _export_action("jsonl", "Export labels of the selected campaigns as JSON lines"),
        _export_action("csv", "Export labels of the selected campaigns as CSV"),
    ]
    list_display = ["name", "reviews_per_article", "accept_majority", "is_open", "created_at"]
    list_filter = ["is_open", "created_at"]
    search_fields = ["name", "guidelines"]
    filter_horizontal = ["reviewers"]
    raw_id_fields = ["articles"]


class LabelInline(admin.TabularInline):
    model = Label
    fields = readonly_fields = ("sentence", "value", "source", "note", "updated_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["article", "reviewer", "campaign", "status", "started_at", "submitted_at"]
    list_filter = ["status", "campaign", "reviewer"]
    search_fields = ["article__title", "reviewer__username", "campaign__name"]
    list_select_related = ["article", "reviewer", "campaign"]
    raw_id_fields = ["article"]
    inlines = [LabelInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Readable here, never added, changed or deleted: labels and gold change in the app
    (workspace, adjudication, API), where every change is checked and kept in history, and
    history is append-only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "sentence", "before", "after"]
    search_fields = ["sentence__text", "actor__username"]
    list_select_related = ["actor", "sentence"]


@admin.register(Label)
class LabelAdmin(ReadOnlyAdmin):
    list_display = ["sentence", "value", "source", "review", "updated_at"]
    list_filter = ["value", "review__campaign", "review__reviewer"]
    search_fields = ["sentence__text", "source", "note"]
    list_select_related = ["sentence", "review__reviewer", "review__article"]
    raw_id_fields = ["review", "sentence"]


@admin.register(LabelEvent)
class LabelEventAdmin(HistoryAdmin):
    list_filter = ["review__campaign", "actor"]
    readonly_fields = ["review", "sentence", "actor", "created_at", "before", "after"]


@admin.register(GoldLabelEvent)
class GoldLabelEventAdmin(HistoryAdmin):
    list_filter = ["campaign", "actor"]
    readonly_fields = ["campaign", "sentence", "actor", "created_at", "before", "after"]


@admin.register(GoldLabel)
class GoldLabelAdmin(ReadOnlyAdmin):
    list_display = ["sentence", "value", "method", "campaign", "decided_by", "decided_at"]
    list_filter = ["method", "value", "campaign"]
    search_fields = ["sentence__text"]
    list_select_related = ["sentence", "campaign", "decided_by"]
    raw_id_fields = ["sentence"]


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin, plus ending a user's sessions (a lost laptop, someone leaving)."""

    actions = ["end_sessions"]

    @admin.action(description="End the selected users' sessions (sign them out everywhere)")
    def end_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        ended = sessions_end(users=queryset)
        self.message_user(request, f"Ended {ended} session{pluralize(ended)}.")
