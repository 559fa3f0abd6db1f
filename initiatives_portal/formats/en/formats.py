# English pages keep the day-first dates of the Vietnamese ones (31/05/2022) so a date
# reads the same in both languages; only the number separators change (696,948; 69.7%).
from initiatives_portal.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
