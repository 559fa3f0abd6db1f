"""Unions' database contracts, as the database runs them: the indexes the ORM does not describe.

Each migration that creates one runs the constants named here (its number in the name's
comment). Plain SQL, no model: migrations import it, and what an applied migration ran
must never change (a new contract is a new constant and a new migration).
"""

# 0005: the trigram index of the folded name and code.
UNIT_SEARCH_TRIGRAM_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS unit_search_name_trgm ON unions_unit USING gin (search_name gin_trgm_ops)",
]
UNIT_SEARCH_TRIGRAM_DOWN = ["DROP INDEX IF EXISTS unit_search_name_trgm"]
