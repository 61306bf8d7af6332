"""ExportLog, moved here from contacts (state only: the contacts_exportlog tables stay)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ('exportlog',)


def move_content_types(apps, schema_editor):
    """Permissions and admin log entries keep pointing at the moved models."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="reports", model=model).exists():
            content_type.objects.filter(app_label="contacts", model=model).update(app_label="reports")


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="reports", model__in=MOVED).update(app_label="contacts")


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
                    name='ExportLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='Zeitpunkt')),
                        ('kind', models.CharField(choices=[('ministry', 'Bericht an das Ministerium (xlsx)'), ('list_csv', 'Liste der Netzwerkkontakte (CSV)'), ('list_xlsx', 'Liste der Netzwerkkontakte (xlsx)')], max_length=12, verbose_name='Art')),
                        ('user_label', models.CharField(max_length=150, verbose_name='Person (Name beim Export)')),
                        ('period_start', models.DateField(blank=True, null=True, verbose_name='Zeitraum von')),
                        ('period_end', models.DateField(blank=True, null=True, verbose_name='Zeitraum bis')),
                        ('period_label', models.CharField(blank=True, max_length=60, verbose_name='Zeitraum')),
                        ('filters', models.CharField(blank=True, max_length=500, verbose_name='Filter')),
                        ('include_persons', models.BooleanField(default=False, verbose_name='mit Ansprechpersonen')),
                        ('rows', models.PositiveIntegerField(default=0, verbose_name='Zeilen')),
                        ('via_command', models.BooleanField(default=False, verbose_name='über die Kommandozeile')),
                        ('projects', models.ManyToManyField(related_name='+', to='projects.project', verbose_name='Vorhaben')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Person')),
                    ],
                    options={
                        'verbose_name': 'Export',
                        'verbose_name_plural': 'Exporte',
                        'db_table': 'contacts_exportlog',
                        'ordering': ['-created_at'],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
