"""Recognition: what the campaign does with the initiatives it finds good."""

from .awards.models import CollectiveAward  # noqa: F401
from .councils.models import (  # noqa: F401
    CouncilAssignment,
    CouncilCriterion,
    CouncilEvent,
    CouncilMember,
    CouncilRound,
    CouncilScore,
    CouncilSelection,
)

# Certificates, the showcase and replications live in their own module.
from .showcase_models import Certificate, CertificateKind, Replication, ShowcaseEntry, ShowcaseVersion  # noqa: F401
