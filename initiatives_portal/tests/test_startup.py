"""A web worker imports its URLconf as it starts (``initiatives_portal.startup``)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What the WSGI module has imported once loaded, printed by a fresh interpreter.
SCRIPT = (
    "import json, sys; import initiatives_portal.wsgi; "
    "print(json.dumps({name: name in sys.modules for name in ('initiatives_portal.urls', 'reports.workbook', 'openpyxl')}))"
)


def test_the_wsgi_module_imports_the_urlconf_and_the_views_before_the_first_request():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,  # noqa: S603
                               check=True, timeout=120)

    assert json.loads(completed.stdout.strip().splitlines()[-1]) == {
        "initiatives_portal.urls": True, "reports.workbook": True, "openpyxl": True}
