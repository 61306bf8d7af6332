"""ExportLog moved to reports, the import models to imports: state only, tables stay.

The tables keep their names (db_table) and their rows; nothing is copied.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0010_project_activity_index'),
        ('imports', '0001_initial'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='exportlog',
                    name='projects',
                ),
                migrations.RemoveField(
                    model_name='exportlog',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='importbatch',
                    name='project',
                ),
                migrations.RemoveField(
                    model_name='importbatch',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='importchange',
                    name='batch',
                ),
                migrations.RemoveConstraint(
                    model_name='savedimportmapping',
                    name='unique_mapping_name',
                ),
                migrations.DeleteModel(
                    name='ExportLog',
                ),
                migrations.DeleteModel(
                    name='ImportBatch',
                ),
                migrations.DeleteModel(
                    name='ImportChange',
                ),
                migrations.DeleteModel(
                    name='SavedImportMapping',
                ),
            ],
        ),
    ]
