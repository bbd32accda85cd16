"""The campaign page's built-in model section: ``{% model_panel campaign %}`` renders its
versions, scores, learning curve and retrain button. A tag, because the campaign page belongs
to ``campaigns``, which sits below ``learning`` in the flow (the model trains on campaigns'
gold and stores through campaigns' predictions service). Queries: 2 (``model_panel``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from annotator.learning.scores import FOLDS
from annotator.learning.selectors import model_panel as panel_of
from annotator.learning.selectors import version_scores
from annotator.models import Campaign

register = template.Library()


@register.inclusion_tag("learning/model_panel.html", takes_context=True)
def model_panel(context: template.Context, campaign: Campaign) -> dict[str, Any]:
    panel = panel_of(campaign=campaign)
    return {
        "campaign": campaign,
        "panel": panel,
        "rows": [(version, version_scores(version)) for version in panel.versions],
        "csrf_token": context.get("csrf_token"),
        "retrain_every": settings.MODEL_RETRAIN_EVERY,
        "folds": FOLDS,
    }
