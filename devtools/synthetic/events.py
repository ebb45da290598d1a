"""Events (with their participations, organizers, supporters and tags), registrations,
and roadmaps (with their signatories, commitments and actions)."""

from __future__ import annotations

import bisect
import datetime

from django.utils.text import slugify

from exchanges.models import (
    Action,
    ActionStatus,
    Commitment,
    Event,
    EventKind,
    EventStatus,
    Participation,
    ParticipationRole,
    RegistrantRole,
    Registration,
    RegistrationStatus,
    Roadmap,
)
from exchanges.rules import Backer, Party, decide_modality

from .generation import CityRow, EventRow, Generation, OpenEvent
from .shape import PARTICIPANT_ROLE_WEIGHTS, SDG_WEIGHTS, SLUG_PREFIX
from .words import LANGUAGES, WORDS


def event_status(gen: Generation, start: datetime.date, end: datetime.date) -> str:
    if end < gen.today:
        return EventStatus.HELD if gen.rng.random() < 0.92 else EventStatus.CANCELLED
    if start <= gen.today:
        return EventStatus.OPEN
    return gen.pick([EventStatus.PLANNED, EventStatus.OPEN, EventStatus.CANCELLED], [14, 5, 1])


def make_events(gen: Generation) -> None:
    kinds = list(EventKind.values)
    kind_labels = dict(EventKind.choices)
    roles = list(PARTICIPANT_ROLE_WEIGHTS)
    role_weights = list(PARTICIPANT_ROLE_WEIGHTS.values())
    backers = {
        org.pk: Backer(org.name, org.multilateral, org.is_northern) for org in gen.organizations
    }
    first_day = datetime.date(2008, 1, 1)
    last_day = gen.today + datetime.timedelta(days=540)
    rows, participants, organizers, supporters = [], [], [], []
    pillar_sets, sdg_sets, sector_sets, meta = [], [], [], []
    sdg_numbers, sdg_weights = list(SDG_WEIGHTS), list(SDG_WEIGHTS.values())
    sdg_by_number = {sdg.number: sdg for sdg in gen.sdgs}
    for index in range(gen.size.events):
        host = gen.pick(gen.cities)
        # Most peers come from the host's region; some from anywhere.
        neighbours = gen.cities_by_region[host.region]
        joined: dict[int, CityRow] = {}
        wanted = min(gen.rng.randint(2, 6), len(gen.cities) - 1)
        for _ in range(wanted * 10):  # bounded: small networks repeat picks
            if len(joined) >= wanted:
                break
            pool = neighbours if gen.rng.random() < 0.6 else gen.cities
            city = gen.pick(pool)
            if city.pk != host.pk:
                joined[city.pk] = city
        start = gen.day_between(first_day, last_day)
        end = start + datetime.timedelta(days=gen.rng.choice((0, 1, 2, 2, 3, 4)))
        status = event_status(gen, start, end)
        kind = gen.pick(kinds)
        language = gen.language_of(host.region)
        topic_text = gen.topic()[LANGUAGES.index(language)]
        event_organizers = gen.sample(gen.organizations, 1, 2)
        event_supporters = [
            org for org in gen.sample(gen.organizations, 0, 2) if org not in event_organizers
        ]
        organization_pks = [org.pk for org in event_organizers + event_supporters]
        modality = decide_modality(
            parties=[
                Party(host.name, host.global_south),
                *(Party(c.name, c.global_south) for c in joined.values()),
            ],
            backers=[backers[pk] for pk in organization_pks],
        ).modality
        takes_registrations = status == EventStatus.OPEN
        capacity = gen.rng.randint(20, 200) if takes_registrations else None
        deadline = (
            min(start - datetime.timedelta(days=gen.rng.randint(0, 20)), end)
            if takes_registrations
            else None
        )
        held = status == EventStatus.HELD
        rows.append(
            Event(
                slug=f"{SLUG_PREFIX}event-{index + 1:06d}-{slugify(host.name)}"[:120],
                title=WORDS.event_titles[language].format(
                    kind=kind_labels[kind], topic=topic_text, city=host.name
                )[:250],
                kind=kind,
                host_city_id=host.pk,
                venue=f"{host.name} City Hall",
                start_date=start,
                end_date=end,
                status=status,
                modality=modality,
                summary=gen.paragraph(language, topic_text, 2),
                objectives=gen.paragraph(language, topic_text, 1),
                outcomes=gen.paragraph(language, topic_text, 2) if held else "",
                report_url=f"https://reports.example.org/{index + 1}.pdf" if held else "",
                capacity=capacity,
                registration_deadline=deadline,
            )
        )
        entries = []
        if gen.rng.random() < 0.7:
            entries.append((host.pk, ParticipationRole.HOST))
        entries += [(pk, gen.pick(roles, role_weights)) for pk in joined]
        participants.append(entries)
        organizers.append([org.pk for org in event_organizers])
        supporters.append([org.pk for org in event_supporters])
        pillar_sets.append([p.pk for p in gen.sample(gen.pillars, 1, 3)])
        numbers = {gen.pick(sdg_numbers, sdg_weights) for _ in range(gen.rng.randint(1, 4))}
        sdg_sets.append([sdg_by_number[number].pk for number in sorted(numbers)])
        sector_sets.append([s.pk for s in gen.sample(gen.sectors, 1, 3)])
        meta.append((start, end, status, [host.pk, *joined], organization_pks))
    created = gen.writer.create("events", Event, rows)
    gen.writer.create(
        "participations",
        Participation,
        [
            Participation(
                event_id=event.pk,
                city_id=city,
                role=role,
                delegation_size=gen.rng.randint(1, 15),
            )
            for event, entries in zip(created, participants, strict=True)
            for city, role in entries
        ],
    )
    for step, through, field_name, sets in (
        ("event organizers", Event.organizers.through, "organization_id", organizers),
        ("event supporters", Event.supporters.through, "organization_id", supporters),
        ("event pillars", Event.pillars.through, "pillar_id", pillar_sets),
        ("event SDGs", Event.sdgs.through, "sdg_id", sdg_sets),
        ("event sectors", Event.sectors.through, "sector_id", sector_sets),
    ):
        gen.writer.link(
            step,
            through,
            [
                {"event_id": event.pk, field_name: value}
                for event, values in zip(created, sets, strict=True)
                for value in values
            ],
        )
    for number, (event, (start, end, status, city_pks, org_pks)) in enumerate(
        zip(created, meta, strict=True), start=1
    ):
        row = EventRow(event.pk, start, end, status, city_pks, org_pks)
        gen.events.append(row)
        if status == EventStatus.HELD:
            gen.held_events.append(row)
        if event.capacity is not None:
            gen.open_events.append(
                OpenEvent(
                    number=number,
                    pk=event.pk,
                    capacity=event.capacity,
                    registration_deadline=event.registration_deadline,
                    start_date=start,
                    host_city_pk=event.host_city_id,
                )
            )
    # Practices and roadmaps look up later events by date.
    gen.held_events.sort(key=lambda row: (row.start_date, row.pk))


