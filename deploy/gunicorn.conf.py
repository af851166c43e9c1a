"""Gunicorn settings for the portal: ``gunicorn -c deploy/gunicorn.conf.py app:app``.

Every value can be changed from the environment (the systemd unit reads
/etc/portal/portal.env), and any command-line option given after ``-c`` wins over this file
(``make run`` passes ``--workers 2 --bind 127.0.0.1:5000``).

Metrics: each worker is a process of its own, so Prometheus values are kept in files under
PROMETHEUS_MULTIPROC_DIR and /metrics adds them up (cms/core/metrics.py). The directory is
emptied when the server starts (values of an earlier run would be counted again) and a
worker that exits is marked dead (``child_exit``) so its live gauges stop counting.
"""

import glob
import multiprocessing
import os
import tempfile

from prometheus_client import multiprocess

# The variable must be set before the app (and prometheus_client) is imported in a worker:
# set here, in the master, it is inherited by every worker it forks. systemd's
# RuntimeDirectory= gives RUNTIME_DIRECTORY (/run/portal), emptied at each start anyway.
os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR",
    os.path.join(os.environ.get("RUNTIME_DIRECTORY") or tempfile.gettempdir(), "portal-metrics"),
)

# Behind nginx on the same machine; a socket path ("unix:/run/portal/gunicorn.sock") works too.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: (2 × CPU cores) + 1 by default, gunicorn's own rule of thumb; each uses about
# 80 MB. With SQLite, writes are serialised by the database whatever the count.
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request gets 30 s before its worker is killed and replaced: an upload's processing has
# its own 10 s budget (MEDIA_PROCESS_SECONDS), a search 0.8 s (SEARCH_TIMEOUT_MS).
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
# On stop or reload, requests in progress get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT") or 30)
# nginx keeps connections to the app open between requests.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE") or 5)
# The workers' heartbeat files in memory (systemd's /run/portal is a tmpfs), not on a disk
# that may stall.
worker_tmp_dir = os.environ.get("RUNTIME_DIRECTORY") or None

# gunicornc's control socket: in the service's runtime directory under systemd; elsewhere
# (make run, tests) none, so that two servers on one machine never share ~/.gunicorn.
control_socket_disable = not os.environ.get("RUNTIME_DIRECTORY")
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"], "gunicorn.ctl")

# The app alone reads the forwarding headers (client address, scheme, host: Werkzeug's
# ProxyFix with TRUSTED_PROXIES, cms/core/net.py), so gunicorn sets no scheme from them: two
# judges could disagree (gunicorn also trusts any peer on a unix socket). The peers below
# may still send gunicorn's forwarder headers (SCRIPT_NAME, PATH_INFO); nginx sends none.
secure_scheme_headers = {}
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to standard error (journald under systemd). The app writes one line per request
# itself (logger cms.request: request id, method, path, status, duration; LOG_FORMAT=json
# for JSON), so gunicorn's access log is off. If it is switched on (GUNICORN_ACCESS_LOG=-),
# its format leaves out the client's address (%(h)s) and the query string (%(r)s, %(q)s).
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'


def on_starting(server):
    """Empty the metrics directory: counts from an earlier run must not be added again."""
    path = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(path, mode=0o700, exist_ok=True)
    # Only the library's own files: the variable could name a directory that holds more.
    for name in glob.glob(os.path.join(path, "*.db")):
        os.remove(name)


def child_exit(server, worker):
    """A worker has exited: drop its live gauges from the sum."""
    multiprocess.mark_process_dead(worker.pid)
