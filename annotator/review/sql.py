"""The review workspace's raw SQL: the tag request's label write as one PostgreSQL statement.

Every statement here has a test proving it gives the same rows as the ORM path it stands in for
(tests/review/test_sql.py).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from annotator.models import Label, LabelEvent, Review
from annotator.suggestions import Suggestion
from articles.models import Sentence

# The steps of services._label_set_locked as one statement: the tag request's write in one
# round trip instead of five (begin, lock, write, history, commit). The history row is built
# exactly as services._label_state builds it. No row comes back when a label created after this
# statement began is in the way (ON CONFLICT DO NOTHING); then nothing is written.
LABEL_SET_SQL = """
WITH before AS (  -- the stored label, locked until the statement ends
    SELECT * FROM annotator_label
    WHERE review_id = %(review)s AND sentence_id = %(sentence)s
    FOR UPDATE
), after AS (  -- the label as this request leaves it
    SELECT %(value)s::varchar AS value,
        coalesce(%(source)s::varchar, before.source, '') AS source,
        coalesce(%(note)s::text, before.note, '') AS note,
        -- the suggestion shown beside this change (suggestions.suggestion_recorded): a new
        -- label takes the one for creation, a change the one for changes, if any
        CASE WHEN before.id IS NULL THEN %(created_value)s::varchar
            WHEN %(changed_value)s::varchar IS NULL THEN before.suggested_value
            ELSE %(changed_value)s::varchar END AS suggested_value,
        CASE WHEN before.id IS NULL THEN %(created_score)s::double precision
            WHEN %(changed_value)s::varchar IS NULL THEN before.suggested_score
            ELSE %(changed_score)s::double precision END AS suggested_score,
        -- taken with an accept key: set by a change of the value, kept otherwise
        CASE WHEN before.id IS NULL OR before.value <> %(value)s::varchar
            THEN %(accepted)s::boolean ELSE before.accepted END AS accepted,
        -- the clock was read before the lock: never date a change before the one it follows
        greatest(%(now)s::timestamptz, before.updated_at) AS at
    FROM (SELECT) AS one LEFT JOIN before ON true
), changed AS (  -- the same, or no row when that is what is stored already
    SELECT after.* FROM after LEFT JOIN before ON true
    WHERE (after.value, after.source, after.note)
        IS DISTINCT FROM (before.value, before.source, before.note)
), updated AS (
    UPDATE annotator_label AS label
    SET value = changed.value, source = changed.source, note = changed.note,
        suggested_value = changed.suggested_value, suggested_score = changed.suggested_score,
        accepted = changed.accepted, updated_at = changed.at
    FROM changed, before WHERE label.id = before.id
    RETURNING label.*
), inserted AS (
    INSERT INTO annotator_label (review_id, sentence_id, value, source, note,
        suggested_value, suggested_score, accepted, updated_at)
    SELECT %(review)s, %(sentence)s, value, source, note,
        suggested_value, suggested_score, accepted, at FROM changed
    WHERE NOT EXISTS (SELECT FROM before)
    ON CONFLICT (review_id, sentence_id) DO NOTHING
    RETURNING *
), written AS (
    SELECT * FROM updated UNION ALL SELECT * FROM inserted
), event AS (
    INSERT INTO annotator_labelevent
        (review_id, sentence_id, actor_id, created_at, before, after, undoes_id)
    SELECT %(review)s, %(sentence)s, %(actor)s, updated_at,
        (SELECT jsonb_build_object('value', value, 'source', source, 'note', note) FROM before),
        jsonb_build_object('value', value, 'source', source, 'note', note),
        %(undoes)s
    FROM written
), label AS (  -- the label now stored
    SELECT * FROM written
    UNION ALL
    SELECT * FROM before WHERE NOT EXISTS (SELECT FROM changed)
)
SELECT id, review_id, sentence_id, value, source, note, suggested_value, suggested_score,
    accepted, updated_at
FROM label
"""
# What that statement returns: every column of a label, in the model's order (from_db's).
LABEL_COLUMNS = [
    "id",
    "review_id",
    "sentence_id",
    "value",
    "source",
    "note",
    "suggested_value",
    "suggested_score",
    "accepted",
    "updated_at",
]


def label_set_statement(
    *,
    review: Review,
    sentence: Sentence,
    value: str,
    actor: User,
    source: str | None,
    note: str | None,
    undoes: LabelEvent | None,
    suggested_on_create: Suggestion | None = None,
    suggested_on_change: Suggestion | None = None,
    accepted: bool = False,
) -> Label | None:
    """Set a label (never clear it) and append its history row, in one PostgreSQL statement.

    Returns the label now stored, or None when a label created after the statement began was
    in the way and nothing was written (the caller then takes the ORM path, which waits for
    that row). tests/review/test_sql.py proves it leaves the same labels and history as the ORM
    path. The label records ``suggested_on_create`` when the statement creates it,
    ``suggested_on_change`` (None: keeps what it recorded) when it changes it; ``accepted``
    comes with a change of the value. Queries: 1.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            LABEL_SET_SQL,
            {
                "review": review.pk,
                "sentence": sentence.pk,
                "value": value,
                "source": source,
                "note": note,
                "actor": actor.pk,
                "now": timezone.now(),
                "undoes": undoes.pk if undoes else None,
                "created_value": suggested_on_create.value if suggested_on_create else "",
                "created_score": suggested_on_create.score if suggested_on_create else None,
                "changed_value": suggested_on_change.value if suggested_on_change else None,
                "changed_score": suggested_on_change.score if suggested_on_change else None,
                "accepted": accepted,
            },
        )
        row = cursor.fetchone()
    if row is None:
        return None
    label = Label.from_db(connection.alias, LABEL_COLUMNS, row)
    label.review, label.sentence = review, sentence
    return label
