"""The authorization matrix: what every URL answers to every role, for GET and for POST.

Each entry of ``MATRIX`` is a URL name (``namespace:name`` as ``reverse()`` takes it);
under it, one row per object or query the URL is asked about (``""`` when it takes
none), and in the row one ``(GET, POST)`` pair of HTTP statuses per role, in the order
of ``ROLES``. The statuses are written out by hand from the rules the portal promises
(README, "Security"): objects out of a user's scope answer 404, pages that need a role
the user lacks answer 403, pages behind the log-in send anonymous users to it (302),
a method a view does not take answers 405. ``test_authorization_matrix`` walks the URL
resolver, so a new URL without an entry here fails the suite.

The people (``test_authorization_matrix._build_people``):

- ``anonymous``: no session.
- ``worker_a``, ``worker_b``: members of the school's grassroots union; A wrote the
  initiatives, B is the stranger next to her.
- ``officer_in``: officer of the school's grassroots union (stage 1 for A's initiatives).
- ``officer_out``: officer of the hospital's grassroots union, the school's sibling.
- ``upper``: officer of Ba Đình, the upper-level union above both (stage 2).
- ``other_province``: officer of the Thanh Hóa province federation.
- ``federation_staff``: staff at the federation (TLD): sees everything, reviews nothing.
- ``province_manager``: manager at the Hà Nội federation (appoints in its subtree, reviews).
- ``province_staff``: staff at the Hà Nội federation (follows figures, reviews nothing).
- ``superuser``: the administrator (``is_superuser``, ``is_staff``).

The objects (``test_authorization_matrix.TARGETS``): ``draft_a`` (a draft of worker A with a
PDF), ``bare_draft_a`` (one without files, for the delete), ``submitted_a``,
``verified_a`` and ``approved_a`` (A's, in those states), ``submitted_th`` (a Thanh Hóa
worker's), ``submitted_in`` (officer_in's own), ``entered_for_b`` (entered by officer_in
on worker B's behalf), ``attachment_<initiative>``, ``run_in`` and ``run_th`` (import runs uploaded by
officer_in and other_province), ``appointment_in`` and ``appointment_th`` (officer_in's
and other_province's appointments), ``member_<who>`` (an account), ``unit_<unit>`` (a
unit's code), ``export_<unit>_<table>_<fmt>``, ``api_<unit>`` and ``members_of_<unit>``
(``?unit=`` queries), ``csv`` and ``xlsx`` (the queue's download formats), ``reset_link``
(a valid password-reset link of another worker).

Django's admin site is one group, ``"admin"``: every pattern in the ``admin`` namespace
(index, log-in, each model's list, add, change, delete and history pages) is guarded by
``AdminSite.admin_view`` in the same way, so the group is checked at the index and at one
model's list; nobody but the superuser is ``is_staff``, so everyone else is sent to the
admin log-in (302).

POSTs carry no form data: a form then fails validation (200) or the view refuses the
action with a message and a redirect (302), so the matrix shows who reaches the action,
not what the action does.
"""

ROLES = (
    "anonymous", "worker_a", "worker_b", "officer_in", "officer_out", "upper", "other_province",
    "federation_staff", "province_manager", "province_staff", "superuser",
)

# Every URL in the ``admin`` namespace is checked as this one entry.
ADMIN_GROUP = "admin"

