"""The admins' export page: download at once (streamed), or prepare in the background."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from wsgiref.util import FileWrapper

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from annotator.datasets import exports, selectors, tasks
from annotator.datasets.bundle import bundle_warnings
from annotator.datasets.compression import accepts_gzip, gathered, gzip_stream
from annotator.datasets.datacard import SPLITS
from annotator.datasets.formats import export_format
from annotator.datasets.forms import ExportForm
from annotator.datasets.labelstudio import CONFIG_FILENAME, LABEL_CONFIG
from annotator.datasets.options import ExportOptions
from annotator.models import ExportJob
from annotator.permissions import admin_required
from articles.jobs import job_progress, job_reap

# Lines are sent in pieces of about this many characters, not one network write per line.
STREAM_PIECE = 64 * 1024


def _pieces(lines: Iterable[str]) -> Iterator[bytes]:
    return (text.encode() for text in gathered(lines, STREAM_PIECE))


def _streamed(
    pieces: Iterable[bytes], *, filename: str, content_type: str, gzip: bool
) -> StreamingHttpResponse:
    """A download of ``pieces``, gzip-compressed on the wire when the client takes it (the
    file saved is the same: the browser, curl --compressed or requests undo the encoding)."""
    response = StreamingHttpResponse(
        gzip_stream(pieces) if gzip else pieces, content_type=content_type
    )
    if gzip:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_response(
    kind: str, options: ExportOptions, *, seed: int = 13, gzip: bool = False
) -> HttpResponseBase:
    """The export as a download that starts at once: streamed for the text formats (gzip on
    the wire with ``gzip``); a bundle (a zip, compressed itself) is written to a temporary
    file first and then sent."""
    filename = exports.export_filename(kind, options)
    export = export_format(kind)
    rows = selectors.export_rows(options)
    if export.stream is None:
        spool = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it when sent
        export.write(options, rows, spool, seed)
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=filename,
                            content_type=export.content_type)  # fmt: skip
    return _streamed(
        _pieces(export.stream(options, rows)),
        filename=filename,
        content_type=export.content_type,
        gzip=gzip,
    )


@require_http_methods(["GET", "POST"])
@admin_required
def export_page(request: HttpRequest) -> HttpResponseBase:
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind, seed = form.cleaned_data["format"], form.cleaned_data["seed"]
        options = form.export_options()
        if request.POST.get("action") == "background":
            job = tasks.export_queue(
                kind=kind,
                options=options,
                created_by=request.user,  # type: ignore[arg-type]
                seed=seed,
            )
            return redirect("export-detail", job_id=job.pk)
        return export_response(kind, options, seed=seed, gzip=accepts_gzip(request))
    count, kind = None, "jsonl"
    if request.method == "GET":
        # The page counts what the options in its query (or the defaults) would give; as they
        # change, htmx asks for the count alone.
        if request.GET:
            form = ExportForm(request.GET)
        if not form.is_bound:
            count = selectors.export_count(ExportOptions())
        elif form.is_valid():
            count = selectors.export_count(form.export_options())
            kind = form.cleaned_data["format"]
    context = {"form": form, "count": count, "kind": kind, "few_articles": len(SPLITS)}
    if getattr(request, "htmx", False) and request.method == "GET":
        return render(request, "datasets/exports.html#count", context)
    context["jobs"] = ExportJob.objects.select_related("created_by")[:20]
    return render(request, "datasets/exports.html", context, status=400 if form.errors else 200)


@require_GET
@admin_required
def export_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_reap(get_object_or_404(ExportJob.objects.select_related("created_by"), pk=job_id))
    context = {"job": job, "progress": job_progress(job=job), "warnings": _warnings(job)}
    template = "datasets/export_detail.html"
    if getattr(request, "htmx", False):
        template += "#status"
    return render(request, template, context)


def _warnings(job: ExportJob) -> list[str]:
    """A finished bundle's warnings (the splits it left out)."""
    if job.format != "bundle" or job.status != ExportJob.Status.DONE or not job.path:
        return []
    return bundle_warnings(settings.MEDIA_ROOT / job.path)


@require_POST
@admin_required
def export_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(ExportJob, pk=job_id, status=ExportJob.Status.FAILED)
    tasks.export_retry(job=job)
    return redirect("export-detail", job_id=job.pk)


@require_POST
@admin_required
def export_discard(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(ExportJob, pk=job_id, status=ExportJob.Status.FAILED)
    tasks.export_discard(job=job)
    return redirect("exports")


class ExportFileGone(Http404):
    """A finished export whose file was removed (or never written)."""


def export_file_response(job_id: int, *, gzip: bool = False) -> HttpResponseBase:
    """A finished background export's file as a download (Http404 when it is not there):
    for the web page and the API, which check who may have it. A text file travels
    gzip-compressed when the client takes it (``gzip``); a bundle is a compressed zip."""
    job = get_object_or_404(ExportJob, pk=job_id, status=ExportJob.Status.DONE)
    path = settings.MEDIA_ROOT / job.path if job.path else None
    if path is None or not path.is_file():
        raise ExportFileGone("This export's file is no longer there: prepare it again.")
    export = export_format(job.format)
    if gzip and export.stream is not None:
        return _streamed(
            FileWrapper(path.open("rb"), STREAM_PIECE),
            filename=path.name,
            content_type=export.content_type,
            gzip=True,
        )
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=export.content_type
    )


@require_safe
@admin_required
def export_download(request: HttpRequest, job_id: int) -> HttpResponseBase:
    return export_file_response(job_id, gzip=accepts_gzip(request))


def labelstudio_config_response() -> HttpResponse:
    """The labeling config a Label Studio project needs before it imports the Label Studio
    export, as a file: for the web page and the API."""
    response = HttpResponse(LABEL_CONFIG, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{CONFIG_FILENAME}"'
    return response


@require_safe
@admin_required
def labelstudio_config(request: HttpRequest) -> HttpResponse:
    return labelstudio_config_response()
