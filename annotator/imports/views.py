"""Admin import pages: upload, paste or fetch; preview; confirm; watch the progress; then set
the outlet of the batch or of chosen articles."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from annotator.ids import parse_id
from annotator.imports.forms import (
    ChosenArticlesOutletForm,
    ImportForm,
    OutletForm,
    PreviewChoicesForm,
)
from annotator.permissions import admin_required
from articles import selectors, services, tasks
from articles.ingest.errors import IngestError
from articles.jobs import job_progress, job_reap
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
            encoding=form.cleaned_data["encoding"] or None,
            outlet_name=form.cleaned_data["outlet"],
            created_by=request.user,  # type: ignore[arg-type]
        )
        return redirect("import-detail", batch_id=batch.pk)
    return render(
        request,
        "imports/imports.html",
        {"form": form, "batches": selectors.recent_batches()},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
@admin_required
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = job_reap(
        get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=batch_id)
    )
    if getattr(request, "htmx", False):
        context = {"batch": batch, "progress": job_progress(job=batch)}
        return render(request, "imports/import_detail.html#status", context)
    return _detail_page(request, batch, page=parse_id(request.GET.get("page")) or 1)


def _detail_page(
    request: HttpRequest, batch: ImportBatch, *, page: int, status: int = 200, **refused: object
) -> HttpResponse:
    """The batch's page; ``refused`` holds a refused form's errors to show (then 400)."""
    context = {"batch": batch, "progress": job_progress(job=batch), **refused}
    context["dropped"] = selectors.batch_dropped(batch=batch)
    if batch.status == ImportBatch.Status.DONE:
        context["stored"] = selectors.batch_articles(batch=batch, page=page)
    return render(request, "imports/import_detail.html", context, status=status)


@require_POST
@admin_required
def import_choices(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Apply the preview's choices (dropped lines kept, articles left out) and preview again.
    htmx gets the preview region back; a plain form post is redirected to the page."""
    batch = get_object_or_404(ImportBatch, pk=batch_id, status=ImportBatch.Status.PREVIEW)
    form = PreviewChoicesForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.import_choose(
                batch=batch,
                keep=form.cleaned_data["keep"],
                leave_out=form.cleaned_data["leave_out"],
            )
        except (IngestError, ValueError) as problem:
            error = problem.message if isinstance(problem, IngestError) else str(problem)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if getattr(request, "htmx", False):
        context = {"batch": batch, "choice_error": error}
        status = 400 if error else 200
        return render(request, "imports/import_detail.html#preview", context, status=status)
    if error:
        return _detail_page(request, batch, page=1, status=400, choice_error=error)
    return redirect(f"{reverse('import-detail', args=[batch.pk])}#import-preview")


@require_POST
@admin_required
def import_start(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    tasks.import_start(batch=batch)
    return redirect("import-detail", batch_id=batch.pk)


@require_POST
@admin_required
def import_retry(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Queue a failed import again from its stored inputs."""
    batch = get_object_or_404(ImportBatch, pk=batch_id, status=ImportBatch.Status.FAILED)
    if not tasks.import_retry(batch=batch):
        messages.error(request, "This import's files are gone: import them again.")
    return redirect("import-detail", batch_id=batch.pk)


@require_POST
@admin_required
def import_discard(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Throw away a previewed or failed import and its uploaded files."""
    discardable = (ImportBatch.Status.PREVIEW, ImportBatch.Status.FAILED)
    batch = get_object_or_404(ImportBatch, pk=batch_id, status__in=discardable)
    try:
        services.import_discard(batch=batch)
    except ValueError as error:  # started meanwhile
        messages.error(request, str(error))
        return redirect("import-detail", batch_id=batch.pk)
    return redirect("import-list")


@require_POST
@admin_required
def import_outlet(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Set (or clear) the outlet of every article the batch stored."""
    batch = get_object_or_404(ImportBatch, pk=batch_id, status=ImportBatch.Status.DONE)
    form = OutletForm(request.POST)
    if form.is_valid():
        changed = services.articles_set_outlet(
            articles=batch.articles.all(), outlet_name=form.cleaned_data["outlet"]
        )
        messages.success(request, _changed(changed, form.cleaned_data["outlet"]))
        return redirect("import-detail", batch_id=batch.pk)
    return _detail_page(request, batch, page=1, status=400, batch_outlet=form)


@require_POST
@admin_required
def import_articles_outlet(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Set (or clear) the outlet of the batch's articles ticked on its page."""
    batch = get_object_or_404(ImportBatch, pk=batch_id, status=ImportBatch.Status.DONE)
    form = ChosenArticlesOutletForm(request.POST)
    if form.is_valid():
        changed = services.articles_set_outlet(
            articles=batch.articles.filter(pk__in=form.cleaned_data["articles"]),
            outlet_name=form.cleaned_data["outlet"],
        )
        messages.success(request, _changed(changed, form.cleaned_data["outlet"]))
    page = parse_id(request.POST.get("page"))
    if not form.is_valid():
        return _detail_page(request, batch, page=page or 1, status=400, chosen_outlet=form)
    url = reverse("import-detail", args=[batch.pk])
    return redirect(f"{url}?page={page}#articles" if page and page > 1 else f"{url}#articles")


def _changed(count: int, outlet_name: str) -> str:
    articles = f"{count} article{'s' if count != 1 else ''}"
    name = " ".join(outlet_name.split())
    return (
        f"Set the outlet of {articles} to “{name}”."
        if name
        else f"Removed the outlet of {articles}."
    )
