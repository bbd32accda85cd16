"""The review workflow: campaigns, reviews, labels, their history and gold labels."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q

from annotator.vocabulary import LabelValue
from articles.jobs import Job
from articles.models import Article, Sentence

LABEL_VALUES = Q(value__in=LabelValue.values)


class Campaign(models.Model):
    name = models.CharField(max_length=200, unique=True)
    guidelines = models.TextField(blank=True)
    reviews_per_article = models.PositiveSmallIntegerField(
        "reviews per article",
        default=1,
        help_text="How many reviewers review each article independently (k).",
    )
    accept_majority = models.BooleanField(
        "accept a strict majority as gold",
        default=False,
        help_text="When more than half of an article's reviews agree on a sentence, that label "
        "becomes gold without adjudication. Unanimous sentences always do.",
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="campaigns"
    )
    articles = models.ManyToManyField(Article, blank=True, related_name="campaigns")
    is_open = models.BooleanField(default=True)
    reports_visible_to_reviewers = models.BooleanField(
        "show reports to reviewers once closed",
        default=False,
        help_text="When the campaign is closed, its reviewers may read the outlet and article "
        "reports built from it. Admins always may.",
    )

    class Suggestions(models.TextChoices):
        OFF = "off", "Never"
        BEFORE = "before", "Before the reviewer labels"
        AFTER = "after", "Only after the reviewer has labelled"

    class QueueOrder(models.TextChoices):
        IMPORT = "import", "Import order"
        UNCERTAINTY = "uncertainty", "Where the model is least sure first"

    suggestions = models.CharField(
        "show the model's suggestions",
        max_length=8,
        choices=Suggestions.choices,
        default=Suggestions.OFF,
        help_text="Before: reviewers see a suggested label on each untagged sentence. After: "
        "only once they have labelled it (for studies of anchoring).",
    )
    suggestion_threshold = models.FloatField(
        "accept-all threshold",
        default=0.8,
        help_text="Accepting every suggestion at once takes those at least this confident.",
    )
    queue_order = models.CharField(
        max_length=12, choices=QueueOrder.choices, default=QueueOrder.IMPORT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviews_per_article__gte=1), name="campaign_needs_one_review"
            ),
            models.CheckConstraint(
                condition=Q(suggestion_threshold__gte=0) & Q(suggestion_threshold__lte=1),
                name="campaign_threshold_is_a_probability",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewQuerySet(models.QuerySet["Review"]):
    def for_reviewer(self, user: models.Model) -> ReviewQuerySet:
        """Only the reviews this user owns: the blind-review boundary."""
        return self.filter(reviewer=user)

    def for_page(self) -> ReviewQuerySet:
        """Reviews with campaign, article and outlet joined, for the review page (one query)."""
        return self.select_related("campaign", "article", "article__outlet")


class Review(models.Model):
    """One reviewer's pass over one article in one campaign."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="reviews")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "article", "reviewer"], name="review_once_per_reviewer"
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False),
                name="review_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.article} ({self.get_status_display()})"


class Label(models.Model):
    """A reviewer's current label on one sentence. Every change is also a LabelEvent."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="labels")
    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT, related_name="labels")
    value = models.CharField(max_length=16, choices=LabelValue.choices)
    # Who or what a sourced claim cites, as written ("Dr. Elena Marsh", "staff report").
    source = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True)
    # The suggestion the reviewer was shown for this sentence when they labelled it ("" and
    # None: none shown), so researchers can measure a suggestion's influence.
    suggested_value = models.CharField(max_length=16, blank=True, default="", db_default="")
    suggested_score = models.FloatField(null=True, blank=True)
    # True while the value is one the reviewer took with an accept key (one suggestion or all
    # above the threshold); any other change of the value sets it back to False.
    accepted = models.BooleanField(default=False, db_default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # No default ordering: ordering by sentence position would join (and, under
        # select_for_update, lock) the sentence table on every label lookup.
        constraints = [
            models.UniqueConstraint(fields=["review", "sentence"], name="label_once_per_review"),
            models.CheckConstraint(condition=LABEL_VALUES, name="label_value_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()}: {self.sentence}"


class HistoryEvent(models.Model):
    """One change in an append-only history: who, when, and the state before and after
    (each None when absent)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"


