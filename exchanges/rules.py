"""The modality of a peer learning exchange: the one place that decides it.

Written from the sources' own definitions (ILO, "City-to-City and South-South and
Triangular Cooperation", 2013, section 3): South-South cooperation is the idea "that,
through a spirit of solidarity, developing countries can provide sustainable solutions to
their own problems"; it "enables the formation of networks of developing countries and
traditional donors in triangular schemes", in which "the ILO can play an important role
not only as a support channel". So:

- the parties are the cities and countries that take part (the host city among them);
- multilateral organizations (the ILO, UCLG and its regional sections, the UN agencies)
  are support channels and facilitators: recorded as organizers or supporters, they make
  an exchange neither triangular nor northern;
- a Northern partner is an organization that is not multilateral and is a donor or is
  seated outside the Global South (the EU, a ministry of foreign affairs, a Spanish
  municipal fund), or a northern city or country that takes part as a donor;
- all parties in the Global South: South-South, or triangular with a Northern partner;
  parties from both North and South: North-South; only northern parties: North-North;
- an event where no city or country is recorded as taking part and every organizer and
  supporter is multilateral (ILO-UCLG sessions in Turin) is a meeting of facilitators held
  at a venue, not an exchange between territories: Multilateral.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Modality(models.TextChoices):
    SOUTH_SOUTH = "south-south", gettext_lazy("South-South")
    TRIANGULAR = "triangular", gettext_lazy("Triangular")
    NORTH_SOUTH = "north-south", gettext_lazy("North-South")
    NORTH_NORTH = "north-north", gettext_lazy("North-North")
    MULTILATERAL = "multilateral", gettext_lazy("Multilateral meeting")


@dataclass(frozen=True)
class Party:
    """A city or country taking part in an exchange."""

    name: str
    in_south: bool
    donor: bool = False


@dataclass(frozen=True)
class Backer:
    """An organization that organizes, supports or takes part in an exchange."""

    name: str
    multilateral: bool
    northern: bool


@dataclass(frozen=True)
class ModalityDecision:
    modality: str
    reason: str


def _names(items: Iterable) -> str:
    return ", ".join(sorted({item.name for item in items}))


def decide_modality(*, parties: Iterable[Party], backers: Iterable[Backer]) -> ModalityDecision:
    """The modality of an exchange between `parties` with `backers`, and why."""
    parties, backers = list(parties), list(backers)
    northern_partners = [b for b in backers if b.northern and not b.multilateral]
    northern_partners += [p for p in parties if p.donor and not p.in_south]
    territories = [p for p in parties if not (p.donor and not p.in_south)]
    multilateral = [b for b in backers if b.multilateral]
    if not territories:
        if northern_partners:
            raise ValueError("an exchange funded by a Northern partner needs a city or country")
        if not multilateral:
            raise ValueError("an exchange needs at least one city to have a modality")
        return ModalityDecision(
            Modality.MULTILATERAL,
            _(
                "No city or country is recorded as taking part, and every organizer is a "
                "multilateral organization (%(names)s): a meeting of facilitators, not an "
                "exchange between territories."
            )
            % {"names": _names(multilateral)},
        )
    south = [p for p in territories if p.in_south]
    north = [p for p in territories if not p.in_south]
    facilitators = (
        _(" Multilateral organizers and facilitators (%(names)s) do not change it.")
        % {"names": _names(multilateral)}
        if multilateral
        else ""
    )
    if not north and northern_partners:
        return ModalityDecision(
            Modality.TRIANGULAR,
            _(
                "Every city and country taking part is in the Global South (%(south)s), "
                "and Northern partners fund or support it (%(partners)s)."
            )
            % {"south": _names(south), "partners": _names(northern_partners)}
            + facilitators,
        )
    if not north:
        return ModalityDecision(
            Modality.SOUTH_SOUTH,
            _(
                "Every city and country taking part is in the Global South (%(south)s), "
                "and no Northern partner funds or supports it."
            )
            % {"south": _names(south)}
            + facilitators,
        )
    if south:
        return ModalityDecision(
            Modality.NORTH_SOUTH,
            _("Cities or countries of the Global South (%(south)s) and of the North (%(north)s).")
            % {"south": _names(south), "north": _names(north)}
            + facilitators,
        )
    return ModalityDecision(
        Modality.NORTH_NORTH,
        _("Every city and country taking part is outside the Global South (%(north)s).")
        % {"north": _names(north)}
        + facilitators,
    )


def _backer(organization) -> Backer:
    return Backer(
        name=organization.acronym or organization.name,
        multilateral=organization.multilateral,
        northern=organization.is_northern,
    )


def explain_modality(event) -> ModalityDecision:
    """The modality `event` has and why: a curator's override, or the rule applied to
    its host, participating cities and countries, organizers and supporters."""
    if event.modality_overridden:
        return ModalityDecision(event.modality, _("Set by a curator."))
    return decide_event_modality(event)


def decide_event_modality(event) -> ModalityDecision:
    """The rule applied to `event` (its relations prefetched, for a list)."""
    from exchanges.models import ParticipationRole  # the models import this module

    donor = ParticipationRole.DONOR
    parties = [
        Party(p.city.name, p.city.country.global_south, p.role == donor)
        for p in event.participations.all()
    ]
    parties += [
        Party(p.country.name, p.country.global_south, p.role == donor)
        for p in event.country_participations.all()
    ]
    organizations = {org.pk: org for org in event.organizers.all()}
    organizations.update({org.pk: org for org in event.supporters.all()})
    organizations.update(
        {p.organization_id: p.organization for p in event.organization_participations.all()}
    )
    backers = [_backer(org) for org in organizations.values()]
    # The host city takes part, unless the event is a meeting of multilateral
    # organizations that only uses it as a venue.
    venue_only = not parties and backers and all(b.multilateral for b in backers)
    if not venue_only and event.host_city_id not in {p.city_id for p in event.participations.all()}:
        host = event.host_city
        parties.append(Party(host.name, host.country.global_south))
    return decide_modality(parties=parties, backers=backers)


def compute_modality(event) -> str:
    """The default modality of `event`, from its host, participants, organizers and supporters."""
    return decide_event_modality(event).modality


# Shown with the reason, so a reader sees which definition the rule applies.
DEFINITION = gettext_lazy(
    "South-South: among cities and countries of the Global South. Triangular: the same, "
    "funded or supported by a Northern partner (a donor government or agency, the EU). "
    "Multilateral organizations such as the ILO and UCLG facilitate and count for neither."
)
