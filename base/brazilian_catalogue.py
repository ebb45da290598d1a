"""The Portuguese of the portal is Brazilian Portuguese (README, "Languages"), but its URL
language code is `pt`, for which Django and the libraries load their European catalogues
("Utilizador", "Palavra-passe"). `make install` merges the libraries' `pt_BR` catalogues
into one `pt` catalogue in `build/locale-pt-br/` (a path of LOCALE_PATHS after our own
`locale/`, so our translations still win over it and it wins over the libraries' `pt`).

`python -m base.brazilian_catalogue` prints the compiled `pt_BR` catalogues to merge."""

import importlib.util
from pathlib import Path

# The packages whose messages reach the pages or the API.
PACKAGES = ("django", "rest_framework", "django_filters", "simple_history")


def brazilian_catalogues() -> list[Path]:
    paths = []
    for package in PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        root = Path(spec.origin).parent
        paths.extend(sorted(root.glob("**/locale/pt_BR/LC_MESSAGES/django.mo")))
    return paths


if __name__ == "__main__":
    print("\n".join(str(path) for path in brazilian_catalogues()))
