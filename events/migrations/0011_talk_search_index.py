"""A GIN index over the text keyword search reads (events/search.py, talk_text_vector),
on PostgreSQL only: SQLite has no GIN indexes, and search there is a plain `icontains`.
The index is not in the model's Meta for the same reason; the expression below must stay
the one events/search.py queries, or the planner cannot use it."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

NAME = "talk_search_idx"


def search_index() -> GinIndex:
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("description", weight="C", config="english")
    )
    return GinIndex(vector, name=NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("events", "Talk"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("events", "Talk"), search_index())


class Migration(migrations.Migration):
    dependencies = [("events", "0010_talk_seat_counters_schedule_version")]

    operations = [migrations.RunPython(add_index, remove_index)]
