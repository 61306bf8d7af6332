"""The weekly digest by e-mail: what each person should act on, from their own projects.

Sections: follow-ups due within a week or overdue, partners quiet for
``settings.DIGEST_QUIET_MONTHS`` months, and – where the contacts wing provides them – persons
still to be informed (Art. 14 DSGVO; see ``TO_INFORM``). Each line names the organisation and
links to it; no contact person's name or data and nothing of another project is in a digest
(the selectors are scoped to the reader's projects, ``contacts_for(user, WRITE)``).
A person sees the items they are responsible for and those nobody is responsible for.
"""

from __future__ import annotations

import datetime
import itertools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contacts import selectors as contact_selectors
from core.actors import display_name
from portal.models import DigestPreference, Weekday
from projects import access as project_access
from projects.access import Action
from projects.models import Project

logger = logging.getLogger(__name__)
SHOWN = 20  # lines per section; the rest is "… und N weitere" with a link to the full list
BATCH = 500  # readers whose digests are read together (a fixed number of queries each)


@dataclass
class Line:
    text: str
    detail: str
    url: str
    overdue: bool = False


@dataclass
class Section:
    key: str
    title: str
    lines: list[Line]
    total: int
    more_url: str = ""

    @property
    def more(self) -> int:
        return self.total - len(self.lines)


@dataclass
class Digest:
    user: User
    sections: list[Section] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(section.total for section in self.sections)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


@dataclass
class _Read:
    """What the digests of a group of readers need, read once for all of them: a fixed
    number of queries however many readers (each reader's part is chosen in Python)."""

    projects: dict[int, frozenset[int]]  # reader → projects they write in
    follow_ups: list[Any]
    quiet: list[Any]
    to_inform: list[dict[str, Any]]


def _read(users: list[User]) -> _Read:
    projects = project_access.project_ids_for_each(users, Action.WRITE)
    ids = frozenset().union(*projects.values())
    if not ids:
        return _Read(projects, [], [], [])
    follow_ups = list(contact_selectors.follow_ups_due_in(project_ids=ids))
    quiet = list(
        contact_selectors.quiet_partners_in(project_ids=ids, months=settings.DIGEST_QUIET_MONTHS)
    )
    to_inform: list[dict[str, Any]] = [
        dict(row)
        for row in contact_selectors.persons_to_inform(projects=Project.objects.filter(pk__in=ids))
        .order_by()
        .values(
            "network_contact",
            "network_contact__project",
            "network_contact__organisation__name",
            "network_contact__project__name",
        )
        .annotate(n=Count("pk"))
        .order_by("network_contact__organisation__name", "network_contact")
    ]
    return _Read(projects, follow_ups, quiet, to_inform)


def _looked_after_by(user: User, responsible_id: int | None) -> bool:
    """Items the person looks after, and those nobody looks after."""
    return responsible_id is None or responsible_id == user.pk


def _follow_ups(user: User, read: _Read) -> Section:
    today = timezone.localdate()
    mine = read.projects.get(user.pk, frozenset())
    items = [
        item
        for item in read.follow_ups
        if item.network_contact.project_id in mine
        and _looked_after_by(user, item.network_contact.responsible_id)
        and item.follow_up_on is not None  # always: the selector asks for one
    ]
    return Section(
        "follow_ups",
        _("Wiedervorlagen: fällig bis in 7 Tagen oder überfällig"),
        [_follow_up_line(item, today) for item in items[:SHOWN]],
        total=len(items),
        more_url=absolute(reverse("contacts:follow_ups")),
    )


def _follow_up_line(item: Any, today: datetime.date) -> Line:
    return Line(
        text=item.network_contact.organisation.name,
        detail=_("%(day)s: %(occasion)s (%(project)s)")
        % {
            "day": item.follow_up_on.strftime("%d.%m.%Y"),
            "occasion": item.occasion,
            "project": item.network_contact.project.name,
        },
        url=absolute(item.network_contact.get_absolute_url()),
        overdue=item.follow_up_on < today,
    )


def _quiet(user: User, read: _Read) -> Section:
    months = settings.DIGEST_QUIET_MONTHS
    mine = read.projects.get(user.pk, frozenset())
    contacts = [
        contact
        for contact in read.quiet
        if contact.project_id in mine and _looked_after_by(user, contact.responsible_id)
    ]
    lines = [
        Line(
            text=contact.organisation.name,
            detail=(
                _("letzter Kontakt am %(day)s (%(project)s)")
                % {
                    "day": contact.last_interaction_on.strftime("%d.%m.%Y"),
                    "project": contact.project.name,
                }
                if contact.last_interaction_on
                else _("noch kein Kontakt eingetragen (%(project)s)")
                % {"project": contact.project.name}
            ),
            url=absolute(contact.get_absolute_url()),
        )
        for contact in contacts[:SHOWN]
    ]
    return Section(
        "quiet",
        _("Seit %(months)s Monaten ohne Kontakt") % {"months": months},
        lines,
        total=len(contacts),
    )


