"""Development: DEBUG on unless the environment says otherwise, SQLite unless DATABASE_URL."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403
