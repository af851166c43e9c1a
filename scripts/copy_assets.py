"""Copy the front-end files the portal serves from node_modules/ to static/vendor/.

The libraries come from the npm registry, pinned by package-lock.json; nothing is loaded
from a CDN, so the portal works on a closed network.
"""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# source under node_modules -> destination under static/vendor
# Quill 2 (BSD-3-Clause): the rich-text editor of the article form.
FILES: dict[str, str] = {
    "quill/dist/quill.js": "quill/quill.js",
    "quill/dist/quill.snow.css": "quill/quill.snow.css",
    "quill/LICENSE": "quill/LICENSE",
}


def main() -> None:
    """Copy every listed file, failing loudly when one is missing."""
    vendor = ROOT / "static" / "vendor"
    for source, target in FILES.items():
        src = ROOT / "node_modules" / source
        if not src.exists():
            raise SystemExit(f"missing {src}: run `npm ci` first")
        dest = vendor / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
    print(f"copied {len(FILES)} front-end files to static/vendor/")


if __name__ == "__main__":
    main()
