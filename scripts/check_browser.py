"""Say plainly whether the real-browser tests will run; in CI a missing browser is an error."""

import os
import shutil
import sys

path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
if path:
    print(f"Browser tests: ON (using {path})")
elif os.environ.get("CI"):
    print("Browser tests: Chromium is missing, and CI never skips them. apt-get install chromium")
    sys.exit(1)
else:
    print("Browser tests: SKIPPED, Debian's chromium is not installed (apt-get install chromium)")
