"""gunicorn settings for the tests that start real servers: the suite's shifted clock.

With TEST_CLOCK_UTC set, tests/conftest.py shifts the app's clock and exports the shift
as TEST_CLOCK_OFFSET_SECONDS; a server started by a test applies the same shift here, so
what the test seeds and what the server sees agree on "now".
"""

import os
from datetime import timedelta

from cms.core.formatting import set_clock_offset

set_clock_offset(timedelta(seconds=float(os.environ.get("TEST_CLOCK_OFFSET_SECONDS") or 0)))
