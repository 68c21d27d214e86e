"""Consultar estado de mi solicitud (seed 003 §4.2.2), Consultar estado de mi solicitud MIPRES (§4.2.3) and the
copy of an OPS: for the caller or one of their own minors (households.py), anyone else one and the same 404.

A person's page is one Query of their OPS (one month, or all, newest first; `pagina × 10 + 1` items at most), the
portal's presolicitudes of that person merged in by date (those an OPS already carries are that OPS), and, only
when the page has an OPS that could be paid, one question to the payments about those numbers."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from chalicelib.affiliates.household import PERSON_NOT_FOUND, Household, Households
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.types import Affiliate, AffiliatePrincipal
from chalicelib.affiliates.views import ips_key_of
from chalicelib.authorizations.actions import actions_of, could_pay
from chalicelib.authorizations.copy_pdf import ops_copy
from chalicelib.authorizations.ports import CopayPaymentStates, OpsStore, PresolicitudReader
from chalicelib.authorizations.schemas import (
    AffiliateBasics,
    AuthorizationsPage,
    MipresPage,
    MipresRowView,
    OpsRowView,
    PersonOption,
)
from chalicelib.authorizations.types import Ops, OpsEstado, PresolicitudRow
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, InvalidInput, NotFound
from chalicelib.common.files import FileDownload
from chalicelib.common.validation import FIELDS_INVALID
from chalicelib.pdf.ports import DocumentIssuer

PAGE_SIZE = 10
MAX_PAGE = 200
PORTAL_REQUEST = "SOLICITUD MÉDICA REGISTRADA EN LA OFICINA VIRTUAL"
NO_OPS = "No hay solicitudes para mostrar con estos filtros"
NO_MIPRES = "No tiene solicitudes MIPRES: el espacio de estados de solicitudes MIPRES está vacío"
OPS_NOT_FOUND = "No encontramos esa autorización entre las de las personas que puede gestionar"
COPY_ONLY_DELIVERED = "La copia solo está disponible para autorizaciones en estado ENTREGADA"
_REF = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_NUMBER = re.compile(r"^[0-9]{1,20}$")
_MONTH = re.compile(r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")


def _refuse(campo: str, mensaje: str) -> InvalidInput:
    return InvalidInput(FIELDS_INVALID, details=[{"campo": campo, "mensaje": mensaje}])


def _checked(value: str | None, pattern: re.Pattern, campo: str, mensaje: str) -> str | None:
    if value is None or value == "":
        return None
    if not pattern.fullmatch(value):
        raise _refuse(campo, mensaje)
    return value


def _page_number(value: str | None) -> int:
    if value is None or value == "":
        return 1
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise _refuse("pagina", f"Debe ser un número entre 1 y {MAX_PAGE}")
    return int(value)


def check_number(numero: str) -> str:
    if not _NUMBER.fullmatch(numero):
        raise NotFound(OPS_NOT_FOUND, code="OPS_NOT_FOUND")
    return numero


class AuthorizationsService:
    def __init__(self, directory: AffiliateDirectory, households: Households, store: OpsStore,
                 presolicitudes: PresolicitudReader, payments: CopayPaymentStates, issuer: DocumentIssuer,
                 today: Callable[[], date]):
        self._directory, self._households, self._store = directory, households, store
        self._presolicitudes, self._payments, self._issuer, self._today = presolicitudes, payments, issuer, today

    # --- Consultar estado de mi solicitud -------------------------------------------------------------
    def page(self, principal: AffiliatePrincipal, afiliado: str | None = None, presolicitud: str | None = None,
             mes: str | None = None, pagina: str | None = None) -> AuthorizationsPage:
        presolicitud = _checked(presolicitud, _NUMBER, "presolicitud", "El No. Presolicitud lleva solo números")
        mes = _checked(mes, _MONTH, "mes", "Elija un mes (AAAA-MM)")
        number = _page_number(pagina)
        house, person = self._person(principal, afiliado)
        wanted = number * PAGE_SIZE + 1
        ops = self._store.ops_of(person.identity, month=mes, presolicitud=presolicitud, limit=wanted)
        rows = self._merged(ops, self._portal_requests(person, mes, presolicitud), wanted)
        shown = rows[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
        today = self._today()
        candidates = [o.numero_autorizacion for o in shown if isinstance(o, Ops) and could_pay(o, today)]
        blocked = self._payments.blocking(candidates) if candidates else set()
        views = [self._row(item, today, blocked) for item in shown]
        return AuthorizationsPage(personas=self._options(house), persona=person.ref,
                                  datos_basicos=self._basics(person, house.today), solicitudes=views,
                                  pagina=number, por_pagina=PAGE_SIZE, hay_mas=len(rows) > number * PAGE_SIZE,
                                  mensaje=None if views else NO_OPS)

    def _portal_requests(self, person: Affiliate, mes: str | None,
                         presolicitud: str | None) -> list[PresolicitudRow]:
        found = []
        for row in self._presolicitudes.for_affiliates([person.ref]):
            if row.affiliate_ref != person.ref or (presolicitud and row.numero_presolicitud != presolicitud):
                continue
            if mes and _local_day(row.fecha).isoformat()[:7] != mes:
                continue
            found.append(row)
        return found

    @staticmethod
    def _merged(ops: list[Ops], requests: list[PresolicitudRow], wanted: int) -> list[Ops | PresolicitudRow]:
        carried = {o.numero_presolicitud for o in ops if o.numero_presolicitud}
        pending = [r for r in requests if r.numero_presolicitud not in carried]
        rows: list[Ops | PresolicitudRow] = [*ops, *pending]
        rows.sort(key=lambda r: (r.fecha, r.numero_autorizacion) if isinstance(r, Ops)
                  else (_local_day(r.fecha), r.numero_presolicitud), reverse=True)
        return rows[:wanted]

    @staticmethod
    def _row(item: Ops | PresolicitudRow, today: date, blocked: set[str]) -> OpsRowView:
        if isinstance(item, PresolicitudRow):
            return OpsRowView(no_presolicitud=item.numero_presolicitud, no_autorizacion=None,
                              fecha=_local_day(item.fecha), prestacion=PORTAL_REQUEST, estado=item.estado,
                              proveedor=None, vencimiento=None, valor_cuota=0, observaciones=item.observacion,
                              acciones=[])
        return OpsRowView(no_presolicitud=item.numero_presolicitud, no_autorizacion=item.numero_autorizacion,
                          fecha=item.fecha, prestacion=item.prestacion, estado=item.estado.value,
                          proveedor=item.proveedor.label or None, vencimiento=item.vencimiento,
                          valor_cuota=item.valor_cuota, observaciones=item.observaciones,
                          acciones=actions_of(item, today, blocked))

    # --- copia ---------------------------------------------------------------------------------------------
    def copy(self, principal: AffiliatePrincipal, numero: str) -> FileDownload:
        numero = check_number(numero)
        house = self._households.of(principal.identity)
        people = {p.identity: p for p in house.managed}
        found = self._store.ops([(identity, numero) for identity in people])
        if not found:
            raise NotFound(OPS_NOT_FOUND, code="OPS_NOT_FOUND")
        ops = found[0]
        if ops.estado is not OpsEstado.ENTREGADA:
            raise Conflict(COPY_ONLY_DELIVERED, code="OPS_NOT_DELIVERED")
        caller = house.caller
        issued = self._issuer.issue(ops_copy(ops, people[ops.affiliate], f"{caller.doc_type} {caller.doc_number}"))
        return FileDownload(issued.file_name, "application/pdf", issued.data, 1)

    # --- MIPRES --------------------------------------------------------------------------------------------
    def mipres(self, principal: AffiliatePrincipal, afiliado: str | None = None) -> MipresPage:
        house, person = self._person(principal, afiliado)
        rows = [MipresRowView(no_prescripcion=m.numero_prescripcion, fecha=m.fecha, servicio=m.servicio,
                              estado=m.estado.value, prestador=m.prestador, no_autorizacion=m.numero_autorizacion,
                              vencimiento=m.vencimiento, valor=m.valor)
                for m in self._store.mipres_of(person.identity)]
        return MipresPage(personas=self._options(house), persona=person.ref,
                          datos_basicos=self._basics(person, house.today), prescripciones=rows,
                          mensaje=None if rows else NO_MIPRES)

    # --- shared --------------------------------------------------------------------------------------------
    def _person(self, principal: AffiliatePrincipal, persona: str | None) -> tuple[Household, Affiliate]:
        persona = _checked(persona, _REF, "afiliado", "Afiliado no válido")
        house = self._households.of(principal.identity)
        if persona is None:
            return house, house.caller
        if persona not in {p.ref for p in house.managed}:
            raise NotFound(PERSON_NOT_FOUND, code="PERSON_NOT_FOUND")
        return house, house.by_ref([persona])[0]

    @staticmethod
    def _options(house: Household) -> list[PersonOption]:
        return [PersonOption(ref=p.ref, nombre=p.full_name) for p in house.managed]

    def _basics(self, person: Affiliate, today: date) -> AffiliateBasics:
        key = ips_key_of(person)
        site = self._directory.ips_site(*key) if key else None
        return AffiliateBasics(fecha=today, tipo_documento=person.doc_type, numero_documento=person.doc_number,
                               nombre=person.full_name, ips_primaria=site.name if site else None,
                               derecho=person.derecho or person.estado_afiliacion)


def _local_day(at: datetime) -> date:
    return at.astimezone(BOGOTA).date() if at.tzinfo else at.date()