def _to_inform(user: User, read: _Read) -> Section | None:
    """Persons still to be informed (Art. 14 DSGVO, issue 31): per network contact of the
    user's projects how many – by organisation and link, never a person's name."""
    mine = read.projects.get(user.pk, frozenset())
    rows = [row for row in read.to_inform if row["network_contact__project"] in mine]
    if not rows:
        return None
    lines = [
        Line(
            text=row["network_contact__organisation__name"],
            detail=ngettext(
                "%(n)s Ansprechperson noch nicht informiert (%(project)s)",
                "%(n)s Ansprechpersonen noch nicht informiert (%(project)s)",
                row["n"],
            )
            % {"n": row["n"], "project": row["network_contact__project__name"]},
            url=absolute(reverse("contacts:detail", args=[row["network_contact"]])),
        )
        for row in rows[:SHOWN]
    ]
    return Section("to_inform", _("Noch zu informieren (Art. 14 DSGVO)"), lines, total=len(rows))


def _digest(user: User, read: _Read) -> Digest:
    with translation.override("de"):
        sections = [_follow_ups(user, read), _quiet(user, read)]
        if (section := _to_inform(user, read)) is not None:
            sections.append(section)
    return Digest(user=user, sections=sections)


def digests_for(users: list[User]) -> list[Digest]:
    """The digests of several readers, from one read for all of them."""
    read = _read(users)
    return [_digest(user, read) for user in users]


def digest_for(user: User) -> Digest:
    return digests_for([user])[0]


def message_for(digest: Digest) -> EmailMultiAlternatives:
    user = digest.user
    with translation.override("de"):
        context = {
            "digest": digest,
            "name": display_name(user),
            "home_url": absolute(reverse("home")),
            "profile_url": absolute(reverse("profile")),
        }
        subject = _("ThINKA Netzwerk: Ihre Wochenübersicht vom %(day)s") % {
            "day": timezone.localdate().strftime("%d.%m.%Y")
        }
        message = EmailMultiAlternatives(
            subject,
            render_to_string("portal/digest_email.txt", context),
            None,
            [user.email],
        )
        message.attach_alternative(
            render_to_string("portal/digest_email.html", context), "text/html"
        )
    return message


def may_receive(user: User) -> bool:
    """A digest never goes to a deactivated account, one without address, or one that
    turned it off."""
    if not user.is_active or not user.email:
        return False
    preference = DigestPreference.objects.filter(user=user).first()
    return preference is None or preference.enabled


def due_today(today: datetime.date | None = None) -> QuerySet[User]:
    """The accounts whose digest is due: active, with an address, their day (Monday unless
    chosen otherwise), not turned off and not yet sent today."""
    today = today or timezone.localdate()
    users = (
        get_user_model().objects.filter(is_active=True, memberships__isnull=False).exclude(email="")
    )
    chosen = DigestPreference.objects.filter(weekday=today.weekday())
    off_or_sent = DigestPreference.objects.filter(Q(enabled=False) | Q(last_sent_on=today))
    users = users.exclude(pk__in=off_or_sent.values("user"))
    if today.weekday() == Weekday.MONDAY:
        # Monday: everyone who did not choose another day.
        users = users.exclude(
            pk__in=DigestPreference.objects.exclude(weekday=Weekday.MONDAY).values("user")
        )
    else:
        users = users.filter(pk__in=chosen.values("user"))
    return users.distinct().order_by("pk")


def send_digests(
    users: Iterable[User],
    *,
    mailer: BaseEmailBackend | None = None,
    today: datetime.date | None = None,
) -> int:
    """Compose and send each due digest (empty ones are not sent); one mail connection
    for all. Read in groups of ``BATCH`` readers, a fixed number of queries per group –
    never per reader. Returns how many went out."""
    today = today or timezone.localdate()
    mailer = mailer or mailers.default
    users = list(users)
    preferences = {
        preference.user_id: preference
        for preference in DigestPreference.objects.filter(user__in=[user.pk for user in users])
    }
    receivers = [
        user
        for user in users
        if user.is_active
        and user.email
        and (user.pk not in preferences or preferences[user.pk].enabled)
    ]
    sent = 0
    with mailer:
        for group in itertools.batched(receivers, BATCH):
            done = []
            for summary in digests_for(list(group)):
                if summary.is_empty:
                    continue
                mailer.send_messages([message_for(summary)])
                done.append(summary.user.pk)
            _record_sent(done, preferences, today)
            sent += len(done)
    logger.info("Wochenübersicht an %s Konten gesendet", sent)
    return sent


def _record_sent(
    user_ids: list[int], preferences: dict[int, DigestPreference], today: datetime.date
) -> None:
    DigestPreference.objects.filter(user_id__in=user_ids).update(last_sent_on=today)
    DigestPreference.objects.bulk_create(
        [
            DigestPreference(user_id=pk, last_sent_on=today)
            for pk in user_ids
            if pk not in preferences
        ],
        ignore_conflicts=True,
    )
