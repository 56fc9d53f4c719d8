"""gunicorn's settings for the web process: one definition for docker-compose.yml, the
image's default command and `make bench`, so the benchmark measures what production runs.

    gunicorn config.wsgi --config config/gunicorn.conf.py

Two sync workers per core: each worker spends part of every request waiting on
PostgreSQL and Redis, and a second worker per core uses that time. WEB_CONCURRENCY (the
name gunicorn itself reads) overrides the count; options given on the command line
(the benchmark's `--bind 127.0.0.1:PORT`) override these.
"""

import multiprocessing
import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
