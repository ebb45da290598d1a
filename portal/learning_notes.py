"""An exchange's learning note, drafted from its records: who took part, what it set out
to do and what came of it, the practices shared there, the commitments made and the
adoptions that followed. The network's learning reports used to be written by hand from
these same records; the draft gives the organizers a text to edit and publish.

The draft is Markdown in the language of the organizer who asks for it, read in a fixed
number of queries from the dossier's data (portal.dossier).
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from exchanges.models import Event

from .dossier import dossier_events, event_dossier


def draft_from_records(event: Event) -> tuple[str, str]:
    """The title and the Markdown text of a learning note on `event`."""
    event = dossier_events().get(pk=event.pk)
    dossier = event_dossier(event)
    title = _("Learning note: %(title)s") % {"title": event.in_reader_language.title}
    body = render_to_string("exchanges/learning_note_draft.md", {"dossier": dossier})
    # Template tags leave blank lines behind: Markdown needs one between blocks, not more.
    lines, blank = [], False
    for line in body.strip().splitlines():
        if line.strip():
            lines.append(line.rstrip())
            blank = False
        elif not blank:
            lines.append("")
            blank = True
    return title, "\n".join(lines) + "\n"
