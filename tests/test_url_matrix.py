"""Every URL of the URLconf, requested by every role, against a declared matrix.

A URL without an entry here fails ``test_every_url_is_in_the_matrix``: whoever adds a view
decides, in this file, who may open it. Project A is the personas' own project; project B is
someone else's (staff and lead of A must get 404 there, never data).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.url_matrix import ADMIN_NAMESPACE, ROLES, Case, expect, iter_urls, unlisted

OK, REDIRECT, FORBIDDEN, MISSING, NOT_ALLOWED = 200, 302, 403, 404, 405

EVERYONE = expect(OK, OK, OK, OK, OK, OK)
LOGGED_IN = expect(REDIRECT, OK, OK, OK, OK, OK)
COORDINATION_ONLY = expect(REDIRECT, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK)
PROJECT_A_MANAGERS = expect(REDIRECT, FORBIDDEN, OK, OK, FORBIDDEN, OK)
PROJECT_B_MANAGERS = expect(REDIRECT, MISSING, MISSING, OK, FORBIDDEN, OK)
# Network contacts: members and the coordination office; the ministry never (totals only).
CONTACT_USERS = expect(REDIRECT, OK, OK, OK, FORBIDDEN, OK)
OWN_CONTACT = expect(REDIRECT, OK, OK, OK, MISSING, OK)
OTHER_CONTACT = expect(REDIRECT, MISSING, MISSING, OK, MISSING, OK)
NOBODY = expect(REDIRECT, MISSING, MISSING, MISSING, MISSING, MISSING)


def contact_a(world):
    return {"pk": world.contact_a.pk}


def contact_b(world):
    return {"pk": world.contact_b.pk}


def person_a(world):
    return {"pk": world.contact_a.pk, "person_pk": world.person_a.pk}


def person_b(world):
    return {"pk": world.contact_b.pk, "person_pk": world.person_b.pk}


def person_b_via_a(world):
    """B's contact person through A's network contact: the ids must belong together."""
    return {"pk": world.contact_a.pk, "person_pk": world.person_b.pk}


def abbreviation(world):
    from contacts.models import Abbreviation

    entry, _created = Abbreviation.objects.get_or_create(short="THW", long="Technisches Hilfswerk")
    return {"pk": entry.pk}


def field_of_action(world):
    from contacts.models import FieldOfAction

    return {"kind": "handlungsfelder", "pk": FieldOfAction.objects.first().pk}


def a(world):
    return {"pk": world.project_a.pk}


def b(world):
    return {"pk": world.project_b.pk}


def meeting(world):
    from tests.factories import MeetingFactory

    return {"pk": MeetingFactory(number=6).pk}


def theme_table(world):
    from tests.factories import ThemeTableFactory

    table = ThemeTableFactory(meeting__number=6)
    return {"pk": table.meeting_id, "table_pk": table.pk}


def _batch(project, *, committed=False):
    from imports import services

    data = b"Name der Einrichtung;Ort\r\nTafel e. V.;Sonneberg\r\n"
    batch = services.upload(project=project, by=None, file_name="liste.csv", data=data)
    if committed:
        services.commit(batch=batch, by=None)
    return batch


def final_report(world):
    from reports import periods, selectors
    from reports import services as report_services

    period = periods.parse("2016-H2")
    report = selectors.final_report_for(period) or report_services.final_report_close(
        period=period, by=world.coordination
    )
    return {"pk": report.pk}


def import_a(world):
    return {"pk": _batch(world.project_a).pk}


def import_b(world):
    return {"pk": _batch(world.project_b).pk}


def import_a_done(world):
    return {"pk": _batch(world.project_a, committed=True).pk}


def ended(kwargs_of):
    """The same arguments once project A has ended (issue 32): read-only for its team."""

    def build(world):
        from projects.models import Project, ProjectStatus

        arguments = kwargs_of(world)
        Project.objects.filter(pk=world.project_a.pk).update(status=ProjectStatus.ENDED)
        return arguments

    return build


# Project A has ended: its team reads, only the coordination office (and admin) writes.
ENDED_WRITE = expect(REDIRECT, FORBIDDEN, FORBIDDEN, OK, MISSING, OK)
ENDED_MANAGE = expect(REDIRECT, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK)


MATRIX: dict[str, list[Case]] = {
    "home": [Case(LOGGED_IN)],
    # The public pages (issue 31): everyone, before login too; edited by the coordination.
    "public:imprint": [Case(EVERYONE)],
    "public:privacy": [Case(EVERYONE)],
    "public:accessibility": [
        Case(EVERYONE),
        Case(
            expect(*[REDIRECT] * 6),
            method="post",
            data=lambda w: {"message": "Der Kontrast der Schaltflächen ist mir zu schwach."},
            label="a barrier reported, by anyone",
            public=True,
        ),
    ],
    "public:feedback_list": [Case(COORDINATION_ONLY)],
    "public:edit": [
        Case(COORDINATION_ONLY, kwargs=lambda w: {"kind": "impressum"}),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, MISSING, FORBIDDEN, MISSING),
            kwargs=lambda w: {"kind": "gibt-es-nicht"},
            label="a page that does not exist",
        ),
    ],
    "healthcheck": [Case(EVERYONE)],
    # Django's authentication views
    "login": [Case(EVERYONE)],
    "set_language": [
        Case(
            expect(*[REDIRECT] * 6),
            method="post",
            data=lambda w: {"language": "en", "next": reverse("login")},
            label="the language switch, also before login",
        ),
        Case(expect(*[NOT_ALLOWED] * 6), label="GET changes nothing"),
    ],
    "logout": [Case(expect(REDIRECT, *[NOT_ALLOWED] * 5), label="logout is POST only")],
    "password_change": [Case(LOGGED_IN)],
    "two_factor_setup": [Case(LOGGED_IN)],
    "two_factor_verify": [
        Case(expect(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT), label="no device")
    ],
    "password_change_done": [Case(LOGGED_IN)],
    "password_reset": [Case(EVERYONE)],
    "password_reset_done": [Case(EVERYONE)],
    "password_reset_confirm": [
        Case(EVERYONE, kwargs=lambda w: {"uidb64": "MQ", "token": "falsch-1234"})
    ],
    "password_reset_complete": [Case(EVERYONE)],
    # projects
    "projects:list": [Case(LOGGED_IN)],
    "projects:create": [Case(COORDINATION_ONLY)],
    "projects:detail": [
        Case(LOGGED_IN, kwargs=a),
        Case(LOGGED_IN, kwargs=ended(a), label="ended project: reading stays"),
        Case(expect(REDIRECT, MISSING, MISSING, OK, OK, OK), kwargs=b, label="other project"),
        Case(expect(REDIRECT, *[MISSING] * 5), kwargs=lambda w: {"pk": 999999}),
    ],
    "projects:update": [
        Case(COORDINATION_ONLY, kwargs=a),
        Case(expect(REDIRECT, MISSING, MISSING, OK, FORBIDDEN, OK), kwargs=b),
    ],
    "projects:office_create": [
        Case(PROJECT_A_MANAGERS, kwargs=a),
        Case(ENDED_MANAGE, kwargs=ended(a), label="ended project"),
        Case(PROJECT_B_MANAGERS, kwargs=b),
    ],
    "projects:office_update": [
        Case(
            PROJECT_A_MANAGERS, kwargs=lambda w: {"pk": w.project_a.pk, "office_pk": w.office_a.pk}
        ),
        Case(
            PROJECT_B_MANAGERS, kwargs=lambda w: {"pk": w.project_b.pk, "office_pk": w.office_b.pk}
        ),
        Case(
            expect(REDIRECT, FORBIDDEN, MISSING, MISSING, FORBIDDEN, MISSING),
            kwargs=lambda w: {"pk": w.project_a.pk, "office_pk": w.office_b.pk},
            label="B's office through A's address",
        ),
    ],
    "projects:member_add": [
        Case(PROJECT_A_MANAGERS, kwargs=a),
        Case(ENDED_MANAGE, kwargs=ended(a), label="ended project"),
        Case(PROJECT_B_MANAGERS, kwargs=b),
    ],
    "projects:member_remove": [
        Case(
            PROJECT_A_MANAGERS,
            kwargs=lambda w: {"pk": w.project_a.pk, "member_pk": w.membership_staff_a.pk},
        ),
        Case(
            PROJECT_B_MANAGERS,
            kwargs=lambda w: {"pk": w.project_b.pk, "member_pk": w.membership_staff_b.pk},
        ),
        Case(
            expect(REDIRECT, MISSING, MISSING, REDIRECT, FORBIDDEN, REDIRECT),
            kwargs=lambda w: {"pk": w.project_b.pk, "member_pk": w.membership_staff_b.pk},
            method="post",
            label="removing someone from B",
        ),
    ],
    "projects:operator_list": [Case(COORDINATION_ONLY)],
    "projects:operator_create": [Case(COORDINATION_ONLY)],
    "projects:operator_update": [Case(COORDINATION_ONLY, kwargs=lambda w: {"pk": w.operator.pk})],
    "projects:user_list": [Case(COORDINATION_ONLY)],
    "projects:user_create": [Case(COORDINATION_ONLY)],
    "projects:user_send_link": [
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, REDIRECT, FORBIDDEN, REDIRECT),
            kwargs=lambda w: {"pk": w.staff_a.pk},
            method="post",
            label="the link to set a password, sent again",
        ),
        Case(expect(REDIRECT, *[NOT_ALLOWED] * 5), kwargs=lambda w: {"pk": w.staff_a.pk}),
    ],
    "projects:user_second_factor_reset": [
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, REDIRECT, FORBIDDEN, REDIRECT),
            kwargs=lambda w: {"pk": w.staff_a.pk},
            method="post",
            label="a lost second factor reset",
        ),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT),
            kwargs=lambda w: {"pk": w.admin.pk},
            method="post",
            label="an administrator's second factor: only an administrator",
        ),
        Case(expect(REDIRECT, *[NOT_ALLOWED] * 5), kwargs=lambda w: {"pk": w.staff_a.pk}),
    ],
    "projects:user_update": [
        Case(COORDINATION_ONLY, kwargs=lambda w: {"pk": w.staff_a.pk}),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
            kwargs=lambda w: {"pk": w.admin.pk},
            label="an administrator's account",
        ),
    ],
    # contacts
    "contacts:list": [Case(CONTACT_USERS)],
    # The former first step forwards whoever may record to the recording page (which
    # checks the named project itself: "contacts:create" below).
    "contacts:start": [
        Case(expect(REDIRECT, REDIRECT, REDIRECT, REDIRECT, FORBIDDEN, REDIRECT)),
        Case(
            expect(REDIRECT, REDIRECT, REDIRECT, REDIRECT, FORBIDDEN, REDIRECT),
            data=lambda w: {"project": w.project_a.pk, "name": "Jobcenter"},
        ),
    ],
    "contacts:create": [
        Case(CONTACT_USERS, data=lambda w: {"project": w.project_a.pk, "name": "Neu"}),
        Case(
            expect(REDIRECT, MISSING, MISSING, OK, FORBIDDEN, OK),
            data=lambda w: {"project": w.project_b.pk, "name": "Neu"},
            label="another project's contacts",
        ),
        Case(
            expect(REDIRECT, MISSING, MISSING, 400, FORBIDDEN, 400),
            method="post",
            data=lambda w: {"project": w.project_b.pk},
            label="posting into another project",
        ),
        # The one-page recording starts in the project last worked in (or the first joined).
        Case(CONTACT_USERS, label="without a project: the preferred one"),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK),
            data=ended(lambda w: {"project": w.project_a.pk, "name": "Neu"}),
            label="recording into an ended project",
        ),
    ],
    "contacts:detail": [
        Case(OWN_CONTACT, kwargs=contact_a),
        Case(OWN_CONTACT, kwargs=ended(contact_a), label="ended project: reading stays"),
        Case(OTHER_CONTACT, kwargs=contact_b),
        Case(NOBODY, kwargs=lambda w: {"pk": 999999}),
    ],
    "contacts:update": [
        Case(OWN_CONTACT, kwargs=contact_a),
        Case(ENDED_WRITE, kwargs=ended(contact_a), label="ended project"),
        Case(OTHER_CONTACT, kwargs=contact_b),
        Case(
            expect(REDIRECT, MISSING, MISSING, 400, MISSING, 400),
            kwargs=contact_b,
            method="post",
            label="changing another project's contact",
        ),
    ],
    "contacts:archive": [
        Case(OWN_CONTACT, kwargs=contact_a),
        Case(ENDED_WRITE, kwargs=ended(contact_a), label="ended project"),
        Case(OTHER_CONTACT, kwargs=contact_b),
        Case(
            expect(REDIRECT, MISSING, MISSING, REDIRECT, MISSING, REDIRECT),
            kwargs=contact_b,
            method="post",
            label="archiving another project's contact",
        ),
    ],
    "contacts:restore": [
        Case(OWN_CONTACT, kwargs=contact_a),
        Case(OTHER_CONTACT, kwargs=contact_b),
    ],
    "contacts:interaction_create": [
        Case(expect(REDIRECT, *[NOT_ALLOWED] * 5), kwargs=contact_a, label="POST only"),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, 400, MISSING, 400),
            kwargs=ended(contact_a),
            method="post",
            label="logging into an ended project's history",
        ),
        Case(
            expect(REDIRECT, MISSING, MISSING, 400, MISSING, 400),
            kwargs=contact_b,
            method="post",
            label="logging into another project's history",
        ),
    ],
    "contacts:person_create": [
        Case(OWN_CONTACT, kwargs=contact_a),
        Case(ENDED_WRITE, kwargs=ended(contact_a), label="ended project"),
        Case(OTHER_CONTACT, kwargs=contact_b),
    ],
    "contacts:person_update": [
        Case(OWN_CONTACT, kwargs=person_a),
        Case(ENDED_WRITE, kwargs=ended(person_a), label="ended project"),
        Case(OTHER_CONTACT, kwargs=person_b),
        Case(
            NOBODY,
            kwargs=person_b_via_a,
            label="B's person through A's contact",
        ),
    ],
    "contacts:steering_group": [
        Case(
            expect(REDIRECT, OK, OK, OK, FORBIDDEN, OK),
            kwargs=lambda w: {"project_pk": w.project_a.pk},
        ),
        Case(
            expect(REDIRECT, MISSING, MISSING, OK, FORBIDDEN, OK),
            kwargs=lambda w: {"project_pk": w.project_b.pk},
        ),
    ],
    "contacts:organisation_list": [Case(CONTACT_USERS)],
    "contacts:organisation_suggest": [Case(CONTACT_USERS, data=lambda w: {"name": "Jobcenter"})],
    "contacts:organisation_detail": [
        Case(CONTACT_USERS, kwargs=lambda w: {"pk": w.organisation.pk}),
        Case(CONTACT_USERS, kwargs=lambda w: {"pk": w.contact_b.organisation_id}),
    ],
    "contacts:organisation_update": [
        Case(CONTACT_USERS, kwargs=lambda w: {"pk": w.organisation.pk}),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK),
            kwargs=lambda w: {"pk": w.contact_b.organisation_id},
            label="an organisation only B works with",
        ),
    ],
    "contacts:organisation_merge": [
        Case(COORDINATION_ONLY, kwargs=lambda w: {"pk": w.organisation.pk})
    ],
    "contacts:vocabulary_list": [Case(COORDINATION_ONLY)],
    "contacts:abbreviation_list": [Case(COORDINATION_ONLY)],
    "contacts:abbreviation_delete": [Case(COORDINATION_ONLY, kwargs=abbreviation)],
    "contacts:vocabulary_create": [
        Case(COORDINATION_ONLY, kwargs=lambda w: {"kind": "handlungsfelder"}),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, MISSING, FORBIDDEN, MISSING),
            kwargs=lambda w: {"kind": "gibt-es-nicht"},
        ),
    ],
    "contacts:vocabulary_update": [Case(COORDINATION_ONLY, kwargs=field_of_action)],
    # Exports: staff and leads their own projects, ministry and coordination all.
    "reports:list_csv": [Case(CONTACT_USERS)],
    "reports:list_xlsx": [Case(CONTACT_USERS)],
    "reports:ministry_export": [
        Case(LOGGED_IN),
        Case(
            expect(REDIRECT, 400, 400, 400, 400, 400),
            method="post",
            data=lambda w: {"period": "2016-H3"},
            label="an unknown period gets a form error, not a file",
        ),
    ],
    "reports:export_log": [Case(COORDINATION_ONLY)],
    # Imports: the project's own people and the coordination office.
    "imports:list": [Case(CONTACT_USERS)],
    "imports:mapping": [
        Case(OWN_CONTACT, kwargs=import_a),
        Case(OTHER_CONTACT, kwargs=import_b),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, MISSING, FORBIDDEN),
            kwargs=import_a_done,
            label="an import already done cannot be mapped again",
        ),
    ],
    "imports:preview": [
        Case(OWN_CONTACT, kwargs=import_a),
        Case(OTHER_CONTACT, kwargs=ended(import_a), label="ended project: no import"),
        Case(OTHER_CONTACT, kwargs=import_b),
        Case(OWN_CONTACT, kwargs=import_a_done),
    ],
    "imports:commit": [
        Case(expect(REDIRECT, *[NOT_ALLOWED] * 5), kwargs=import_a, label="POST only"),
        Case(
            expect(REDIRECT, REDIRECT, REDIRECT, REDIRECT, MISSING, REDIRECT),
            kwargs=import_a,
            method="post",
        ),
        Case(
            expect(REDIRECT, MISSING, MISSING, REDIRECT, MISSING, REDIRECT),
            kwargs=import_b,
            method="post",
            label="committing another project's import",
        ),
    ],
    "imports:errors": [
        Case(OWN_CONTACT, kwargs=import_a),
        Case(OTHER_CONTACT, kwargs=import_b),
    ],
    "imports:undo": [
        Case(OWN_CONTACT, kwargs=import_a_done),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, MISSING, FORBIDDEN),
            kwargs=import_a,
            label="nothing to undo before the import",
        ),
    ],
    "portal:login_failures": [Case(COORDINATION_ONLY)],
    "portal:audit_log": [Case(COORDINATION_ONLY)],
    # Data-subject rights: the project's own people (erasure: its lead) and coordination.
    "contacts:person_report": [
        Case(OWN_CONTACT, kwargs=person_a),
        Case(OWN_CONTACT, kwargs=ended(person_a), label="ended project: reading stays"),
        Case(OTHER_CONTACT, kwargs=person_b),
        Case(
            NOBODY,
            kwargs=person_b_via_a,
            label="B's person through A's contact",
        ),
    ],
    "contacts:person_report_page": [
        Case(OWN_CONTACT, kwargs=person_a),
        Case(OTHER_CONTACT, kwargs=person_b),
        Case(NOBODY, kwargs=person_b_via_a, label="B's person through A's contact"),
    ],
    "contacts:person_erase": [
        Case(
            expect(REDIRECT, FORBIDDEN, OK, OK, MISSING, OK),
            kwargs=person_a,
        ),
        Case(ENDED_WRITE, kwargs=ended(person_a), label="ended project: the coordination office"),
        Case(OTHER_CONTACT, kwargs=person_b),
        Case(
            NOBODY,
            kwargs=person_b_via_a,
            label="B's person through A's contact",
        ),
    ],
    "contacts:privacy": [Case(COORDINATION_ONLY)],
    # Art. 14 DSGVO: the persons' teams and the coordination office, never the ministry.
    "contacts:persons_inform": [
        Case(CONTACT_USERS),
        Case(
            expect(REDIRECT, OK, OK, OK, FORBIDDEN, OK),
            method="post",
            data=lambda w: {"persons": [w.person_a.pk], "action": "print"},
            label="the notice of a person of project A",
        ),
        Case(
            expect(REDIRECT, 400, 400, OK, FORBIDDEN, OK),
            method="post",
            data=lambda w: {"persons": [w.person_b.pk], "action": "print"},
            label="a person of project B is no choice for project A's team",
        ),
    ],
    "contacts:notice_template": [Case(COORDINATION_ONLY)],
    # The deletion concept's queue (issue 31): the coordination office.
    "portal:retention": [Case(COORDINATION_ONLY)],
    "portal:retention_delete": [
        Case(COORDINATION_ONLY, kwargs=lambda w: {"code": "export_logs"}),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, REDIRECT, FORBIDDEN, REDIRECT),
            kwargs=lambda w: {"code": "export_logs"},
            method="post",
            label="deleting what is due",
        ),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, MISSING, FORBIDDEN, MISSING),
            kwargs=lambda w: {"code": "import_uploads"},
            label="uploads are deleted by their own rule",
        ),
    ],
    # Closed reports: ministry and coordination read them; the coordination office closes.
    "reports:final_list": [Case(expect(REDIRECT, FORBIDDEN, FORBIDDEN, OK, OK, OK))],
    "reports:final_close": [
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK),
            method="post",
            data=lambda w: {"period": "2016-H2"},
            label="closing asks first",
        ),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, REDIRECT, FORBIDDEN, REDIRECT),
            method="post",
            data=lambda w: {"period": "2016-H2", "confirm": "ja"},
            label="closing a past period, confirmed",
        ),
        Case(expect(REDIRECT, *[NOT_ALLOWED] * 5), label="GET closes nothing"),
    ],
    "reports:final_detail": [
        Case(expect(REDIRECT, FORBIDDEN, FORBIDDEN, OK, OK, OK), kwargs=final_report),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, MISSING, MISSING, MISSING),
            kwargs=lambda w: {"pk": 999999},
            label="a report that does not exist",
        ),
    ],
    "reports:final_download": [
        Case(expect(REDIRECT, FORBIDDEN, FORBIDDEN, OK, OK, OK), kwargs=final_report)
    ],
    "reports:final_recompute": [
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, REDIRECT, FORBIDDEN, REDIRECT),
            kwargs=final_report,
            method="post",
            label="recomputing keeps the earlier version",
        ),
        Case(expect(REDIRECT, *[NOT_ALLOWED] * 5), kwargs=final_report),
    ],
    # The review before closing: the coordination office for all, projects for their own;
    # never the ministry (its figures link to lists of network contacts).
    "reports:review": [Case(CONTACT_USERS)],
    # Overviews across all projects: coordination office and ministry.
    "reports:dashboard": [Case(expect(REDIRECT, FORBIDDEN, FORBIDDEN, OK, OK, OK))],
    "reports:network_map": [Case(expect(REDIRECT, FORBIDDEN, FORBIDDEN, OK, OK, OK))],
    # A project's own Netzwerkkarte: whoever reads the project (organisations, no persons).
    "reports:project_map": [
        Case(LOGGED_IN, kwargs=a),
        Case(expect(REDIRECT, MISSING, MISSING, OK, OK, OK), kwargs=b, label="other project"),
    ],
    "reports:project_map_svg": [
        Case(LOGGED_IN, kwargs=a),
        Case(expect(REDIRECT, MISSING, MISSING, OK, OK, OK), kwargs=b, label="other project"),
    ],
    "reports:project_map_pdf": [
        Case(LOGGED_IN, kwargs=a),
        Case(expect(REDIRECT, MISSING, MISSING, OK, OK, OK), kwargs=b, label="other project"),
    ],
    # Experience exchanges: everyone logged in reads, the coordination office edits.
    "exchanges:list": [Case(LOGGED_IN)],
    "exchanges:findings": [Case(LOGGED_IN)],
    "exchanges:detail": [
        Case(LOGGED_IN, kwargs=meeting),
        Case(NOBODY, kwargs=lambda w: {"pk": 999999}, label="a meeting that does not exist"),
    ],
    "exchanges:docx": [Case(LOGGED_IN, kwargs=meeting)],
    "exchanges:ics": [Case(LOGGED_IN, kwargs=meeting)],
    "exchanges:create": [Case(COORDINATION_ONLY)],
    "exchanges:update": [Case(COORDINATION_ONLY, kwargs=meeting)],
    "exchanges:delete": [
        Case(COORDINATION_ONLY, kwargs=meeting),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, 400, FORBIDDEN, 400),
            kwargs=meeting,
            method="post",
            label="deleting without the version is refused",
        ),
    ],
    "exchanges:report_items": [Case(COORDINATION_ONLY, kwargs=meeting)],
    "exchanges:table_create": [Case(COORDINATION_ONLY, kwargs=meeting)],
    "exchanges:table_update": [
        Case(COORDINATION_ONLY, kwargs=theme_table),
        Case(
            expect(REDIRECT, FORBIDDEN, FORBIDDEN, MISSING, FORBIDDEN, MISSING),
            kwargs=lambda w: {**meeting(w), "table_pk": 999999},
            label="a table of no meeting",
        ),
    ],
    "exchanges:table_delete": [Case(COORDINATION_ONLY, kwargs=theme_table)],
    "contacts:vocabulary_delete": [Case(COORDINATION_ONLY, kwargs=field_of_action)],
}

CASES = [
    pytest.param(name, index, role, id=f"{name}[{index}]-{role}")
    for name, cases in MATRIX.items()
    for index in range(len(cases))
    for role in ROLES
]


def test_every_url_is_in_the_matrix():
    assert unlisted(iter_urls(), MATRIX) == []


def test_the_matrix_names_only_existing_urls():
    names = {entry.name for entry in iter_urls()}
    assert sorted(set(MATRIX) - names) == []


@pytest.mark.parametrize(("name", "index", "role"), CASES)
def test_url_answers_role_as_declared(client, world, name, index, role):
    case = MATRIX[name][index]
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=case.kwargs(world))
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(url, data)
    assert response.status_code == case.expect[role], f"{case.label or name} as {role}"
    if role == "anonymous" and case.expect[role] == REDIRECT:
        assert response.url.startswith(reverse("login")) != case.public
    if case.method == "post" and case.expect[role] in (FORBIDDEN, MISSING):
        assert "Location" not in response


ADMIN_KWARGS = {
    "object_id": lambda w: str(w.project_a.pk),
    "app_label": lambda w: "projects",
    "content_type_id": lambda w: "1",
    "id": lambda w: str(w.staff_a.pk),
    # django-otp's admin views expect an existing device (they answer 500 otherwise).
    "pk": lambda w: str(_totp_device(w).pk),
}


def _totp_device(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=world.admin, name="Test", confirmed=False)


@pytest.mark.parametrize(
    "entry",
    [entry for entry in iter_urls() if entry.namespace == ADMIN_NAMESPACE],
    ids=lambda entry: entry.name,
)
@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_reach_the_django_admin(client, world, entry, role):
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    if entry.name.startswith(f"{ADMIN_NAMESPACE}:<unnamed"):
        url = "/admin/gibt-es-nicht/"
    else:
        url = reverse(
            entry.name,
            args=[str(world.project_a.pk)] * entry.positional or None,
            kwargs={k: ADMIN_KWARGS[k](world) for k in entry.kwargs} or None,
        )
    response = client.get(url)
    if role == "admin":
        # Reached: a page, a redirect inside the admin, or a refusal of the dummy arguments.
        assert response.status_code in (OK, REDIRECT, FORBIDDEN, MISSING, NOT_ALLOWED)
        if response.status_code == REDIRECT:
            assert not response.url.startswith(reverse("admin:login"))
    elif entry.name in {"admin:login", "admin:logout"}:
        assert response.status_code in (OK, REDIRECT, NOT_ALLOWED)
    else:
        # Everybody else is sent to a login page: Django's own or the admin's.
        assert response.status_code == REDIRECT
        assert response.url.startswith((reverse("login"), reverse("admin:login")))
