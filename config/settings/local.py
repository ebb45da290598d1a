"""Development: DEBUG on unless the environment says otherwise, SQLite unless DATABASE_URL."""

import os
from importlib.util import find_spec

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403

# The developer tools (`manage.py generate_network`) live in the checkout, outside the
# installed package: an app wherever the checkout is on the path.
if find_spec("devtools") is not None:
    INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # noqa: F405
