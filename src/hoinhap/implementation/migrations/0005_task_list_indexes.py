# The list's indexes, apart from 0004: on PostgreSQL 0004's backfill leaves deferred foreign-key checks
# pending until its transaction ends, and an index cannot be built on a table with pending checks.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('implementation', '0004_task_stored_status'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['standing', 'due_order', 'id'], name='task_list_by_standing'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['lead', 'standing', 'due_order', 'id'], name='task_list_by_lead'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['programme', 'standing', 'due_order', 'id'], name='task_list_by_programme'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['due_order', 'id'], name='task_list_by_due'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['settled_on'], name='task_settled_on'),
        ),
    ]
