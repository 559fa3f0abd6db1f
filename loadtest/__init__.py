"""Load test of the production-shaped stack: `make load` (see __main__.py)."""
