"""What the campaigns API (``annotator.api.campaigns``) reads and writes: campaigns, progress,
article selection, disagreements and gold decisions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from annotator.api.common import _form_errors, _id_field
from annotator.campaigns import services
from annotator.campaigns.forms import CampaignForm
from annotator.ids import MAX_ID
from annotator.models import Campaign, GoldLabel
from annotator.vocabulary import LabelValue
from articles.plain_text import MaxChars, plain_text

VERSION_HELP = (
    "The gold version: the id of the sentence's latest gold history event (0: never any "
    "gold). It changes with every change and never repeats; send it back as expected_version."
)


class CampaignSerializer(serializers.ModelSerializer):
    """A campaign as admins read and write it. Writes are checked by the web form's rules."""

    reviewers = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=get_user_model().objects.all(),
        pk_field=_id_field(),
        help_text="Ids of the reviewers: only they see the campaign and get its articles.",
    )

    class Meta:
        model = Campaign
        fields = [
            "id", "name", "guidelines", "reviews_per_article", "accept_majority", "reviewers",
            "is_open", "suggestions", "suggestion_threshold", "queue_order", "created_at",
        ]  # fmt: skip
        read_only_fields = ["created_at"]
        extra_kwargs: dict[str, dict[str, Any]] = {
            "name": {"validators": []}
        }  # uniqueness: the form says it

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        campaign = self.instance or Campaign()
        data: dict[str, Any] = {
            name: getattr(campaign, name)
            for name in (
                "name", "guidelines", "reviews_per_article", "accept_majority", "is_open",
                # the form's other fields, so that a partial update keeps them
                "reports_visible_to_reviewers", "suggestions", "suggestion_threshold",
                "queue_order",
            )
        }  # fmt: skip
        data["reviewers"] = [user.pk for user in campaign.reviewers.all()] if campaign.pk else []
        data.update(attrs)
        if "reviewers" in attrs:
            data["reviewers"] = [user.pk for user in attrs["reviewers"]]
        self.form = CampaignForm(data, instance=self.instance)
        if not self.form.is_valid():
            raise _form_errors(self.form)
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Campaign:
        return services.campaign_save(form=self.form)[0]

    def update(self, instance: Campaign, validated_data: dict[str, Any]) -> Campaign:
        return services.campaign_save(form=self.form)[0]


class ReviewerCampaignSerializer(serializers.ModelSerializer):
    """A campaign as one of its reviewers sees it: nothing about the other reviewers."""

    class Meta:
        model = Campaign
        fields = ["id", "name", "guidelines", "reviews_per_article", "is_open", "created_at"]
        read_only_fields = fields


CAMPAIGN_READ = PolymorphicProxySerializer(
    component_name="CampaignForCaller",
    serializers=[CampaignSerializer, ReviewerCampaignSerializer],
    resource_type_field_name=None,
)


class ReviewerProgressSerializer(serializers.Serializer):
    reviewer_id = serializers.IntegerField(source="reviewer.pk")
    username = serializers.CharField(source="reviewer.username")
    started = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    released = serializers.IntegerField()
    submitted = serializers.IntegerField()
    labels = serializers.IntegerField()
    active_seconds = serializers.FloatField()
    labels_per_hour = serializers.FloatField(allow_null=True)
    median_seconds_per_sentence = serializers.FloatField(allow_null=True)


class ShortArticleSerializer(serializers.Serializer):
    article_id = serializers.IntegerField()
    title = serializers.CharField()
    outlet = serializers.CharField()
    submitted = serializers.IntegerField()
    in_progress = serializers.IntegerField()


class CampaignProgressSerializer(serializers.Serializer):
    articles = serializers.IntegerField()
    reviews_needed = serializers.IntegerField()
    submitted = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    released = serializers.IntegerField()
    complete_articles = serializers.IntegerField()
    percent = serializers.IntegerField()
    reviewers = ReviewerProgressSerializer(many=True)
    short = ShortArticleSerializer(
        many=True, help_text="Articles still short of k submitted reviews, oldest first."
    )


class ArticleSelectionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["add", "remove"])
    outlet = serializers.ListField(child=_id_field(), required=False, default=list)
    batch = _id_field(required=False, allow_null=True, default=None)
    published_from = serializers.DateField(required=False, allow_null=True, default=None)
    published_to = serializers.DateField(required=False, allow_null=True, default=None)
    search = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class ArticleChangeSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["add", "remove"])
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    kept = serializers.IntegerField(help_text="Articles not removed: someone reviews them here.")


class ReviewerLabelSerializer(serializers.Serializer):
    reviewer_id = serializers.IntegerField()
    reviewer = serializers.CharField()
    value = serializers.ChoiceField(choices=LabelValue.choices)
    source = serializers.CharField()  # type: ignore[assignment]
    note = serializers.CharField()


class GoldLabelSerializer(serializers.ModelSerializer):
    sentence = serializers.IntegerField(source="sentence_id")
    article_id = serializers.IntegerField(source="sentence.article_id")
    position = serializers.IntegerField(source="sentence.position")
    text = serializers.CharField(source="sentence.text")
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True)
    version = serializers.IntegerField(help_text=VERSION_HELP)

    class Meta:
        model = GoldLabel
        fields = [
            "sentence", "article_id", "position", "text", "value", "method", "source",
            "decided_by", "decided_at", "version",
        ]  # fmt: skip
        read_only_fields = fields


class DisagreementGoldSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=LabelValue.choices)
    method = serializers.ChoiceField(choices=GoldLabel.Method.choices)
    source = serializers.CharField()  # type: ignore[assignment]
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True)


class DisagreementSerializer(serializers.Serializer):
    sentence = serializers.IntegerField(source="sentence.pk")
    article_id = serializers.IntegerField(source="sentence.article_id")
    title = serializers.CharField(source="sentence.article.title")
    outlet = serializers.CharField(source="sentence.article.outlet.name", allow_null=True)
    position = serializers.IntegerField(source="sentence.position")
    text = serializers.CharField(source="sentence.text")
    labels = ReviewerLabelSerializer(many=True)
    gold = DisagreementGoldSerializer(allow_null=True)
    version = serializers.IntegerField(help_text=VERSION_HELP)


class GoldDecisionSerializer(serializers.Serializer):
    sentence = _id_field()
    value = serializers.ChoiceField(
        choices=LabelValue.choices, allow_null=True, help_text="null clears the gold label."
    )
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=500,
        required=False,
        allow_blank=True,
        validators=[plain_text, MaxChars("SOURCE_MAX_CHARS")],
        help_text="Who or what a sourced claim cites; kept only with the value sourced.",
    )
    expected_version = serializers.IntegerField(
        min_value=0,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="The gold version this decision replaces, as the disagreements or gold list "
        "gave it (0: no gold yet). When the gold changed since, nothing is stored and the "
        "answer is 409 with who decided what meanwhile and the current version (unless the "
        "gold already is this decision). Omitted or null: no check, the decision overwrites "
        "whatever is stored (kept for older scripts; send it).",
    )


class GoldResultSerializer(serializers.Serializer):
    sentence = serializers.IntegerField()
    value = serializers.ChoiceField(choices=LabelValue.choices, allow_null=True)
    method = serializers.ChoiceField(choices=GoldLabel.Method.choices, allow_null=True)
    source = serializers.CharField(  # type: ignore[assignment]
        help_text="Empty unless the gold is sourced with a source."
    )
    version = serializers.IntegerField(help_text=VERSION_HELP)


class GoldChangeSerializer(serializers.Serializer):
    """The gold as another decision left it meanwhile."""

    version = serializers.IntegerField(help_text=VERSION_HELP)
    value = serializers.ChoiceField(
        choices=LabelValue.choices, allow_null=True, help_text="null: the gold was cleared."
    )
    method = serializers.ChoiceField(choices=GoldLabel.Method.choices, allow_null=True)
    decided_by = serializers.CharField(
        source="actor", allow_null=True, help_text="null: automatic gold, or a restore."
    )
    decided_at = serializers.DateTimeField(source="at", allow_null=True)


class GoldConflictErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField(default=409)
    code = serializers.CharField(default="conflict")
    message = serializers.CharField()
    current = GoldChangeSerializer()


class GoldConflictSerializer(serializers.Serializer):
    """409: the gold changed since ``expected_version``; nothing was stored."""

    error = GoldConflictErrorSerializer()
