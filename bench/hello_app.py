"""The ceiling of the page bench: a "hello world" Flask app serving a fixed page.

The page has HELLO_BYTES bytes (run_pages.py sets it to the size of our article page), so
both servers send the same amount of HTML under the same gunicorn settings:
``gunicorn --workers 2 --pythonpath bench hello_app:app``.
"""

import os

from flask import Flask, Response

SIZE = int(os.environ.get("HELLO_BYTES", "30000"))
HEAD = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
    "<title>Xin chào</title></head><body><h1>Xin chào!</h1><p>"
)
TAIL = "</p></body></html>\n"


def build_page(size: int) -> bytes:
    """A valid HTML page of exactly ``size`` bytes (at least the bare page)."""
    bare = (HEAD + TAIL).encode()
    filler = ("Xin chao the gioi. " * (size // 19 + 1)).encode()[: max(0, size - len(bare))]
    return HEAD.encode() + filler + TAIL.encode()


PAGE = build_page(SIZE)
app = Flask(__name__)


@app.get("/")
def hello():
    """The fixed page."""
    return Response(PAGE, mimetype="text/html")
