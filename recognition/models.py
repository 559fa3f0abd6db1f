"""Recognition: what the campaign does with the initiatives it finds good."""

# Certificates, the showcase and replications live in their own module.
from .showcase_models import Certificate, CertificateKind, Replication, ShowcaseEntry  # noqa: E402,F401
