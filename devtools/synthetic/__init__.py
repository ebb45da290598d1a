"""A synthetic peer learning network, for measuring the portal at scale.

`generate_network()` writes cities, organizations, partnerships, events (with their
participants, registrations and roadmaps) and good practices (with their results and
adoptions) whose shapes follow the real network: cities in every ILO region and every
population class, events with several participating cities, practices tagged with
several pillars, SDGs and sectors, mostly published, in English, French, Spanish and
Portuguese.

The same seed gives the same network: every choice comes from one `random.Random(seed)`
and every date from a fixed anchor day, never from the clock. Everything it creates has
a slug starting with `gen-`, so it never collides with the demo network and can be told
apart (and removed) later. Rows are written with `bulk_create` in batches, inside one
transaction, so an interrupted run leaves nothing behind.

The modules: shape.py (sizes and distributions), words.py (the word lists of data/),
generation.py (the random choices and what later steps need), places.py, events.py and
practices.py (the rows of each group of tables), writer.py (batches and progress) and
network.py (the steps in order, and removal).
"""

from .network import (
    SyntheticDataExists,
    delete_generated_network,
    generate_network,
    generated_network_exists,
)
from .shape import DEFAULT_TODAY, SLUG_PREFIX, NetworkSize, describe_size
from .writer import DEFAULT_BATCH_SIZE, GenerationReport

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_TODAY",
    "SLUG_PREFIX",
    "GenerationReport",
    "NetworkSize",
    "SyntheticDataExists",
    "delete_generated_network",
    "describe_size",
    "generate_network",
    "generated_network_exists",
]
