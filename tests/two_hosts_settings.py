"""`make serve`'s production settings for the two-host test (tests/test_two_hosts.py), but
for the static files: hashed into the test's scratch folder, not compressed.

whitenoise compresses every library with brotli and gzip, which takes minutes on two cores
(more than the test could wait while other work shares them). The test is about sessions
and caches shared by two hosts; the pages still name their hashed static files.
"""

import os

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STATIC_ROOT = os.environ["TWO_HOSTS_STATIC_ROOT"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
