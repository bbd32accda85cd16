"""Admin import pages: upload, paste or fetch; preview; confirm; watch the progress."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from annotator.permissions import admin_required
from articles import selectors, services
from articles.forms import ImportForm
from articles.models import ImportBatch


@require_http_methods(["GET", "POST"])
@admin_required
def import_list(request: HttpRequest) -> HttpResponse:
    bound = request.method == "POST"
    form = ImportForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        batch = services.import_prepare(
            files=form.cleaned_data["files"],
            pasted=form.cleaned_data["pasted"],
            url=form.cleaned_data["url"],
            fmt=form.cleaned_data["format"] or None,
            outlet_name=form.cleaned_data["outlet"],
            created_by=request.user,  # type: ignore[arg-type]
        )
        return redirect("import-detail", batch_id=batch.pk)
    return render(
        request,
        "articles/imports.html",
        {"form": form, "batches": selectors.recent_batches()},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
@admin_required
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=batch_id)
    context = {"batch": batch, "progress": selectors.import_progress(batch=batch)}
    template = "articles/import_detail.html"
    if getattr(request, "htmx", False):
        template += "#status"
    return render(request, template, context)


@require_POST
@admin_required
def import_start(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    services.import_start(batch=batch)
    return redirect("import-detail", batch_id=batch.pk)


@require_POST
@admin_required
def import_discard(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=batch_id, status=ImportBatch.Status.PREVIEW)
    services.import_discard(batch=batch)
    return redirect("import-list")
