# The search index's outbox and generation (issue 14, item 5). Written by hand.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("corpus", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexOutbox",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("work_id", models.BigIntegerField(verbose_name="work id")),
                ("op", models.CharField(choices=[("index", "index"), ("delete", "delete")], max_length=8,
                                        verbose_name="operation")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created")),
            ],
            options={
                "verbose_name": "search index change",
                "verbose_name_plural": "search index changes",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="IndexGeneration",
            fields=[
                ("singleton", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("generation", models.UUIDField(verbose_name="generation")),
                ("created_at", models.DateTimeField(auto_now=True, verbose_name="created")),
            ],
            options={
                "verbose_name": "search index generation",
                "verbose_name_plural": "search index generations",
            },
        ),
    ]
