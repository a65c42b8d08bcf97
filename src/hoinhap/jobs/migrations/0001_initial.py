import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Job',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('drafting.report', 'Comment-response report'), ('implementation.periodic_report', 'Periodic task report')], max_length=64)),
                ('params', models.JSONField(default=dict, help_text='What to render, as the request gave it.')),
                ('rows', models.PositiveIntegerField(default=0)),
                ('status', models.CharField(choices=[('pending', 'Waiting for the worker'), ('running', 'Being prepared'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=16)),
                ('file', models.FileField(blank=True, upload_to='reports/%Y/%m/')),
                ('filename', models.CharField(blank=True, max_length=255)),
                ('content_type', models.CharField(blank=True, max_length=128)),
                ('error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
    ]
