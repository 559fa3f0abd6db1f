"""The scale benchmark of the portal (``make bench``): not part of the application.

``python -m bench`` creates its own PostgreSQL database, generates a realistic
campaign (units, accounts, initiatives) with COPY, measures the figures of
``docs/benchmarks.md`` and writes them to ``bench/results/latest.json``.
"""
