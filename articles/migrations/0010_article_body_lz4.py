"""Article bodies compressed with LZ4 where PostgreSQL has it (PostgreSQL 14 and later, built
with lz4): several times quicker to write and read than the default pglz, for a little more
space. Bodies already stored keep their compression until rewritten; nothing else changes."""

from django.db import migrations


def _set_compression(method: str, *, fallback: str):
    def run(apps, schema_editor) -> None:
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT %s = ANY(enumvals) FROM pg_settings"
                " WHERE name = 'default_toast_compression'",
                [method],
            )
            row = cursor.fetchone()
            chosen = method if row and row[0] else fallback
            cursor.execute(
                f"ALTER TABLE articles_article ALTER COLUMN body SET COMPRESSION {chosen}"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_importbatch_split_sentences")]

    operations = [
        migrations.RunPython(
            _set_compression("lz4", fallback="default"),
            _set_compression("pglz", fallback="default"),
        )
    ]
