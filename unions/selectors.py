"""Reads of the unit tree and of who may act where. Every scoped query starts here."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q, QuerySet

from initiatives_portal.text import fold

from .enums import REVIEW_ROLES, TOP_LEVEL_KINDS, Role, UnitKind
from .models import Appointment, AppointmentChange, Unit

# Paths use treebeard's alphabet (0-9, A-Z); every descendant path of P sorts between
# P and P followed by "Z"s, so a subtree is one range scan on the unique path index.
_PATH_MAX = Unit._meta.get_field("path").max_length


def subtree_q(unit: Unit, *, prefix: str = "") -> Q:
    """A filter matching ``unit`` and all its descendants (``prefix`` e.g. ``"unit__"``)."""
    upper = unit.path + "Z" * (_PATH_MAX - len(unit.path))
    return Q(**{f"{prefix}path__gte": unit.path, f"{prefix}path__lte": upper})


def subtrees_q(units, *, prefix: str = "") -> Q:
    """A filter matching the union of the subtrees of ``units`` (matches nothing when empty)."""
    if any(u.depth == 1 for u in units):
        return Q()  # the root's subtree is everything: no filter, so the planner is not misled
    qs = [subtree_q(u, prefix=prefix) for u in units]
    if not qs:
        return Q(pk__in=[])
    return reduce(or_, qs)


def unit_subtree(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(subtree_q(unit))


def unit_contains(ancestor: Unit, unit: Unit) -> bool:
    """True when ``unit`` is ``ancestor`` or lies under it (no query)."""
    return unit.path.startswith(ancestor.path)


def active_appointments(user, roles=None) -> list[Appointment]:
    """The user's active appointments with their units, cached on the user for the request."""
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_appointments_cache", None)
    if cache is None:
        cache = list(Appointment.objects.active().filter(user=user).select_related("unit"))
        user._appointments_cache = cache
    if roles is None:
        return cache
    return [a for a in cache if a.role in roles]


def review_units(user) -> list[Unit]:
    """Units whose subtree the user may review and enter initiatives for."""
    return [a.unit for a in active_appointments(user, REVIEW_ROLES)]


def scope_units(user) -> list[Unit]:
    """Units whose subtree the user may see (any active appointment)."""
    return [a.unit for a in active_appointments(user)]


def is_officer(user) -> bool:
    return bool(review_units(user)) or bool(getattr(user, "is_superuser", False))


def is_staff_member(user) -> bool:
    return bool(active_appointments(user, (Role.STAFF,))) or bool(getattr(user, "is_superuser", False))


# Who may bulk-import initiatives into a subtree: its officers and managers, and its
# staff (a federation's staff upload what was collected on paper; they review nothing).
IMPORT_ROLES = (*REVIEW_ROLES, Role.STAFF)


def import_units(user) -> list[Unit]:
    """Units into whose subtree the user may import initiatives from a file."""
    return [a.unit for a in active_appointments(user, IMPORT_ROLES)]


def may_import(user) -> bool:
    """True when the user may import initiatives somewhere."""
    return bool(import_units(user)) or bool(getattr(user, "is_superuser", False))


def unit_in_import_scope(user, unit: Unit) -> bool:
    """True when ``user`` may import initiatives into ``unit`` (no query once cached)."""
    if getattr(user, "is_superuser", False):
        return True
    return any(unit_contains(scope, unit) for scope in import_units(user))


