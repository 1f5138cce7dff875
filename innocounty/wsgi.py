"""WSGI entry point: `gunicorn innocounty.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocounty.settings")
application = get_wsgi_application()
