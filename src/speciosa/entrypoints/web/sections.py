"""Feature sections on the shared pages: the person's home page and the clinician's view of one
person. A feature registers a partial template and a loader that returns its context; the page
renders every section whose roles match, in order. Loaders go through the services (so access is
checked and reads are audited) and return plain dicts for the template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from speciosa.bootstrap import Services
from speciosa.domain.foundation.accounts import Actor
from speciosa.entrypoints.web.dosing_cards import load_clinician_dosing, load_person_dosing
from speciosa.entrypoints.web.pigmentation_cards import load_clinician_skin, load_person_skin
from speciosa.entrypoints.web.precautions_cards import load_precautions_card
from speciosa.entrypoints.web.reports_cards import load_clinician_reports
from speciosa.entrypoints.web.sources_cards import load_clinician_sources, load_person_sources
from speciosa.entrypoints.web.wellbeing import load_wellbeing_card
from speciosa.entrypoints.web.withdrawal_cards import load_clinician_card, load_person_card

Loader = Callable[[Services, Actor, str], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    """`template` is rendered with the loader's dict under the name `section`."""

    key: str
    template: str
    load: Loader
    order: int = 100


# The person's own home page (/me): quick actions first (check in, log a dose), then summaries.
PERSON_HOME: list[Section] = [
    Section("withdrawal", "withdrawal/section_person.html", load_person_card, order=10),
    Section("wellbeing", "withdrawal/section_wellbeing.html", load_wellbeing_card, order=12),
    Section("dosing", "dosing/section_person.html", load_person_dosing, order=20),
    Section("precautions", "precautions/section_person.html", load_precautions_card, order=60),
    Section("sources", "sources/section_person.html", load_person_sources, order=40),
    Section("skin", "pigmentation/section_person.html", load_person_skin, order=70),
]
# The clinician's page for one person (/clinic/persons/{id}).
CLINICIAN_PERSON: list[Section] = [
    Section("reports", "clinic/section_clinician.html", load_clinician_reports, order=5),
    Section("withdrawal", "withdrawal/section_clinician.html", load_clinician_card, order=10),
    Section("wellbeing", "withdrawal/section_wellbeing.html", load_wellbeing_card, order=12),
    Section("dosing", "dosing/section_clinician.html", load_clinician_dosing, order=20),
    Section("precautions", "precautions/section_clinician.html", load_precautions_card, order=60),
    Section("sources", "sources/section_clinician.html", load_clinician_sources, order=40),
    Section("skin", "pigmentation/section_clinician.html", load_clinician_skin, order=70),
]


def render_sections(
    sections: list[Section], services: Services, actor: Actor, person_id: str
) -> list[tuple[Section, dict[str, Any]]]:
    return [
        (s, s.load(services, actor, person_id)) for s in sorted(sections, key=lambda s: s.order)
    ]
