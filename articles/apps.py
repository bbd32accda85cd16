from __future__ import annotations

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Corpus"

    def ready(self) -> None:
        from django.tasks.signals import task_enqueued

        from articles.wakeup import task_queued

        # On PostgreSQL an idle task worker wakes as soon as a task is queued.
        task_enqueued.connect(task_queued, dispatch_uid="articles.wakeup")
