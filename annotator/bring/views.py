"""The Bring page of a campaign: upload a model's predictions or annotations made elsewhere
(admins only). Each upload is read and stored at once, all or nothing; the page then shows
what was stored and every row it could not place, or the error and how to recover."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from annotator.bring.annotations import annotations_file_import
from annotator.bring.forms import AnnotationsUploadForm, PredictionsUploadForm
from annotator.bring.outcome import Brought
from annotator.bring.services import predictions_file_import
from annotator.models import Campaign
from annotator.permissions import admin_required
from articles.ingest.charset import decode
from articles.ingest.errors import IngestError


def _page(
    request: HttpRequest,
    campaign: Campaign,
    *,
    predictions: PredictionsUploadForm | None = None,
    annotations: AnnotationsUploadForm | None = None,
    result: Brought | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    models = (
        campaign.predictions.values("model_name", "model_version")
        .annotate(count=Count("pk"))
        .order_by("model_name", "model_version")
    )
    return render(
        request,
        "bring/bring.html",
        {
            "campaign": campaign,
            "predictions_form": predictions or PredictionsUploadForm(),
            "annotations_form": annotations or AnnotationsUploadForm(),
            "models": models,
            "result": result,
            "error": error,
        },
        status=status,
    )


def _text(upload: UploadedFile) -> tuple[str, str]:
    name = upload.name or "upload"
    return decode(upload.read(), source=name).text, name


@require_GET
@admin_required
def bring_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _page(request, get_object_or_404(Campaign, pk=campaign_id))


@require_POST
@admin_required
def predictions_upload(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    form = PredictionsUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, campaign, predictions=form, status=400)
    try:
        text, name = _text(form.cleaned_data["file"])
        result = predictions_file_import(
            campaign=campaign, text=text, source=name, model_name=form.cleaned_data["model_name"],
            model_version=form.cleaned_data["model_version"],
            label_map=form.cleaned_data["label_map"],
        )  # fmt: skip
    except IngestError as error:
        return _page(request, campaign, predictions=form, error=str(error), status=400)
    return _page(request, campaign, result=result)


@require_POST
@admin_required
def annotations_upload(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    form = AnnotationsUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, campaign, annotations=form, status=400)
    data = form.cleaned_data
    try:
        text, name = _text(data["file"])
        result = annotations_file_import(
            campaign=campaign, text=text, source=name, label_map=data["label_map"],
            as_predictions=data["store_as"] == "predictions", model_name=data["model_name"],
            model_version=data["model_version"], reviewer=data["reviewer"],
            outlet=data["outlet"], created_by=request.user,
        )  # fmt: skip
    except IngestError as error:
        return _page(request, campaign, annotations=form, error=str(error), status=400)
    return _page(request, campaign, result=result)
