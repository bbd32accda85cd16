from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from articles import services
from articles.forms import OutletForm
from articles.models import Article, ImportBatch, Outlet, Sentence


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "slug"]
    search_fields = ["name", "domain", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class SentenceInline(admin.TabularInline):
    model = Sentence
    fields = readonly_fields = ("position", "paragraph", "start", "end", "text")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "author", "published", "language", "created_at"]
    list_filter = ["outlet", "language", "batch", "published"]
    search_fields = ["title", "author", "url", "body"]
    list_select_related = ["outlet"]
    date_hierarchy = "created_at"
    readonly_fields = ["body", "content_hash", "batch", "created_at"]
    raw_id_fields = ["outlet"]
    inlines = [SentenceInline]
    actions = ["set_outlet"]

    @admin.action(description="Set outlet…", permissions=["change"])
    def set_outlet(
        self, request: HttpRequest, queryset: QuerySet[Article]
    ) -> TemplateResponse | None:
        """Ask for the outlet on a page of its own, then give it to the chosen articles."""
        form = OutletForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            name = form.cleaned_data["outlet"]
            changed = services.articles_set_outlet(articles=queryset, outlet_name=name)
            said = f"to “{' '.join(name.split())}”" if name.strip() else "to none"
            self.message_user(
                request, f"Set the outlet of {changed} articles {said}.", messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Set the outlet of the chosen articles",
            "form": form,
            "count": queryset.count(),
            "shown": queryset.select_related("outlet")[:20],
            "ids": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across") == "1",
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/set_outlet.html", context)


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ["text", "article", "position", "paragraph"]
    search_fields = ["text", "article__title"]
    list_filter = ["article__outlet"]
    list_select_related = ["article"]
    readonly_fields = ["article", "position", "paragraph", "start", "end", "text"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "source_name",
        "source_format",
        "status",
        "article_count",
        "sentence_count",
        "duplicate_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "source_format", "created_at"]
    search_fields = ["source_name"]
    # Every field, in the order the page has always shown them (the job's fields are
    # inherited, so the model lists them first).
    readonly_fields = [
        "id", "created_by", "created_at", "finished_at", "source_name", "source_format",
        "status", "article_count", "sentence_count", "duplicate_count", "error", "inputs",
        "outlet_name", "preview", "encodings", "dropped",
    ]  # fmt: skip
