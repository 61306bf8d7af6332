"""Status and "beendet am" agree (issue 18; the constraint follows in 0014): the reports count a
contact as ended from that date on, so an ended contact needs one.

Existing rows are aligned first, losing nothing the history does not keep:
- ended without a date: ended on the day the history first records it as "beendet",
  else on the day it was last changed;
- a date but not ended: the date says it ended, so the status becomes "beendet" – unless
  the date lies in the future, then the date goes (the status is what users see).
"""

from django.db import migrations
from django.utils import timezone


def align(apps, schema_editor):
    NetworkContact = apps.get_model("contacts", "NetworkContact")
    History = apps.get_model("contacts", "HistoricalNetworkContact")
    today = timezone.localdate()
    undated = NetworkContact.objects.filter(status="ended", ended_on__isnull=True)
    for contact in undated.only("pk", "updated_at").iterator(chunk_size=2000):
        first_ended = (
            History.objects.filter(id=contact.pk, status="ended")
            .order_by("history_date")
            .values_list("history_date", flat=True)
            .first()
        )
        when = first_ended or contact.updated_at
        NetworkContact.objects.filter(pk=contact.pk).update(
            ended_on=timezone.localdate(when) if when else today
        )
    dated = NetworkContact.objects.filter(ended_on__isnull=False).exclude(status="ended")
    dated.filter(ended_on__lte=today).update(status="ended")
    dated.filter(ended_on__gt=today).update(ended_on=None)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0012_organisation_one_live_entry_per_place")]

    operations = [
        migrations.RunPython(align, migrations.RunPython.noop),
    ]
