"""Demo data for the 2022 campaign (``manage.py seed_demo``), at the top of the layers.

It writes through every app (the tree, accounts, the programme, initiatives and their
review history), so it sits above them all, beside ``bench/``, which reuses its parts.
``seed.demo_seed`` runs it all; see ``seed`` for the parts.
"""
