"""gunicorn settings for innocounty: `gunicorn -c deploy/gunicorn.conf.py innocounty.wsgi`.

Everything comes from the environment (the systemd unit reads /etc/innocounty/innocounty.env):
GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_TIMEOUT, GUNICORN_ACCESS_LOG. See .env.example.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"
# Pages are short database reads and writes: 2 × CPUs + 1 sync workers, capped so that
# several app servers on one PostgreSQL do not exhaust its connections (max_connections).
workers = int(os.environ.get("GUNICORN_WORKERS") or min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "sync"
# Excel imports and Word bulletins of a whole plan can take a while.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 120)
graceful_timeout = 30
keepalive = 5
# Restart workers now and then, so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
# Uploads are buffered by nginx; gunicorn reads them from 127.0.0.1 only.
forwarded_allow_ips = "127.0.0.1"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
loglevel = "info"
proc_name = "innocounty"
