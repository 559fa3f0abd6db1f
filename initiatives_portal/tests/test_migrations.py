"""Upgrades of existing databases: a migration they recorded as applied is never renamed or
removed (Django knows applied migrations by name only).

The full check against an earlier revision's code (its schema, dumped, against this one's)
is ``scripts/check_upgrade.sh REVISION``.
"""

from django.db.migrations.loader import MigrationLoader

# Every migration of the portal's apps that a production database may have recorded.
RELEASED = {
    "accounts": ["0001_initial", "0002_initial", "0003_lifecycle_and_personal_data",
                 "0004_account_event_immutable_trigger", "0005_user_session_generation", "0006_user_sort_name",
                 "0007_user_digest_frequency"],
    "unions": ["0001_initial", "0002_appointment_change", "0003_appointment_change_immutable_trigger",
               "0004_unit_change", "0005_unit_search_trigram_index", "0006_unit_search_name_unbounded",
               "0007_unit_sort_name"],
    "submissions": ["0001_initial", "0002_default_fields", "0003_imports", "0004_import_rows_total",
                    "0005_search_trigram_index", "0006_initiative_unit_path", "0007_fewer_initiative_indexes",
                    "0008_fewer_redundant_indexes", "0009_search_awaiting_index",
                    "0010_time_ordered_submission_keys", "0011_unit_path_supplied_on_insert",
                    "0012_search_index_by_state", "0013_imported_rows_only_indexes",
                    "0014_unit_path_returned_by_insert", "0015_coauthor_account",
                    "0016_phase_in_campaign", "0017_drafts_saved_half_filled",
                    "0018_initiative_stage_clock", "0019_initiative_approved_on", "0020_publication_consent",
                    "0021_aggregate_scan_approved_on"],
    "reviews": ["0001_initial", "0002_initial", "0003_notifications", "0004_decision_immutable_trigger",
                "0005_email_state_label", "0006_exemplary_queue_indexes", "0007_unit_own_deadline",
                "0008_stage_clock_backfill", "0009_backfill_approved_on", "0010_decision_time_given"],
    "reports": ["0001_initial", "0002_aggregates", "0003_daily_figures", "0004_change_log", "0005_drop_unit_ancestor",
                "0006_calendar_to_campaign", "0007_period_figures", "0008_backlog", "0009_digests",
                "0010_backlog_log", "0011_backlog_arrivals_by_day", "0012_running_totals",
                "0013_nightly_check"],
    "campaign": ["0001_initial", "0002_phase_review_deadlines", "0003_unit_target_change_history"],
    "recognition": ["0001_councils_and_awards", "0002_certificates_showcase_replication", "0003_showcase_version",
                    "0004_showcase_entry_stamp", "0005_showcase_members_version"],
    "operations": ["0001_initial", "0002_taskrun", "0003_tree_import_record_programme"],
}


def test_every_released_migration_is_still_there():
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    released = {(app, name) for app, names in RELEASED.items() for name in names}
    assert sorted(released - on_disk) == []

