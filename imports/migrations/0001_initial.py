"""The import models, moved here from contacts (state only: contacts_* tables stay)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ('importbatch', 'importchange', 'savedimportmapping')


def move_content_types(apps, schema_editor):
    """Permissions and admin log entries keep pointing at the moved models."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="imports", model=model).exists():
            content_type.objects.filter(app_label="contacts", model=model).update(app_label="imports")


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="imports", model__in=MOVED).update(app_label="contacts")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('contacts', '0010_project_activity_index'),
        ('projects', '0002_roles_and_programme_lines'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ImportBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file_name', models.CharField(max_length=255, verbose_name='Datei')),
                        ('checksum', models.CharField(db_index=True, max_length=64, verbose_name='Prüfsumme (SHA-256)')),
                        ('content', models.BinaryField(verbose_name='Inhalt')),
                        ('header_row', models.PositiveIntegerField(null=True, verbose_name='Zeile der Spaltenüberschriften')),
                        ('mapping', models.JSONField(default=dict, verbose_name='Zuordnung der Spalten')),
                        ('value_map', models.JSONField(default=dict, verbose_name='Zuordnung der Werte')),
                        ('links', models.JSONField(default=dict, verbose_name='Zeilen, die einer vorhandenen Organisation zugeordnet wurden')),
                        ('mode', models.CharField(choices=[('add', 'nur neue Netzwerkkontakte hinzufügen'), ('update', 'neue hinzufügen und bestehende ergänzen')], default='update', max_length=10, verbose_name='Art des Imports')),
                        ('status', models.CharField(choices=[('draft', 'in Vorbereitung'), ('committed', 'importiert'), ('undone', 'rückgängig gemacht')], default='draft', max_length=10, verbose_name='Status')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='hochgeladen am')),
                        ('committed_at', models.DateTimeField(blank=True, null=True, verbose_name='importiert am')),
                        ('undone_at', models.DateTimeField(blank=True, null=True, verbose_name='rückgängig gemacht am')),
                        ('created_count', models.PositiveIntegerField(default=0, verbose_name='neu')),
                        ('updated_count', models.PositiveIntegerField(default=0, verbose_name='ergänzt')),
                        ('skipped_count', models.PositiveIntegerField(default=0, verbose_name='übersprungen')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='imports', to='projects.project', verbose_name='Vorhaben')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='hochgeladen von')),
                    ],
                    options={
                        'verbose_name': 'Import',
                        'verbose_name_plural': 'Importe',
                        'db_table': 'contacts_importbatch',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ImportChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('org', 'Organisation angelegt'), ('contact', 'Netzwerkkontakt angelegt'), ('person', 'Ansprechperson angelegt'), ('update', 'Netzwerkkontakt ergänzt')], max_length=10)),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('version_after', models.PositiveIntegerField()),
                        ('old_values', models.JSONField(blank=True, default=dict)),
                        ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='imports.importbatch')),
                    ],
                    options={
                        'db_table': 'contacts_importchange',
                    },
                ),
                migrations.CreateModel(
                    name='SavedImportMapping',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=80, verbose_name='Name')),
                        ('mapping', models.JSONField(default=dict)),
                        ('value_map', models.JSONField(default=dict)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_mappings', to='projects.project')),
                    ],
                    options={
                        'verbose_name': 'gespeicherte Zuordnung',
                        'verbose_name_plural': 'gespeicherte Zuordnungen',
                        'db_table': 'contacts_savedimportmapping',
                        'constraints': [models.UniqueConstraint(fields=('project', 'name'), name='unique_mapping_name')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
