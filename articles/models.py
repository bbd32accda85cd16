"""The corpus: outlets, articles, their sentence spans and the batches that imported them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from articles.jobs import Job, JobProgress


class Outlet(models.Model):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, blank=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportBatch(Job):
    """One run of the importer: what it read, what it stored, and what went wrong. A web
    import is previewed before it is queued; a command-line import runs at once."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Awaiting confirmation"
        QUEUED = Job.Status.QUEUED.value, Job.Status.QUEUED.label
        RUNNING = Job.Status.RUNNING.value, Job.Status.RUNNING.label
        DONE = Job.Status.DONE.value, Job.Status.DONE.label
        FAILED = Job.Status.FAILED.value, Job.Status.FAILED.label

    class Format(models.TextChoices):
        TEXT = "text", "Plain text"
        HTML = "html", "HTML"
        JSONL = "jsonl", "JSON lines"
        CSV = "csv", "CSV"
        URL = "url", "URL"
        MIXED = "mixed", "Several formats"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    source_name = models.CharField(max_length=1000)
    source_format = models.CharField(max_length=16, choices=Format.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    article_count = models.PositiveIntegerField(default=0)
    sentence_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    # Sentences longer than SENTENCE_MAX_CHARS, stored split into pieces (none of their text
    # is lost): the import reports them.
    split_sentences = models.PositiveIntegerField(default=0)
    # Web imports: the stored inputs ({"name", "path", "format"}), the outlet chosen for every
    # article, and what the preview found (titles, sentence counts, dropped lines).
    inputs = models.JSONField(default=list, blank=True)
    outlet_name = models.CharField(max_length=200, blank=True)
    preview = models.JSONField(null=True, blank=True)
    # The text encoding each input was read in ({"source": "cp1251"}), when it was not UTF-8
    # or was forced; and every line the text-page importer dropped, with its line number and
    # the rule that dropped it ({"source", "line", "text", "reason"}).
    encodings = models.JSONField(default=dict, blank=True)
    dropped = models.JSONField(default=list, blank=True)

    # The import runs in one transaction: a worker that stops rolls it all back.
    stopped_reason = "the worker stopped while importing; nothing was stored"

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()})"

    @property
    def errors(self) -> list[str]:
        """What stopped a failed import, as a list (the API's ``errors``)."""
        return [self.error] if self.error else []

    def fail(self, message: str) -> None:
        # The counts of a rolled-back import describe nothing that was stored.
        self.article_count = self.sentence_count = self.duplicate_count = 0
        self.split_sentences = 0
        super().fail(message)

    def finished_progress(self) -> JobProgress:
        read = self.article_count + self.duplicate_count
        return JobProgress(done=read, total=read)


class Article(models.Model):
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    title = models.CharField(max_length=1000)
    standfirst = models.TextField(blank=True)
    author = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    # The cleaned text that every sentence offset points into.
    body = models.TextField()
    # SHA-256 of the normalised body: importing the same text twice stores it once.
    content_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=16, default="en")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique_when_present"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def link(self) -> str:
        """The original URL if it is a web address, else "" (never a ``javascript:`` link)."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""


class Sentence(models.Model):
    """A span of ``article.body``; ``text`` always equals ``body[start:end]``."""

    class Kind(models.TextChoices):
        BODY = "body", "Body"
        HEADING = "heading", "Heading"
        STANDFIRST = "standfirst", "Standfirst"

    # No index of its own: the unique (article, position) index serves every lookup by article.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="sentences", db_index=False
    )
    position = models.PositiveIntegerField()
    paragraph = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.BODY)

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="sentence_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="sentence_start_before_end"
            ),
            models.CheckConstraint(condition=Q(start__gte=0), name="sentence_start_not_negative"),
        ]

    def __str__(self) -> str:
        return self.text[:80]
