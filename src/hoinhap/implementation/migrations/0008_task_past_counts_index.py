# The index a day's counts per bucket read instead of the tasks (task_list_past.counts, counts_by_lead):
# every column the count of a day other than today looks at, so that on PostgreSQL the pass over a
# million tasks is an index-only scan, and on SQLite a covering index. The few tasks extended after the
# day are read by their id, not from this index.
# Written in SQL and not declared on the model (INCLUDE is PostgreSQL's only; the model is left as it is).

from django.db import migrations

# led by the lead: the agency dashboard groups by it in the index's order, without a sort or a hash
KEY = "lead_id, standing, due_order, completion_known_on, deadline_in_force_since, assigned_on"


def _create(apps, schema_editor) -> None:
    # PostgreSQL also carries the id the counts count (SQLite's indexes carry the rowid)
    include = " INCLUDE (id)" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX task_past_counts ON implementation_task ({KEY}){include}")


def _drop(apps, schema_editor) -> None:
    schema_editor.execute("DROP INDEX IF EXISTS task_past_counts")


class Migration(migrations.Migration):

    dependencies = [
        ('implementation', '0007_reporting_regime'),
    ]

    operations = [
        migrations.RunPython(_create, _drop),
    ]
