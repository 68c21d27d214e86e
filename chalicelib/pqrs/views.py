"""How a PQRS is shown: to its owner ("RESULTADO DE LA CONSULTA") and in the operators' queue."""

from __future__ import annotations

from datetime import date

from chalicelib.affiliates.types import Affiliate
from chalicelib.pqrs.catalogue import IN_PROCESS_ANSWER, KINDS, PqrsState
from chalicelib.pqrs.deadlines import days_left, is_overdue
from chalicelib.pqrs.schemas import PqrsListItem, PqrsView, QueueItem, TipoView
from chalicelib.pqrs.types import Pqrs

TIPOS = [TipoView(valor=tipo.value, etiqueta=kind.label, dias_habiles=kind.business_days)
         for tipo, kind in KINDS.items()]


def owner_view(pqrs: Pqrs) -> PqrsView:
    return PqrsView(
        radicado=pqrs.radicado, tipo_solicitud=KINDS[pqrs.tipo].label, estado=pqrs.state.value,
        descripcion=pqrs.descripcion, respuesta=pqrs.answer.text if pqrs.answer else IN_PROCESS_ANSWER,
        fecha_radicacion=pqrs.filed_at, fecha_vencimiento=pqrs.due_on,
        puede_calificar=pqrs.state is PqrsState.FINALIZADO and pqrs.rating is None, calificacion=pqrs.rating)


def list_item(pqrs: Pqrs) -> PqrsListItem:
    return PqrsListItem(radicado=pqrs.radicado, tipo_solicitud=KINDS[pqrs.tipo].label, estado=pqrs.state.value,
                        fecha_radicacion=pqrs.filed_at)


def requester(pqrs: Pqrs, owner: Affiliate | None) -> str:
    if pqrs.sender is not None:
        s = pqrs.sender
        return f"{s.nombres} ({s.tipo_documento} {s.numero_documento}) · formulario de contacto"
    if owner is not None:
        return f"{owner.full_name} ({owner.doc_type} {owner.doc_number})"
    return "Afiliado no encontrado"


def queue_item(pqrs: Pqrs, owner: Affiliate | None, today: date) -> QueueItem:
    return QueueItem(
        radicado=pqrs.radicado, canal=pqrs.channel.value, tipo_solicitud=KINDS[pqrs.tipo].label,
        estado=pqrs.state.value, fecha_radicacion=pqrs.filed_at, fecha_vencimiento=pqrs.due_on,
        dias_restantes=days_left(pqrs.due_on, today), vencida=is_overdue(pqrs, today),
        solicitante=requester(pqrs, owner), descripcion=pqrs.descripcion,
        respuesta=pqrs.answer.text if pqrs.answer else None, calificacion=pqrs.rating)