class LabelEvent(HistoryEvent):
    """History of label changes; states are {"value", "source", "note"}."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="label_events")
    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT, related_name="label_events")
    # Set on the event that an undo wrote: the change it took back.
    undoes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="undone_by"
    )
    # Shared by the events of one change made at once (accepting every suggestion above the
    # threshold): one undo takes the whole batch back.
    batch = models.UUIDField(null=True, blank=True)

    class Meta(HistoryEvent.Meta):
        indexes = [models.Index(fields=["review", "created_at"])]


class GoldLabel(models.Model):
    """The settled label of a sentence within a campaign."""

    class Method(models.TextChoices):
        UNANIMOUS = "unanimous", "Unanimous"
        MAJORITY = "majority", "Majority"
        ADJUDICATED = "adjudicated", "Adjudicated"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="gold_labels")
    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT, related_name="gold_labels")
    value = models.CharField(max_length=16, choices=LabelValue.choices)
    method = models.CharField(max_length=16, choices=Method.choices)
    # Who or what a sourced claim cites, as the adjudicator settled it (see Label.source).
    source = models.CharField(max_length=500, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "sentence"], name="gold_once_per_campaign"),
            models.CheckConstraint(condition=LABEL_VALUES, name="gold_value_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()} ({self.get_method_display()})"


class GoldLabelEvent(HistoryEvent):
    """History of gold label decisions; states are {"value", "method", "source"} ("source"
    only when not empty, so older events read the same). Automatic decisions
    have no actor."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="gold_events")
    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT, related_name="+")

    class Meta(HistoryEvent.Meta):
        indexes = [models.Index(fields=["campaign", "sentence"])]


class Pseudonym(models.Model):
    """The name a reviewer goes by in exports unless an admin asks for real usernames.

    Made once, at random, the first time the reviewer is exported, then kept: the same reviewer
    has the same pseudonym in every export, whatever its filters.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pseudonym"
    )
    name = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.name


class ExportJob(Job):
    """An export prepared in the background; its file is kept for downloading."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(max_length=16)
    options = models.JSONField(default=dict)
    # Path of the file inside MEDIA_ROOT: recorded before writing starts, so that the partial
    # file of a worker that stopped can be removed.
    path = models.CharField(max_length=500, blank=True)
    records = models.PositiveIntegerField(default=0)

    stopped_reason = "the worker stopped while exporting; the partial file was removed"

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.format} export {self.pk} ({self.get_status_display()})"

    def partial_files_remove(self) -> None:
        if self.path and self.status != ExportJob.Status.DONE:
            (Path(settings.MEDIA_ROOT) / self.path).unlink(missing_ok=True)


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token itself is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    # The first characters of the token, to tell tokens apart on the settings page.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class UserSession(AbstractBaseSession):
    """A browser's signed-in session, kept on the server so logging out (or an admin) can end
    it. It names its user, so one query loads both (``annotator.accounts.sessions``) and an
    admin can end every session of a user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
    )


class Prediction(models.Model):
    """A model's label for a sentence in a campaign, with its confidence: from the built-in
    model (``model_name`` "built-in"), a file or the API (any external model), or the
    predictions inside a Label Studio export. Reviewers may see the campaign's best one as a
    suggestion; the queue may order articles by how unsure they are."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="predictions")
    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="predictions")
    value = models.CharField(max_length=16, choices=LabelValue.choices)
    score = models.FloatField(help_text="The model's confidence in the value, 0 to 1.")
    model_name = models.CharField(max_length=100)
    model_version = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "sentence", "model_name"], name="prediction_once_per_model"
            ),
            models.CheckConstraint(condition=LABEL_VALUES, name="prediction_value_known"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1),
                name="prediction_score_is_a_probability",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model_name} {self.model_version}: {self.value} ({self.score:.2f})"


class ModelVersion(models.Model):
    """One training of a campaign's built-in model: what it learnt from, how well it did out
    of fold, and where its coefficients are (a .npz of plain arrays under MEDIA_ROOT)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="model_versions")
    number = models.PositiveIntegerField()
    trained_on = models.PositiveIntegerField(help_text="Gold labels the model learnt from.")
    macro_f1 = models.FloatField(null=True, blank=True)  # null: too few labels to score
    # {label: {"precision", "recall", "f1", "support"}}, out of fold.
    scores = models.JSONField(default=dict)
    # [[labels used, macro-F1], ...] out of fold, at growing label counts.
    curve = models.JSONField(default=list)
    path = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="model_version_once")
        ]
        ordering = ["campaign", "-number"]

    def __str__(self) -> str:
        return f"built-in v{self.number} of campaign {self.campaign_id}"


class ModelTraining(Job):
    """A training of a campaign's built-in model, run in the background; ``gold_events`` is
    how many gold changes the campaign had when it was asked for (the retrain rule counts
    from there)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="trainings")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    gold_events = models.PositiveIntegerField(default=0)
    version = models.ForeignKey(
        ModelVersion, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    stopped_reason = "the worker stopped while training the model"

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"model training {self.pk} of campaign {self.campaign_id}"