def make_registrations(gen: Generation) -> None:
    roles = list(RegistrantRole.values)
    rows = []
    for event in gen.open_events:
        confirmed = 0
        for number in range(gen.rng.randint(0, 12)):
            if confirmed < event.capacity:
                status = gen.pick(
                    [RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING], [4, 1]
                )
            else:
                status = RegistrationStatus.WAITLISTED
            confirmed += status == RegistrationStatus.CONFIRMED
            registered = gen.moment(
                min(event.registration_deadline or event.start_date, gen.today)
                - datetime.timedelta(days=number)
            )
            rows.append(
                Registration(
                    event_id=event.pk,
                    name=f"Delegate {event.number}-{number + 1}",
                    email=f"delegate-{event.number}-{number + 1}@example.org",
                    city_id=(
                        event.host_city_pk if gen.rng.random() < 0.5 else gen.pick(gen.cities).pk
                    ),
                    role=gen.pick(roles),
                    status=status,
                    consented_at=registered,
                    created_at=registered,
                )
            )
    gen.writer.create("registrations", Registration, rows)


def make_roadmaps(gen: Generation) -> None:
    if not gen.held_events:
        return
    count = min(gen.size.roadmaps, len(gen.held_events))
    chosen = sorted(gen.rng.sample(gen.held_events, count), key=lambda row: row.pk)
    rows, signatories, organizations = [], [], []
    for index, event in enumerate(chosen):
        rows.append(
            Roadmap(
                slug=f"{SLUG_PREFIX}roadmap-{index + 1:05d}",
                title=f"Roadmap {index + 1} for decent work in peer cities",
                event_id=event.pk,
                adopted_on=event.end_date,
                summary="Commitments adopted by the participating cities and partners.",
            )
        )
        signatories.append(event.city_pks[:6])
        organizations.append(event.organization_pks)
    created = gen.writer.create("roadmaps", Roadmap, rows)
    gen.writer.link(
        "roadmap signatory cities",
        Roadmap.signatory_cities.through,
        [
            {"roadmap_id": roadmap.pk, "city_id": city}
            for roadmap, cities in zip(created, signatories, strict=True)
            for city in cities
        ],
    )
    gen.writer.link(
        "roadmap signatory organizations",
        Roadmap.signatory_organizations.through,
        [
            {"roadmap_id": roadmap.pk, "organization_id": org}
            for roadmap, orgs in zip(created, organizations, strict=True)
            for org in orgs
        ],
    )
    commitments = []
    for roadmap in created:
        for number in range(1, gen.rng.randint(3, 7) + 1):
            topic = gen.topic()
            commitments.append(
                Commitment(
                    roadmap_id=roadmap.pk,
                    number=number,
                    text=f"Promote {topic[0]} through peer learning between cities.",
                    sub_points=[f"Share methods on {topic[0]}.", "Report on progress."],
                )
            )
    created_commitments = gen.writer.create("commitments", Commitment, commitments)
    by_roadmap: dict[int, list[int]] = {}
    for commitment in created_commitments:
        by_roadmap.setdefault(commitment.roadmap_id, []).append(commitment.pk)
    make_actions(gen, roadmaps=created, events=chosen, commitments=by_roadmap)


