"""Tools for developers, from the checkout only: not in the installed package (see
[tool.setuptools.packages.find] in pyproject.toml) and an app of the local and test
settings only, so production has neither the code nor its commands."""
