"""An ended network contact has an end date, and only it (rows aligned in 0013)."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [("contacts", "0013_align_end_dates")]

    operations = [
        migrations.AddConstraint(
            model_name="networkcontact",
            constraint=models.CheckConstraint(
                condition=Q(status="ended", ended_on__isnull=False)
                | (~Q(status="ended") & Q(ended_on__isnull=True)),
                name="network_contact_ended_has_a_date",
                violation_error_message="Ein beendeter Netzwerkkontakt braucht „beendet am“; nur er hat dieses Datum.",
            ),
        ),
    ]
