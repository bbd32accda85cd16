"""ImportBatch becomes a Job (articles/jobs.py): its ``errors`` list becomes the job's
``error`` message. Every import stored at most one error; should an old row hold several,
they are kept, one a line."""

from django.db import migrations, models


def errors_to_error(apps, schema_editor):
    ImportBatch = apps.get_model("articles", "ImportBatch")
    for batch in ImportBatch.objects.exclude(errors=[]).only("pk", "errors"):
        batch.error = "\n".join(str(error) for error in batch.errors or [])
        batch.save(update_fields=["error"])


def error_to_errors(apps, schema_editor):
    ImportBatch = apps.get_model("articles", "ImportBatch")
    for batch in ImportBatch.objects.exclude(error="").only("pk", "error"):
        batch.errors = [batch.error]
        batch.save(update_fields=["errors"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_batch_encodings_dropped"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="error",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(errors_to_error, error_to_errors),
        migrations.RemoveField(
            model_name="importbatch",
            name="errors",
        ),
    ]
