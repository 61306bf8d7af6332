"""Role changes on record (issue 31, point 4): every change to an account's access leaves an
``AccountEvent`` with who, when and what – never a secret.

Recorded from Django's signals, so every path is covered – the application's account and
team forms, the Django admin, management commands (createsuperuser, changepassword) and
code yet to come. Who acted:

1. the acting user a service names (``acting(by)``: ``user_save``, ``user_set_global_role``,
   ``membership_add`` … take ``by``);
2. else the logged-in user of the request (the Django admin), as django-simple-history
   finds it;
3. else nobody: the command line or the system ("Kommandozeile / System").
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import Group, User
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.models import HistoricalRecords

from core.actors import display_name
from core.limits import max_length
from projects.models import AccountEvent, AccountEventKind, Membership

SYSTEM = "Kommandozeile / System"

_acting: contextvars.ContextVar[User | None] = contextvars.ContextVar(
    "thinka_acting_user", default=None
)


@contextlib.contextmanager
def acting(user: User | None) -> Iterator[None]:
    """Within this block, account changes are recorded as made by ``user``."""
    token = _acting.set(user)
    try:
        yield
    finally:
        _acting.reset(token)


def _request_user() -> User | None:
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _in_request() -> bool:
    return getattr(HistoricalRecords.context, "request", None) is not None


def actor(instance: object = None) -> User | None:
    return _acting.get() or getattr(instance, "_history_user", None) or _request_user()


def record(
    *,
    account: User | None,
    kind: str,
    detail: str = "",
    by: User | None = None,
    linked: bool = True,
) -> AccountEvent:
    """One event. ``linked`` False: the account is named, not referenced – for what happens
    while an account may itself be deleted (its memberships and devices go with it)."""
    by = by or actor()
    return AccountEvent.objects.create(
        actor=by if by is not None and by.pk else None,
        actor_label=display_name(by, default=SYSTEM),
        account=account if linked and account is not None and account.pk else None,
        account_label=account.get_username() if account is not None else "",
        kind=kind,
        detail=detail[: max_length(AccountEvent, "detail")],
    )


# --- the account itself -----------------------------------------------------------------

WATCHED = ("is_active", "is_superuser", "is_staff", "password")
FLAGS = {
    "is_active": (AccountEventKind.REACTIVATED, AccountEventKind.DEACTIVATED),
    "is_superuser": (AccountEventKind.ADMIN_GRANTED, AccountEventKind.ADMIN_REVOKED),
    "is_staff": (AccountEventKind.STAFF_GRANTED, AccountEventKind.STAFF_REVOKED),
}


def _user_before(
    sender: Any, instance: User, update_fields: Any = None, raw: bool = False, **kwargs: Any
) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(WATCHED):
        return  # last_login and the like
    # Kept on the instance until post_save (vars(): an attribute the model does not declare).
    vars(instance)["_account_before"] = User.objects.filter(pk=instance.pk).values(*WATCHED).first()


def _user_after(
    sender: Any, instance: User, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw:
        return
    if created:
        roles = [label for flag, label in (("is_superuser", "Administration"),
                                           ("is_staff", "Django-Admin")) if getattr(instance, flag)]  # fmt: skip
        record(account=instance, kind=AccountEventKind.CREATED, detail=", ".join(roles))
        return
    before = vars(instance).pop("_account_before", None)
    if not before:
        return
    for flag, (granted, revoked) in FLAGS.items():
        if before[flag] != getattr(instance, flag):
            record(account=instance, kind=granted if getattr(instance, flag) else revoked)
    if before["password"] != instance.password:
        by = actor(instance)
        # Someone else set it (the admin's form, an administrator's command): on record.
        # The person's own change, a reset link or a hash upgrade at login is not.
        if (by is not None and by.pk != instance.pk) or (by is None and not _in_request()):
            record(account=instance, kind=AccountEventKind.PASSWORD_SET, by=by)


def _user_deleted(sender: Any, instance: User, **kwargs: Any) -> None:
    record(account=None, kind=AccountEventKind.DELETED, detail=instance.get_username())


def _groups_changed(
    sender: Any,
    instance: Any,
    action: str,
    reverse: bool,
    model: Any,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    """Global roles are groups: added to or removed from an account (either side)."""
    current = instance.user_set if reverse else instance.groups
    if action in ("pre_clear", "pre_remove"):
        # What really goes is known only before (remove() names ids that may not be set).
        held = current.all()
        if action == "pre_remove":
            held = held.filter(pk__in=pk_set)
        vars(instance)["_groups_going"] = set(held.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action in ("post_clear", "post_remove"):
        pk_set = vars(instance).pop("_groups_going", set())
    if not pk_set:
        return
    kind = AccountEventKind.ROLE_GRANTED if action == "post_add" else AccountEventKind.ROLE_REVOKED
    if reverse:  # group.user_set.add(user, …)
        for account in User.objects.filter(pk__in=pk_set):
            record(account=account, kind=kind, detail=instance.name)
    else:
        for group in Group.objects.filter(pk__in=pk_set):
            record(account=instance, kind=kind, detail=group.name)


# --- team memberships and the second factor -----------------------------------------------


def _membership_detail(membership: Membership) -> str:
    return f"{membership.project.name}: {membership.get_role_display()}"


def _membership_before(sender: Any, instance: Membership, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    vars(instance)["_role_before"] = (
        Membership.objects.filter(pk=instance.pk).values_list("role", flat=True).first()
    )


def _membership_after(
    sender: Any, instance: Membership, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw:
        return
    by = actor(instance)
    if created:
        kind = AccountEventKind.MEMBERSHIP_ADDED
    elif vars(instance).pop("_role_before", instance.role) != instance.role:
        kind = AccountEventKind.MEMBERSHIP_CHANGED
    else:
        return
    record(account=instance.user, kind=kind, detail=_membership_detail(instance), by=by)


def _membership_deleted(sender: Any, instance: Membership, **kwargs: Any) -> None:
    try:
        account = instance.user
    except User.DoesNotExist:  # the account itself is being deleted
        return
    record(
        account=account,
        kind=AccountEventKind.MEMBERSHIP_REMOVED,
        detail=_membership_detail(instance),
        by=actor(instance),
        linked=False,
    )


def _device_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A confirmed second factor removed by someone else (reset): on record. The person
    replacing their own (setup) is not."""
    by = actor(instance)
    if not instance.confirmed or (by is not None and by.pk == instance.user_id):
        return
    try:
        account = instance.user
    except User.DoesNotExist:
        return
    record(account=account, kind=AccountEventKind.SECOND_FACTOR_RESET, by=by, linked=False)


def connect() -> None:
    """Called once from ``ProjectsConfig.ready``."""
    uid = "thinka_account_log"
    pre_save.connect(_user_before, sender=User, dispatch_uid=f"{uid}_user_pre")
    post_save.connect(_user_after, sender=User, dispatch_uid=f"{uid}_user_post")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid=f"{uid}_user_delete")
    m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid=f"{uid}_groups")
    pre_save.connect(_membership_before, sender=Membership, dispatch_uid=f"{uid}_member_pre")
    post_save.connect(_membership_after, sender=Membership, dispatch_uid=f"{uid}_member_post")
    post_delete.connect(_membership_deleted, sender=Membership, dispatch_uid=f"{uid}_member_del")
    post_delete.connect(_device_deleted, sender=TOTPDevice, dispatch_uid=f"{uid}_device_del")