MATRIX: dict[str, dict[str, tuple[tuple[int, int], ...]]] = {
    # --- Public pages and the operations page -----------------------------------------------------
    "home": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "healthz": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "help": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "operations:status": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Federation staff only: the page lists the whole country's import runs and e-mails.
        "":                               ((302, 302), (403, 403), (403, 403), (403, 403), (403, 403), (403, 403), (403, 403), (200, 200), (403, 403), (403, 403), (200, 200)),
    },

    # --- Accounts: log-in, registration, profile, passwords, personal data ------------------------
    "accounts:login": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 200), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302)),
    },
    "accounts:logout": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302)),
    },
    "accounts:register": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 200), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302)),
    },
    "accounts:profile": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "accounts:change_unit": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "accounts:password_change": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "accounts:password_setup": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302)),
    },
    "accounts:password_reset": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "accounts:password_reset_sent": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "accounts:password_reset_complete": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "accounts:reset_with_code": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "accounts:privacy": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "my_data": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "my_data_json": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "accounts:close": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "accounts:password_reset_confirm": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "reset_link":                     ((302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302)),
    },

    # --- Accounts: officers' pages on members (locking, one-time codes) ---------------------------
    "accounts:members": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (403, 405), (403, 405), (200, 405), (200, 405), (200, 405), (200, 405), (403, 405), (200, 405), (403, 405), (200, 405)),
        "members_of_school":              ((302, 302), (403, 405), (403, 405), (200, 405), (404, 405), (200, 405), (404, 405), (403, 405), (200, 405), (403, 405), (200, 405)),
        "members_of_thanh_hoa":           ((302, 302), (403, 405), (403, 405), (404, 405), (404, 405), (404, 405), (200, 405), (403, 405), (404, 405), (403, 405), (200, 405)),
    },
    "accounts:member": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "member_worker_a":                ((302, 302), (403, 405), (403, 405), (200, 405), (404, 405), (200, 405), (404, 405), (404, 405), (200, 405), (403, 405), (200, 405)),
        # An appointee with no grassroots union: only whoever may grant their role manages them.
        "member_upper":                   ((302, 302), (403, 405), (403, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (403, 405), (200, 405)),
        "member_thanh_hoa":               ((302, 302), (403, 405), (403, 405), (404, 405), (404, 405), (404, 405), (200, 405), (404, 405), (404, 405), (403, 405), (200, 405)),
    },
    "accounts:member_deactivate": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "member_worker_a":                ((302, 302), (405, 403), (405, 403), (405, 302), (405, 404), (405, 302), (405, 404), (405, 404), (405, 302), (405, 403), (405, 302)),
        "member_upper":                   ((302, 302), (405, 403), (405, 403), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 302), (405, 403), (405, 302)),
        "member_thanh_hoa":               ((302, 302), (405, 403), (405, 403), (405, 404), (405, 404), (405, 404), (405, 302), (405, 404), (405, 404), (405, 403), (405, 302)),
    },
    "accounts:member_reactivate": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "member_worker_a":                ((302, 302), (405, 403), (405, 403), (405, 302), (405, 404), (405, 302), (405, 404), (405, 404), (405, 302), (405, 403), (405, 302)),
        "member_upper":                   ((302, 302), (405, 403), (405, 403), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 302), (405, 403), (405, 302)),
        "member_thanh_hoa":               ((302, 302), (405, 403), (405, 403), (405, 404), (405, 404), (405, 404), (405, 302), (405, 404), (405, 404), (405, 403), (405, 302)),
    },
    "accounts:member_reset_code": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "member_worker_a":                ((302, 302), (405, 403), (405, 403), (405, 200), (405, 404), (405, 200), (405, 404), (405, 404), (405, 200), (405, 403), (405, 200)),
        "member_upper":                   ((302, 302), (405, 403), (405, 403), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 200), (405, 403), (405, 200)),
        "member_thanh_hoa":               ((302, 302), (405, 403), (405, 403), (405, 404), (405, 404), (405, 404), (405, 200), (405, 404), (405, 404), (405, 403), (405, 200)),
    },

    # --- Initiatives: intake, the author's actions, attachments, bulk import ----------------------
    "submissions:mine": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "submissions:create": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (200, 200), (200, 200), (200, 200), (200, 200), (302, 302), (200, 200), (302, 302), (302, 302), (302, 302), (302, 302)),
    },
    "submissions:create_on_behalf": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (403, 403), (403, 403), (200, 200), (200, 200), (200, 200), (200, 200), (403, 403), (200, 200), (403, 403), (200, 200)),
    },
    "submissions:detail": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "draft_a":                        ((302, 302), (200, 200), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404)),
        "submitted_a":                    ((302, 302), (200, 200), (404, 404), (200, 200), (404, 404), (200, 200), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
        "submitted_th":                   ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (404, 404), (404, 404), (200, 200)),
    },
    "submissions:edit": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "draft_a":                        ((302, 302), (200, 200), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404)),
        # Superusers pass every has_perm() check (Django): they open the form; the service refuses the edit.
        "submitted_a":                    ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200)),
        "submitted_th":                   ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200)),
    },
    "submissions:submit": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "draft_a":                        ((302, 302), (405, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404)),
        "submitted_a":                    ((302, 302), (405, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 302)),
        "submitted_th":                   ((302, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 302)),
    },
    "submissions:receipt": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Only the author (or who entered it) reads the receipt, once it was submitted.
        "draft_a":                        ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405)),
        "submitted_a":                    ((302, 302), (200, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405)),
        "submitted_th":                   ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405)),
    },
    "submissions:withdraw": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # A superuser's POST withdraws someone else's initiative (see the report); on approved_a the state guard refuses it.
        "submitted_a":                    ((302, 302), (200, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 302)),
        "approved_a":                     ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 302)),
        "submitted_th":                   ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 302)),
    },
    "submissions:delete": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "bare_draft_a":                   ((302, 302), (200, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404)),
        "submitted_a":                    ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 302)),
        "submitted_th":                   ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 302)),
    },
    "submissions:attachment": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "attachment_draft_a":             ((302, 302), (200, 200), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404)),
        "attachment_submitted_a":         ((302, 302), (200, 200), (404, 404), (200, 200), (404, 404), (200, 200), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
        "attachment_submitted_th":        ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (404, 404), (404, 404), (200, 200)),
    },
    "submissions:publication_consent": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # POST only; who sees the initiative reaches the service, which checks who may change it.
        "approved_a":                     ((302, 302), (405, 302), (405, 404), (405, 302), (405, 404), (405, 302), (405, 404), (405, 302), (405, 302), (405, 302), (405, 302)),
        "submitted_th":                   ((302, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 302), (405, 302), (405, 404), (405, 404), (405, 302)),
    },
    "submissions:attachment_visibility": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # POST only; who sees the initiative reaches the service, which checks who may change it.
        "attachment_submitted_a":         ((302, 302), (405, 302), (405, 404), (405, 302), (405, 404), (405, 302), (405, 404), (405, 302), (405, 302), (405, 302), (405, 302)),
        "attachment_submitted_th":        ((302, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 302), (405, 302), (405, 404), (405, 404), (405, 302)),
    },
    "submissions:import": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Staff import into their subtree too (they review nothing).
        "":                               ((302, 302), (403, 403), (403, 403), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "submissions:import_template": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Staff import into their subtree too (they review nothing).
        "":                               ((302, 302), (403, 403), (403, 403), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "submissions:import_run": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "run_in":                         ((302, 302), (404, 404), (404, 404), (200, 200), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200)),
        "run_th":                         ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (404, 404), (404, 404), (404, 404), (200, 200)),
    },
    "submissions:import_errors": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "run_in":                         ((302, 302), (404, 404), (404, 404), (200, 200), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200)),
        "run_th":                         ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (404, 404), (404, 404), (404, 404), (200, 200)),
    },
    "submissions:import_errors_xlsx": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "run_in":                         ((302, 302), (404, 404), (404, 404), (200, 200), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200)),
        "run_th":                         ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (404, 404), (404, 404), (404, 404), (200, 200)),
    },

    # --- Units and appointments -------------------------------------------------------------------
    "unions:mine": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "unions:search": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "tree_import": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (403, 403), (403, 403), (403, 403), (403, 403), (403, 403), (403, 403), (200, 200), (403, 403), (403, 403), (200, 200)),
    },
    "programme_import_template": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (403, 405), (403, 405), (403, 405), (403, 405), (403, 405), (403, 405), (200, 405), (403, 405), (403, 405), (200, 405)),
    },
    "appointing:officers_import": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (403, 403), (403, 403), (403, 403), (403, 403), (403, 403), (403, 403), (200, 200), (200, 200), (403, 403), (200, 200)),
    },
    "appointing:appointment_revoke": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # appointment_in is officer_in's own appointment at the school; appointment_th other_province's at Thanh Hóa.
        "appointment_in":                 ((302, 302), (405, 404), (405, 404), (405, 403), (405, 404), (405, 403), (405, 404), (405, 403), (405, 302), (405, 403), (405, 302)),
        "appointment_th":                 ((302, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 403), (405, 302), (405, 404), (405, 404), (405, 302)),
    },
    "unions:detail": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "unit_school":                    ((302, 302), (404, 404), (404, 404), (200, 200), (404, 404), (200, 200), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
        "unit_ha_noi":                    ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
        "unit_thanh_hoa":                 ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (404, 404), (404, 404), (200, 200)),
    },
    "unions:poster": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "unit_school":                    ((302, 302), (404, 404), (404, 404), (200, 200), (404, 404), (200, 200), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
        "unit_factory":                   ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (404, 404), (404, 404), (200, 200)),
    },
    "appointing:appointments": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "unit_school":                    ((302, 302), (404, 404), (404, 404), (403, 403), (404, 404), (403, 403), (404, 404), (403, 403), (200, 200), (403, 403), (200, 200)),
        "unit_ha_noi":                    ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (403, 403), (200, 200)),
        "unit_thanh_hoa":                 ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (403, 403), (200, 200), (404, 404), (404, 404), (200, 200)),
    },
    "appointing:appointment_history": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "unit_school":                    ((302, 302), (404, 405), (404, 405), (403, 405), (404, 405), (403, 405), (404, 405), (403, 405), (200, 405), (403, 405), (200, 405)),
        "unit_ha_noi":                    ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (403, 405), (200, 405)),
        "unit_thanh_hoa":                 ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (403, 405), (200, 405), (404, 405), (404, 405), (200, 405)),
    },

    # --- Review: queue, decisions, exports, notifications -----------------------------------------
    "reviews:queue": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (403, 403), (403, 403), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "reviews:deadlines": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Officers and staff read the deadlines; a POST naming no phase or unit is refused.
        "":                               ((302, 302), (403, 403), (403, 403), (200, 403), (200, 403), (200, 403), (200, 403), (200, 403), (200, 403), (200, 403), (200, 403)),
    },
    "reviews:bulk": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (405, 403), (405, 403), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302)),
    },
    "reviews:notifications": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "reviews:notifications_read": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302), (405, 302)),
    },
    "reviews:notification_open": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # worker A's: opened (marked read), then her initiative; anyone else's notification is not found.
        "notification_a":                 ((302, 302), (302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404)),
    },
    "reviews:export": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "csv":                            ((302, 302), (403, 403), (403, 403), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
        "xlsx":                           ((302, 302), (403, 403), (403, 403), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "reviews:detail": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "draft_a":                        ((302, 302), (403, 403), (403, 403), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404)),
        # POST: 200 re-shows the decision form (empty, invalid) to whoever may decide this stage; 302 tells the others it is not theirs.
        "submitted_a":                    ((302, 302), (403, 403), (403, 403), (200, 200), (404, 404), (200, 302), (404, 404), (200, 302), (200, 302), (200, 302), (200, 200)),
        "verified_a":                     ((302, 302), (403, 403), (403, 403), (200, 302), (404, 404), (200, 200), (404, 404), (200, 302), (200, 200), (200, 302), (200, 200)),
        "submitted_th":                   ((302, 302), (403, 403), (403, 403), (404, 404), (404, 404), (404, 404), (200, 302), (200, 302), (404, 404), (404, 404), (200, 200)),
        # officer_in wrote it: the page tells them why they may not decide it, a POST is refused.
        "submitted_in":                   ((302, 302), (403, 403), (403, 403), (200, 302), (404, 404), (200, 302), (404, 404), (200, 302), (200, 302), (200, 302), (200, 200)),
        # officer_in entered it for worker B (the paper workflow): they may still verify it.
        "entered_for_b":                  ((302, 302), (403, 403), (403, 403), (200, 200), (404, 404), (200, 302), (404, 404), (200, 302), (200, 302), (200, 302), (200, 200)),
    },
    "reviews:exemplary": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # GET: the confirmation, to whoever may mark it. POST: 302 for everyone in scope, whether they may mark it
        # is said by a message after the redirect.
        "approved_a":                     ((302, 302), (403, 403), (403, 403), (403, 302), (404, 404), (403, 302), (404, 404), (200, 302), (200, 302), (200, 302), (200, 302)),
        "submitted_th":                   ((302, 302), (403, 403), (403, 403), (404, 404), (404, 404), (404, 404), (403, 302), (403, 302), (404, 404), (404, 404), (403, 302)),
    },

    # --- Figures: dashboards, report, exports, JSON API -------------------------------------------
    "reports:home": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (403, 403), (403, 403), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302)),
    },
    "reports:recompute": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (405, 403), (405, 403), (405, 403), (405, 403), (405, 403), (405, 403), (405, 302), (405, 403), (405, 302), (405, 302)),
    },
    "reports:digest_open": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # officer_in's digest: opened (marked read), then the queue; anyone else's is not found; GET only.
        "digest_in":                      ((302, 302), (404, 405), (404, 405), (302, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405)),
    },
    "reports:clusters": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (403, 403), (403, 403), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "reports:api_progress": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # No unit asked for: 400 naming the missing parameter (the request is wrong, whoever
        # sends it, and a unit code reveals nothing); 401 without a session.
        "":                               ((401, 401), (400, 400), (400, 400), (400, 400), (400, 400), (400, 400), (400, 400), (400, 400), (400, 400), (400, 400), (400, 400)),
        "api_school":                     ((401, 401), (404, 404), (404, 404), (200, 200), (404, 404), (200, 200), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
        "api_ha_noi":                     ((401, 401), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
        "api_thanh_hoa":                  ((401, 401), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (404, 404), (404, 404), (200, 200)),
        "api_tld":                        ((401, 401), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (404, 404), (404, 404), (200, 200)),
    },
    "reports:dashboard": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "unit_school":                    ((302, 302), (404, 404), (404, 404), (200, 200), (404, 404), (200, 200), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
        "unit_ha_noi":                    ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
        "unit_thanh_hoa":                 ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (404, 404), (404, 404), (200, 200)),
    },
    "reports:report": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "unit_school":                    ((302, 302), (404, 404), (404, 404), (200, 200), (404, 404), (200, 200), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
        "unit_ha_noi":                    ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
        "unit_thanh_hoa":                 ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (404, 404), (404, 404), (200, 200)),
    },
    "reports:targets": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Managers hand targets down their subtree, federation staff anywhere; officers and
        # staff who only follow the figures get 403 where they may look, 404 elsewhere.
        "unit_school":                    ((302, 302), (404, 404), (404, 404), (403, 403), (404, 404), (403, 403), (404, 404), (200, 302), (200, 302), (403, 403), (200, 302)),
        "unit_ha_noi":                    ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 302), (200, 302), (403, 403), (200, 302)),
        "unit_thanh_hoa":                 ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (403, 403), (200, 302), (404, 404), (404, 404), (200, 302)),
    },
    "reports:targets_template": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "unit_ha_noi":                    ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (403, 405), (200, 405)),
        "unit_thanh_hoa":                 ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (403, 405), (200, 405), (404, 405), (404, 405), (200, 405)),
    },
    "reports:report_docx": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "unit_school":                    ((302, 302), (404, 405), (404, 405), (200, 405), (404, 405), (200, 405), (404, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
        "unit_ha_noi":                    ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
        "unit_thanh_hoa":                 ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (404, 405), (404, 405), (200, 405)),
    },
    "reports:report_pdf": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Checked without LibreOffice (the conversion is tested in reports/tests/test_documents.py):
        # whoever may read the report gets 503 saying so, everyone else 404 as for the Word file.
        "unit_school":                    ((302, 302), (404, 405), (404, 405), (503, 405), (404, 405), (503, 405), (404, 405), (503, 405), (503, 405), (503, 405), (503, 405)),
        "unit_ha_noi":                    ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (503, 405), (503, 405), (503, 405), (503, 405)),
        "unit_thanh_hoa":                 ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (503, 405), (503, 405), (404, 405), (404, 405), (503, 405)),
    },
    "reports:workbook": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "unit_school":                    ((302, 302), (404, 405), (404, 405), (200, 405), (404, 405), (200, 405), (404, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
        "unit_ha_noi":                    ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
        "unit_thanh_hoa":                 ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (404, 405), (404, 405), (200, 405)),
    },
    "reports:record_sent_report": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Staff and managers of the unit or a unit above record a report as sent; officers who
        # only follow its figures get 403, everyone else 404 (the unit is out of their scope).
        "unit_school":                    ((302, 302), (405, 404), (405, 404), (405, 403), (405, 404), (405, 403), (405, 404), (405, 302), (405, 302), (405, 302), (405, 302)),
        "unit_ha_noi":                    ((302, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 302), (405, 302), (405, 302), (405, 302)),
        "unit_thanh_hoa":                 ((302, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 403), (405, 302), (405, 404), (405, 404), (405, 302)),
    },
    "reports:export": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "export_school_children_csv":     ((302, 302), (404, 405), (404, 405), (200, 405), (404, 405), (200, 405), (404, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
        "export_ha_noi_categories_xlsx":  ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
        "export_thanh_hoa_fields_csv":    ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (404, 405), (404, 405), (200, 405)),
    },

    # --- Language switcher and Django's admin site (one group) ------------------------------------
    "set_language": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302)),
    },
    "admin": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # "" is admin:index, admin_changelist is admin:submissions_initiative_changelist.
        "":                               ((302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (200, 200)),
        "admin_changelist":               ((302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (302, 302), (200, 200)),
    },

    # --- Recognition: selection councils and awards to collectives --------------------------------
    "recognition:council_list": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Everyone logged in gets the list of their own rounds (empty for most).
        "":                               ((302, 302), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "recognition:council_new": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "recognition:council": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # The round's members (upper, officer_out) and whoever runs Hà Nội's rounds; 404 for everyone else.
        "council_ha_noi":                 ((302, 302), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (404, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "recognition:council_start": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Already started: 409 to whoever runs it; 404 for everyone else.
        "council_ha_noi":                 ((302, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 409), (405, 409), (405, 409), (405, 409)),
    },
    "recognition:council_score": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Only the member the initiative is assigned to (a superuser included: 404).
        "assignment_upper":               ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404)),
    },
    "recognition:council_conflict": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # The member: 400 without a reason.
        "assignment_upper":               ((302, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 400), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404)),
    },
    "recognition:council_close": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # The chair (the province's manager).
        "council_ha_noi":                 ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 302), (404, 404), (200, 302)),
    },
    "recognition:council_results": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "council_ha_noi":                 ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "recognition:council_results_xlsx": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "council_ha_noi":                 ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "recognition:council_decision_docx": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Only once the round is closed.
        "council_ha_noi":                 ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405)),
    },
    "recognition:council_select": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # The chair, once closed: before, 404; the superuser reaches the view, the service refuses.
        "council_ha_noi":                 ((302, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 302)),
    },
    "recognition:council_scores_of": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "council_approved_a":             ((302, 302), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "recognition:awards": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Managers and staff of a province, sector or the federation.
        "":                               ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (200, 200), (200, 200), (200, 200), (200, 200)),
    },
    "recognition:award_withdraw": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Only above the awarded unit: the federation's staff (302: a message says what was done or refused).
        "award_ha_noi":                   ((302, 302), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 404), (405, 302), (405, 404), (405, 404), (405, 302)),
    },

    # --- Recognition: the public showcase, certificates, replications ----------------------------
    "recognition:showcase_list": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Public, the same for everyone (no session read); GET only.
        "":                               ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "recognition:showcase_detail": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Only an initiative on the showcase (approved, exemplary, consented); approved_a is not.
        "showcased_a":                    ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
        "approved_a":                     ((404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405)),
    },
    "recognition:showcase_attachment": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Only a file its author made public, of an initiative on the showcase.
        "public_file_a":                  ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
        "private_file_a":                 ((404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405)),
    },
    "recognition:showcase_api": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "recognition:showcase_api_detail": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "showcased_a":                    ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
        "approved_a":                     ((404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405), (404, 405)),
    },
    "recognition:showcase_sitemap": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "recognition:showcase_sitemap_section": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "sitemap_1":                      ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "recognition:verify_form": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        "":                               ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "recognition:verify": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Anyone checks a certificate by its code, with no log-in.
        "certificate_a":                  ((200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
    },
    "recognition:replication_create": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Officers and managers record what their unit applied; staff review nothing, record nothing.
        "showcased_a":                    ((302, 302), (403, 403), (403, 403), (200, 200), (200, 200), (200, 200), (200, 200), (403, 403), (200, 200), (403, 403), (200, 200)),
        "approved_a":                     ((302, 302), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404), (404, 404)),
    },
    "recognition:replication_report": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Staff (and the superuser) read the replication report.
        "":                               ((302, 302), (403, 405), (403, 405), (403, 405), (403, 405), (403, 405), (403, 405), (200, 405), (403, 405), (200, 405), (200, 405)),
    },
    "recognition:certificate": {
        # object or query                  anonymous   worker A    worker B    officer in  officer out upper       other prov  fed staff   prov mgr    prov staff  superuser
        # Author, officers and staff in scope; an initiative not approved: a message and back to its page.
        "certificate_approved_a":         ((302, 302), (200, 405), (404, 405), (200, 405), (404, 405), (200, 405), (404, 405), (200, 405), (200, 405), (200, 405), (200, 405)),
        "certificate_submitted_a":        ((302, 302), (302, 405), (404, 405), (302, 405), (404, 405), (302, 405), (404, 405), (302, 405), (302, 405), (302, 405), (302, 405)),
    },
}
