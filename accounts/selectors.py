"""Reads of accounts: who may act on whose account, the members an officer sees, a person's own data."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from initiatives_portal.identifiers import normalize_phone
from initiatives_portal.text import fold, nfc
from unions import selectors as unit_selectors
from unions.models import Unit

from .models import AccountEvent, User

# --- where a person starts ---------------------------------------------------------------


def landing_url_name(user) -> str:
    """The page a person lands on after logging in: where their day's work is.

    An officer lands on their review queue, federation or province staff on the
    dashboard, anyone else on their own initiatives. URL names, not views: the queue and
    the dashboard belong to apps above this one.
    """
    if unit_selectors.is_officer(user):
        return "reviews:queue"
    if unit_selectors.is_staff_member(user):
        return "reports:home"
    return "submissions:mine"


# --- who may act on an account --------------------------------------------------------------


def may_manage_account(actor, target: User | None) -> bool:
    """True when ``actor`` may lock, unlock or issue a reset code for ``target``'s account.

    Every place the account holds must lie under the actor: its grassroots union must be
    in the actor's review subtree, and each of its appointments must be one the actor may
    grant (so an officer never acts on a peer or on anyone above or beside them). An
    account with no place at all, a superuser, a closed account and oneself are refused.
    """
    if target is None or not getattr(actor, "is_authenticated", False):
        return False
    if target.pk == actor.pk or target.is_superuser or target.is_closed:
        return False
    if actor.is_superuser:
        return True
    places = 0
    if target.unit_id is not None:
        if not unit_selectors.unit_in_review_scope(actor, target.unit):
            return False
        places += 1
    for appointment in unit_selectors.active_appointments(target):
        if not unit_selectors.may_appoint(actor, appointment.unit, appointment.role):
            return False
        places += 1
    return places > 0


def acting_unit(actor, target: User) -> Unit | None:
    """The actor's unit in whose name they act on ``target`` (the closest one above it), for the history."""
    places = [target.unit] if target.unit_id is not None else []
    places += [a.unit for a in unit_selectors.active_appointments(target)]
    candidates = [
        a.unit
        for a in unit_selectors.active_appointments(actor)
        if any(unit_selectors.unit_contains(a.unit, place) for place in places)
    ]
    return max(candidates, key=lambda unit: unit.depth, default=None)


# --- members of an officer's subtree --------------------------------------------------------

MEMBERS_PAGE_SIZE = 50
MEMBERS_COUNT_CAP = 10_000


def members_visible_to(actor) -> QuerySet[User]:
    """Accounts whose grassroots union lies in the subtrees ``actor`` reviews (all for superusers)."""
    if not getattr(actor, "is_authenticated", False):
        return User.objects.none()
    qs = User.objects.filter(closed_at__isnull=True)
    if actor.is_superuser:
        return qs.filter(unit__isnull=False)
    scopes = unit_selectors.review_units(actor)
    if not scopes:
        return User.objects.none()
    return qs.filter(unit_selectors.subtrees_q(scopes, prefix="unit__"))


_PHONE_TYPING = re.compile(r"[\s().+-]")


def member_search_q(query: str) -> Q:
    """A filter for what an officer types: an e-mail (part), a phone number (part) or words of a name.

    Names are matched without accents ("nguyen van" finds "Nguyễn Văn").
    """
    text = nfc(query)[:100]
    if not text:
        return Q()
    if "@" in text:
        return Q(email__contains=text.lower())
    digits = _PHONE_TYPING.sub("", text)
    if digits.isdigit():
        phone = normalize_phone(text)
        return Q(phone=phone) if phone else Q(phone__contains=digits)
    condition = Q()
    for word in fold(text).split()[:6]:
        condition &= Q(search_name__contains=word)
    return condition


@dataclass
class MembersPage:
    members: list[User]
    next_after: int | None
    count: int
    capped: bool


def members_page(actor, *, query: str = "", within: Unit | None = None, after: int | None = None,
                 size: int = MEMBERS_PAGE_SIZE) -> MembersPage:
    """One page of the members ``actor`` sees, in Vietnamese alphabetical order of their names
    (given name first), with a count capped at ``MEMBERS_COUNT_CAP``.

    Keyset pagination on (sort key, id): ``after`` is the id of the last member of
    the previous page, so a page deep in a province costs what the first one costs.
    ``within`` narrows the list to one unit's subtree. A fixed number of queries,
    whatever the page size.
    """
    qs = members_visible_to(actor).filter(member_search_q(query))
    if within is not None:
        qs = qs.filter(unit_selectors.subtree_q(within, prefix="unit__"))
    count = qs.order_by()[: MEMBERS_COUNT_CAP + 1].count()
    if after is not None:
        anchor = qs.filter(pk=after).values_list("sort_name", flat=True).first()
        if anchor is not None:
            qs = qs.filter(Q(sort_name__gt=anchor) | Q(sort_name=anchor, pk__gt=after))
    rows = list(qs.select_related("unit").order_by("sort_name", "pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return MembersPage(
        members=rows,
        next_after=rows[-1].pk if more else None,
        count=min(count, MEMBERS_COUNT_CAP),
        capped=count > MEMBERS_COUNT_CAP,
    )


def account_history(user: User, *, limit: int = 50) -> list[AccountEvent]:
    """The latest events of ``user``'s account, newest first."""
    return list(AccountEvent.objects.filter(subject=user).select_related("actor", "unit").order_by("-id")[:limit])
