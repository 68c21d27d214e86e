"""The demo cotizante's PQRS for `make run`: one answered on time (to rate) and one overdue (the operators' queue
shows it highlighted). Filed through the same Filing as the portal, on clocks set back in business days."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.common.business_days import is_business_day
from chalicelib.common.clock import BOGOTA
from chalicelib.pqrs.catalogue import PqrsType
from chalicelib.pqrs.filing import Filing
from chalicelib.pqrs.service import portal_description
from chalicelib.pqrs.store import PqrsStore
from chalicelib.pqrs.types import Answer

ANSWERED_TEXT = "Excelente servicio, muy rapido. La atención en la sede fue muy amable"
ANSWER = ("Basados en lo anterior agradecemos a usted sus apreciaciones y comentarios, que nos han permitido "
          "intervenir en cada una de las áreas comprometidas")
OVERDUE_TEXT = "Solicité una cita con el especialista hace tres semanas y no he recibido respuesta"
DEMO_OPERATOR = "CC#1000000009"


def business_days_before(moment: datetime, days: int) -> datetime:
    day = moment.astimezone(BOGOTA).date()
    while days:
        day -= timedelta(days=1)
        if is_business_day(day):
            days -= 1
    return datetime.combine(day, time(9, 30), BOGOTA)


def load(store: PqrsStore, directory: AffiliateDirectory, identity: str, now: datetime) -> list[str]:
    """The radicados filed for `identity` (an affiliate of the loaded extracts)."""
    person = directory.find(identity)
    if person is None:
        raise RuntimeError("the demo affiliate is not in the loaded afiliados extract")
    filed_at = business_days_before(now, 12)
    answered, _ = Filing(store, lambda: filed_at).file(
        PqrsType.FELICITACION, portal_description(person, ANSWERED_TEXT), affiliate=identity)
    store.answer(answered.radicado, Answer(ANSWER, DEMO_OPERATOR, business_days_before(now, 5)))
    late_at = business_days_before(now, 18)
    overdue, _ = Filing(store, lambda: late_at).file(
        PqrsType.QUEJA, portal_description(person, OVERDUE_TEXT), affiliate=identity)
    return [answered.radicado, overdue.radicado]
