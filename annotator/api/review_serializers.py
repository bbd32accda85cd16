"""The shapes of the reviewer's API (``annotator.api.review``): what its requests send and its
responses return."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotator.api.corpus import OutletSerializer
from annotator.api.errors import MAX_ID
from annotator.models import Campaign, Label, Review
from annotator.review import selectors
from annotator.vocabulary import LabelValue
from articles.models import Article, Sentence
from articles.plain_text import MaxChars, plain_text

# Labels one bulk request may set: enough for any article, small enough for one transaction.
MAX_LABELS_PER_REQUEST = 2000
UNKNOWN_LABEL = (
    '"{input}" is not a label: use one of ' + ", ".join(LabelValue.values) + " (or null to clear)."
)


class ReviewCampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "name", "is_open", "reviews_per_article"]


class ReviewCampaignDetailSerializer(ReviewCampaignSerializer):
    class Meta(ReviewCampaignSerializer.Meta):
        fields = [*ReviewCampaignSerializer.Meta.fields, "guidelines", "suggestions"]


class ReviewArticleSerializer(serializers.ModelSerializer):
    outlet = OutletSerializer(allow_null=True)

    class Meta:
        model = Article
        fields = ["id", "title", "outlet"]


class ReviewArticleDetailSerializer(ReviewArticleSerializer):
    class Meta(ReviewArticleSerializer.Meta):
        fields = [
            *ReviewArticleSerializer.Meta.fields,
            "standfirst",
            "author",
            "url",
            "published",
            "body",
        ]


class ReviewSerializer(serializers.ModelSerializer):
    campaign = ReviewCampaignSerializer()
    article = ReviewArticleSerializer()
    status = serializers.ChoiceField(choices=Review.Status.choices, read_only=True)

    class Meta:
        model = Review
        fields = ["id", "campaign", "article", "status", "started_at", "updated_at", "submitted_at"]


class LabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Label
        fields = ["sentence", "value", "source", "note", "updated_at"]


class ReviewSentenceLabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Label
        fields = ["value", "source", "note", "updated_at"]


class SuggestionSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=LabelValue.choices)
    score = serializers.FloatField(help_text="The model's confidence, 0 to 1.")


class ReviewSentenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="sentence.pk")
    position = serializers.IntegerField(source="sentence.position")
    paragraph = serializers.IntegerField(source="sentence.paragraph")
    kind = serializers.ChoiceField(source="sentence.kind", choices=Sentence.Kind.choices)
    start = serializers.IntegerField(source="sentence.start")
    end = serializers.IntegerField(source="sentence.end")
    text = serializers.CharField(source="sentence.text")
    # The API's field names; the DRF stubs type Field.label and Field.source as text.
    label = ReviewSentenceLabelSerializer(  # type: ignore[assignment]
        allow_null=True, help_text="Your label, if any."
    )
    suggestion = SuggestionSerializer(
        allow_null=True,
        help_text="The model's suggestion, when the campaign shows it now: before you label "
        '(the campaign\'s `suggestions` "before"), or once you have ("after"). A label you '
        "set records the suggestion shown beside it.",
    )


class ReviewProgressSerializer(serializers.Serializer):
    tagged = serializers.IntegerField()
    total = serializers.IntegerField()


class ReviewDetailSerializer(ReviewSerializer):
    campaign = ReviewCampaignDetailSerializer()
    article = ReviewArticleDetailSerializer()
    editable = serializers.SerializerMethodField()
    progress = ReviewProgressSerializer(source="*", read_only=True)
    sentences = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            *ReviewSerializer.Meta.fields,
            "editable",
            "progress",
            "sentences",
        ]

    def get_editable(self, review: Review) -> bool:
        return review.status == Review.Status.IN_PROGRESS and review.campaign.is_open

    @extend_schema_field(ReviewSentenceSerializer(many=True))
    def get_sentences(self, review: Review) -> list[dict[str, Any]]:
        return ReviewSentenceSerializer(self.context["rows"], many=True).data  # type: ignore[return-value]


class LabelWriteSerializer(serializers.Serializer):
    """One label to set; ``value`` null clears it. Left out, source and note stay as stored."""

    value = serializers.ChoiceField(
        choices=LabelValue.choices,
        allow_null=True,
        error_messages={"invalid_choice": UNKNOWN_LABEL},
    )
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=500,
        required=False,
        allow_blank=True,
        validators=[plain_text, MaxChars("SOURCE_MAX_CHARS")],
        help_text="Who or what a sourced claim cites, as written.",
    )
    note = serializers.CharField(
        required=False, allow_blank=True, validators=[plain_text, MaxChars("NOTE_MAX_CHARS")]
    )


class LabelItemSerializer(LabelWriteSerializer):
    sentence = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="A sentence id of the review's article."
    )


class LabelsWriteSerializer(serializers.Serializer):
    """Several labels at once: all are stored, or (on any error) none."""

    labels = serializers.ListField(
        child=LabelItemSerializer(),
        allow_empty=False,
        max_length=MAX_LABELS_PER_REQUEST,
        error_messages={
            "max_length": f"At most {MAX_LABELS_PER_REQUEST:,} labels per request: "
            "send the rest in another request."
        },
    )

    def validate_labels(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        review: Review = self.context["review"]
        wanted = [item["sentence"] for item in items]
        # Each sentence brings its suggestion along: the labels record it (no extra query).
        sentences = selectors.review_sentence_reads(review=review).in_bulk(wanted)
        problems: dict[int, dict[str, list[str]]] = {}
        seen: set[int] = set()
        for index, item in enumerate(items):
            pk = item["sentence"]
            if pk not in sentences:
                problems[index] = {"sentence": [f"Sentence {pk} is not in this review's article."]}
            elif pk in seen:
                problems[index] = {"sentence": [f"Sentence {pk} appears more than once."]}
            seen.add(pk)
            item["sentence"] = sentences.get(pk)
        if problems:
            raise serializers.ValidationError(problems)  # type: ignore[arg-type]
        return items


class LabelsSerializer(serializers.Serializer):
    labels = LabelSerializer(many=True)


class SubmitResultSerializer(serializers.Serializer):
    review = ReviewSerializer()
    no_claim = serializers.IntegerField(help_text="Untagged sentences now labelled no claim.")


class UndoResultSerializer(serializers.Serializer):
    sentence = serializers.IntegerField(
        allow_null=True, help_text="The sentence changed back; null when nothing was left to undo."
    )
    label = LabelSerializer(  # type: ignore[assignment]
        allow_null=True, help_text="Its label now; null when it has none."
    )


class QueueReviewSerializer(serializers.ModelSerializer):
    article = ReviewArticleSerializer()

    class Meta:
        model = Review
        fields = ["id", "article", "started_at", "updated_at"]


class QueueCampaignSerializer(serializers.Serializer):
    campaign = ReviewCampaignSerializer()
    waiting = serializers.IntegerField(help_text="Articles waiting in your queue.")
    submitted = serializers.IntegerField(help_text="Your submitted reviews.")
    in_progress = QueueReviewSerializer(many=True, help_text="Your unfinished reviews.")


class QueueNextSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text="Only this campaign's articles (one of your open campaigns); "
        "left out: any of them.",
    )

    def validate_campaign(self, pk: int | None) -> Campaign | None:
        if pk is None:
            return None
        campaign = Campaign.objects.filter(
            pk=pk, reviewers=self.context["reviewer"], is_open=True
        ).first()
        if campaign is None:
            raise serializers.ValidationError(f"You review in no open campaign {pk}.")
        return campaign


class ReviewQuerySerializer(serializers.Serializer):
    campaign = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text="Campaign id."
    )
    status = serializers.ChoiceField(choices=Review.Status.choices, required=False)
