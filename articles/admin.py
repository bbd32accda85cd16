from __future__ import annotations

from django.contrib import admin

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

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "author", "published", "created_at"]
    list_filter = ["outlet", "language", "batch", "published"]
    search_fields = ["title", "author", "url", "body"]
    list_select_related = ["outlet"]
    date_hierarchy = "created_at"
    readonly_fields = ["body", "content_hash", "batch", "created_at"]
    raw_id_fields = ["outlet"]
    inlines = [SentenceInline]


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
    readonly_fields = [field.name for field in ImportBatch._meta.fields]
