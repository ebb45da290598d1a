"""The layers are one-way: an app imports, listens to and migrates after only the apps
below it (README, "Architecture"):

    config      settings, root URLs, WSGI/ASGI (imports anything, imported by none)
    webhooks    partners' subscriptions, notified of what the apps below signal
    portal      the site: pages that span apps (home, search, dashboard, network, my city)
    matching    peers, related practices, tag suggestions, what cities work on
    follows     follows of cities, pillars and events; activities; digests
    practices   practices, review workflow, adoptions
    exchanges   events, participation, registrations, roadmaps
    cities      countries, cities, organizations, partnerships, memberships
    sources     provenance: sources, citations, quotes
    base        taxonomies, roles, permissions, full text, cache, shared API plumbing
"""

import ast
import weakref
from pathlib import Path

from django.apps import apps
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.loader import MigrationLoader
from django.db.models import signals

ROOT = Path(__file__).resolve().parent.parent

# Bottom first: each may import from those before it, never from those after it.
LAYERS = [
    "base",
    "sources",
    "cities",
    "exchanges",
    "practices",
    "follows",
    "matching",
    "portal",
    "webhooks",
    "config",
]
RANK = {name: rank for rank, name in enumerate(LAYERS)}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_packages(path: Path, package: str) -> list[tuple[int, str]]:
    """(line, top-level package) of every import the module runs, at the top or inside a
    function; imports for type checkers only are left out (they never run)."""
    found = []

    def visit(node):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name.split(".")[0]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # A relative import stays in its own package.
                found.append((node.lineno, package))
            elif node.module:
                found.append((node.lineno, node.module.split(".")[0]))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return found


def upward_imports(layer: str) -> list[str]:
    violations = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        for line, imported in _imported_packages(path, layer):
            if imported in RANK and RANK[imported] > RANK[layer]:
                violations.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    return violations


def test_every_layer_is_a_package_of_the_project():
    for layer in LAYERS:
        assert (ROOT / layer / "__init__.py").exists(), layer


def test_no_app_imports_from_a_layer_above_it():
    violations = [violation for layer in LAYERS for violation in upward_imports(layer)]
    assert violations == []


def test_the_check_sees_an_upward_import(tmp_path):
    """The walk finds an import hidden in a function, and leaves type hints alone."""
    module = tmp_path / "cities" / "sneaky.py"
    module.parent.mkdir()
    (tmp_path / "cities" / "__init__.py").write_text("")
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from practices.models import Practice\n"
        "def later():\n"
        "    from matching import ranking\n"
    )
    assert _imported_packages(module, "cities") == [(1, "typing"), (5, "matching")]


def _app_of_module(module: str | None) -> str | None:
    top = (module or "").split(".")[0]
    return top if top in RANK else None


MODEL_SIGNALS = ("pre_init", "post_init", "pre_save", "post_save", "pre_delete", "post_delete")


def receivers_below_their_senders() -> list[str]:
    """Receivers connected to a model of an app above the receiver's own: a lower app
    reacting to a higher one's rows. A receiver connected to every sender filters them
    itself (base.cache) and is not tied to any app above it."""
    # Signals know their senders by id: every model, through tables included.
    senders = {id(model): model for model in apps.get_models(include_auto_created=True)}
    violations = []
    for name in (*MODEL_SIGNALS, "m2m_changed"):
        for (_receiver_id, sender_id), reference, *_ in getattr(signals, name).receivers:
            model = senders.get(sender_id)
            if model is None:
                continue
            receiver = reference() if isinstance(reference, weakref.ReferenceType) else reference
            receiver_app = _app_of_module(getattr(receiver, "__module__", None))
            sender_app = model._meta.app_label
            if receiver_app and sender_app in RANK and RANK[receiver_app] < RANK[sender_app]:
                violations.append(
                    f"{name}: {receiver.__module__}.{receiver.__qualname__} ({receiver_app}) "
                    f"listens to {model._meta.label}"
                )
    return violations


def test_no_signal_receiver_is_connected_below_the_app_of_its_sender():
    assert receivers_below_their_senders() == []


def test_the_check_sees_a_receiver_below_its_sender():
    from base import dates
    from practices.models import Practice

    signals.post_save.connect(dates.months_before, sender=Practice, weak=False)
    try:
        assert receivers_below_their_senders() == [
            "post_save: base.dates.months_before (base) listens to practices.Practice"
        ]
    finally:
        signals.post_save.disconnect(dates.months_before, sender=Practice)


def test_the_challenges_are_kept_by_matching_above_the_apps_that_send_the_signals():
    from exchanges.models import Event
    from practices.models import Practice

    for model in (Practice, Event, Practice.pillars.through):
        signal = signals.m2m_changed if model._meta.auto_created else signals.post_save
        modules = {
            getattr(
                reference() if isinstance(reference, weakref.ReferenceType) else reference,
                "__module__",
                None,
            )
            for (_receiver_id, sender_id), reference, *_ in signal.receivers
            if sender_id == id(model)
        }
        assert "matching.challenges" in modules


def migrations_depending_upward(graph) -> list[str]:
    """Migrations of an app that depend on a migration of an app above it (once the
    squashed ones have replaced the migrations they stand for)."""
    violations = []
    for key in graph.nodes:
        if key[0] not in RANK:
            continue
        for parent in graph.node_map[key].parents:
            if parent.key[0] in RANK and RANK[parent.key[0]] > RANK[key[0]]:
                violations.append(f"{key} depends on {parent.key}")
    return violations


def test_no_migration_depends_on_a_higher_app():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    assert migrations_depending_upward(graph) == []


def test_the_check_sees_a_migration_depending_on_a_higher_app():
    # The crossed graph this replaced: exchanges 0002 waited for practices 0001.
    graph = MigrationGraph()
    for key in [("exchanges", "0001_initial"), ("practices", "0001_initial")]:
        graph.add_node(key, None)
    graph.add_node(("exchanges", "0002_initial"), None)
    graph.add_dependency(None, ("exchanges", "0002_initial"), ("exchanges", "0001_initial"))
    graph.add_dependency(None, ("exchanges", "0002_initial"), ("practices", "0001_initial"))
    graph.add_dependency(None, ("practices", "0001_initial"), ("exchanges", "0001_initial"))
    assert migrations_depending_upward(graph) == [
        "('exchanges', '0002_initial') depends on ('practices', '0001_initial')"
    ]
