"""Awards to collectives (Bằng khen) for a phase, proposed from the rankings' aggregates."""