def make_actions(
    gen: Generation,
    *,
    roadmaps: list[Roadmap],
    events: list[EventRow],
    commitments: dict[int, list[int]],
) -> None:
    """The actions of each roadmap (adopted at its event), each under one of its
    commitments; done ones were sometimes carried out by a later held event."""
    actions, responsible = [], []
    starts = [row.start_date for row in gen.held_events]
    for roadmap, event in zip(roadmaps, events, strict=True):
        for position in range(gen.rng.randint(3, 8)):
            due = event.end_date + datetime.timedelta(days=gen.rng.randint(90, 900))
            if due < gen.today:
                status = gen.pick(list(ActionStatus.values), [1, 2, 5, 1])
            else:
                status = gen.pick(list(ActionStatus.values), [5, 3, 1, 0])
            carried_out_by = None
            if status == ActionStatus.DONE:
                later = bisect.bisect_right(starts, event.end_date)
                if later < len(gen.held_events) and gen.rng.random() < 0.5:
                    carried_out_by = gen.pick(gen.held_events[later : later + 50]).pk
            topic = gen.topic()
            actions.append(
                Action(
                    roadmap_id=roadmap.pk,
                    commitment_id=gen.pick(commitments[roadmap.pk]),
                    title=f"Peer exchange on {topic[0]}",
                    description=f"Organize a study visit on {topic[0]}.",
                    due_date=due,
                    status=status,
                    carried_out_by_id=carried_out_by,
                    position=position,
                )
            )
            responsible.append(gen.sample(event.city_pks, 1, 2))
    created = gen.writer.create("actions", Action, actions)
    gen.writer.link(
        "action responsible cities",
        Action.responsible_cities.through,
        [
            {"action_id": action.pk, "city_id": city}
            for action, cities in zip(created, responsible, strict=True)
            for city in cities
        ],
    )
