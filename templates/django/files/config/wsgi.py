"""
WSGI config: exposes the WSGI callable as a module-level variable named ``application``.

gunicorn serves it in production: ``gunicorn config.wsgi -c gunicorn.conf.py``.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()
