"""The bottom layer: reference taxonomies (pillars, SDGs, sectors, criteria), roles and
permissions, full-text search, the response cache and the shared API plumbing. It
imports no other app of the project."""