def units_in_scope(user) -> QuerySet[Unit]:
    """Every unit the user may see: the subtrees of their appointments (all for superusers)."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.all()
    return Unit.objects.filter(subtrees_q(scope_units(user)))


def unit_in_review_scope(user, unit: Unit) -> bool:
    """True when ``user`` may review or enter initiatives for ``unit`` (no query once cached)."""
    if getattr(user, "is_superuser", False):
        return True
    return any(unit_contains(scope, unit) for scope in review_units(user))


def unit_in_view_scope(user, unit: Unit) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(unit_contains(scope, unit) for scope in scope_units(user))


def review_units_at(user_id: int, moment, *, roles=REVIEW_ROLES) -> list[Unit]:
    """Units whose subtree the user could review and enter initiatives for at ``moment``
    (or, with other ``roles``, act on as those roles allow: ``IMPORT_ROLES``)."""
    held = Appointment.objects.filter(user_id=user_id, role__in=roles, granted_at__lte=moment).filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=moment)
    )
    return [a.unit for a in held.select_related("unit")]


# --- who may appoint whom ---------------------------------------------------------------------

ALL_ROLES = tuple(Role)


def appointable_roles(user, unit: Unit) -> list[str]:
    """The roles ``user`` may grant or revoke at ``unit`` (no query once appointments are cached).

    - Federation staff (role staff at the root) appoint any role at a province federation
      or a central sector union.
    - A manager appoints in their unit's subtree, never above or beside it: officers and
      staff at their own unit, any role (managers included) below it.
    - Superusers appoint anywhere.
    """
    if getattr(user, "is_superuser", False):
        return list(ALL_ROLES)
    roles: set[str] = set()
    for appointment in active_appointments(user):
        scope = appointment.unit
        if appointment.role == Role.MANAGER and unit_contains(scope, unit):
            roles.update(ALL_ROLES if unit.pk != scope.pk else (Role.OFFICER, Role.STAFF))
        elif appointment.role == Role.STAFF and scope.depth == 1 and unit.kind in TOP_LEVEL_KINDS:
            roles.update(ALL_ROLES)
    return [role for role in ALL_ROLES if role in roles]


def may_appoint(user, unit: Unit, role: str) -> bool:
    """True when ``user`` may grant (or revoke) ``role`` at ``unit``."""
    return role in appointable_roles(user, unit)


def appoints_anywhere(user) -> bool:
    """True when ``user`` holds a role that lets them appoint somewhere (for menus and the import page)."""
    if getattr(user, "is_superuser", False):
        return True
    return any(
        a.role == Role.MANAGER or (a.role == Role.STAFF and a.unit.depth == 1) for a in active_appointments(user)
    )


def appointments_at(unit: Unit, *, limit: int = 500) -> list[Appointment]:
    """The active appointments at ``unit`` (not below it), by role and name (Vietnamese order, given name first)."""
    return list(
        Appointment.objects.active()
        .filter(unit=unit)
        .select_related("user", "granted_by")
        .order_by("role", "user__sort_name", "id")[:limit]
    )


CONTACT_OFFICERS_LIMIT = 20


def officers_to_contact(unit: Unit) -> list[tuple[Unit, list[Appointment]]]:
    """Who a member of ``unit`` can turn to: the reviewing officers of ``unit`` and of the unit above.

    Each unit with its active officers and managers (open accounts only), by role and
    name, each person once, at most ``CONTACT_OFFICERS_LIMIT`` a unit; the member's own unit
    first. Two queries.
    """
    units = [unit]
    if unit.depth > 1:
        parent = Unit.objects.filter(path=unit.path[: -Unit.steplen]).first()
        if parent is not None:
            units.append(parent)
    appointments = (
        Appointment.objects.active()
        .filter(unit__in=units, role__in=REVIEW_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("unit_id", "role", "user__full_name", "id")
    )
    by_unit: dict[int, list[Appointment]] = {u.pk: [] for u in units}
    for appointment in appointments:
        people = by_unit[appointment.unit_id]
        # One line a person: an officer who also manages the unit is listed once.
        if len(people) < CONTACT_OFFICERS_LIMIT and all(a.user_id != appointment.user_id for a in people):
            people.append(appointment)
    return [(u, by_unit[u.pk]) for u in units]


def appointment_history(unit: Unit, *, before: int | None = None, size: int = 50) -> tuple[list[AppointmentChange], int | None]:
    """Appointment changes in ``unit``'s subtree, newest first, ``size`` at a time.

    Keyset pagination on the id: ``before`` is the last id of the previous page; returns
    the page and the id to continue from (None on the last page).
    """
    qs = AppointmentChange.objects.filter(subtree_q(unit, prefix="unit__")).select_related("user", "unit", "actor")
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].pk if more else None)


def unit_by_code(code: str) -> Unit | None:
    """The unit of ``code``, active or not (None if there is none); callers apply their own rule to it."""
    return Unit.objects.filter(code=code).first()


def national_unit() -> Unit | None:
    """The root of the tree (the federation), None before the tree is loaded."""
    return Unit.objects.filter(depth=1).order_by("path").first()


def top_level_units() -> QuerySet[Unit]:
    """Province federations and central sector unions, for the first step of a cascade (in
    Vietnamese alphabetical order within each kind)."""
    return Unit.objects.filter(depth=2, kind__in=TOP_LEVEL_KINDS, is_active=True).order_by("kind", "sort_name", "code")


def child_units(unit: Unit) -> QuerySet[Unit]:
    """Direct children of ``unit`` in Vietnamese alphabetical order (one indexed range scan plus the depth)."""
    return Unit.objects.filter(subtree_q(unit), depth=unit.depth + 1, is_active=True).order_by("sort_name", "code")


# Words of a unit search that are looked for; more only narrow an already short list.
UNIT_SEARCH_WORDS = 6


def unit_search_q(query: str, *, prefix: str = "") -> Q:
    """Units whose folded name and code contain every word of ``query`` (``prefix`` reaches
    them through a relation, e.g. ``"unit__"``); an empty query matches every unit.

    "Hà Nội", "ha noi" and "HÀ NỘI" find the same units: both sides are folded, and the
    folded column is what PostgreSQL's trigram index serves for ``LIKE '%word%'``.
    """
    condition = Q()
    for word in fold(query).split()[:UNIT_SEARCH_WORDS]:
        condition &= Q(**{f"{prefix}search_name__contains": word})
    return condition


def search_grassroots(query: str, *, limit: int = 20, within: Unit | None = None) -> QuerySet[Unit]:
    """Grassroots unions whose folded name or code contains every word of ``query``."""
    qs = Unit.objects.filter(unit_search_q(query), kind=UnitKind.GRASSROOTS, is_active=True)
    if within is not None:
        qs = qs.filter(subtree_q(within))
    return qs.order_by("sort_name", "code")[:limit]


def unit_and_ancestors(code: str) -> tuple[Unit | None, list[Unit]]:
    """The unit of ``code`` (active or not, as ``unit_by_code``) and its ancestors from the
    root down (as ``ancestors_of``), in one query: a page of a unit that shows its trail
    makes one round trip to the database for both."""
    table = connection.ops.quote_name(Unit._meta.db_table)
    # The model's own table; the code and the step length are parameters.
    sql = (
        f"SELECT * FROM {table} WHERE path IN (SELECT left(u.path, s.n * %s) FROM {table} AS u, "  # noqa: S608
        "generate_series(1, u.depth) AS s (n) WHERE u.code = %s) ORDER BY depth"
    )
    units = list(Unit.objects.raw(sql, [Unit.steplen, code]))
    if not units or units[-1].code != code:
        return None, []
    return units[-1], units[:-1]


def ancestors_of(unit: Unit) -> list[Unit]:
    """The ancestors of ``unit`` from the root down (one query by exact paths)."""
    steplen = Unit.steplen
    paths = [unit.path[:i] for i in range(steplen, len(unit.path), steplen)]
    return list(Unit.objects.filter(path__in=paths).order_by("depth"))


PICKER_LIMIT = 500


def picker_state(*, at_code: str = "", query: str = "", within: Unit | None = None) -> dict:
    """What the unit finder shows: the level reached, its children and any search results.

    ``at_code`` is the unit whose children are listed (the top level when empty);
    ``within`` keeps the finder inside one subtree (an officer's scope).
    """
    at = Unit.objects.filter(code=at_code, is_active=True).first() if at_code else None
    if at is not None and within is not None and not unit_contains(within, at):
        at = None
    if at is None and within is not None:
        at = within
    if at is None:
        children = list(top_level_units()[:PICKER_LIMIT])
        trail: list[Unit] = []
    else:
        children = list(child_units(at)[: PICKER_LIMIT + 1])
        trail = [u for u in ancestors_of(at) if within is None or unit_contains(within, u)] + [at]
    results = list(search_grassroots(query, within=within)) if len(query.strip()) >= 2 else []
    return {
        "at": at,
        "trail": [u for u in trail if u.depth > 1],
        "children": children[:PICKER_LIMIT],
        "truncated": len(children) > PICKER_LIMIT,
        "query": query,
        "results": results,
    }
