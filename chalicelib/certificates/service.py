"""Certificados en línea (seed 003 §4.3): afiliación PBS and PAC of anyone in the caller's group (the one place an
adult beneficiary's data reaches the cotizante: affiliation facts only), paz y salvo PBS for independientes and
the PAC payments for retención en la fuente. Each is issued through the PDF issuer (verification code, SHA-256 in
the registry) and announced by email without personal data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from chalicelib.affiliates.household import PERSON_NOT_FOUND, Household, Households
from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.affiliates.types import Affiliate, AffiliatePrincipal, PacPlan, TipoAfiliado, TipoCotizante
from chalicelib.certificates import builders, emails
from chalicelib.certificates.builders import Eps
from chalicelib.certificates.ports import PacPayments, PbsDebts, PbsHistory
from chalicelib.certificates.schemas import CertificatePerson, CertificateRequest, CertificatesPage
from chalicelib.common.clock import BOGOTA
from chalicelib.common.errors import Conflict, InvalidInput, NotFound
from chalicelib.common.files import FileDownload
from chalicelib.notifications.mailer import Mailer
from chalicelib.pdf.ports import DocumentIssuer
from chalicelib.pdf.spec import DocumentSpec

KINDS = ("afiliacion", "afiliacion-pac", "paz-y-salvo", "retencion-pac")
UNKNOWN_KIND = "El tipo de certificado no existe"
NO_PAC = "Esta persona no registra Plan de Atención Complementario"
NO_PAC_IN_YEAR = "En el periodo consultado no registra Plan de Atención Complementario"
ONLY_INDEPENDIENTES = ("El certificado de paz y salvo PBS es solo para cotizantes independientes; los aportes de un "
                       "cotizante dependiente los paga su empleador")
PERIOD_REQUIRED = "Seleccione el mes y el año"
PERIOD_FUTURE = "El periodo no puede ser posterior al mes actual"
PERIOD_BEFORE = "El periodo no puede ser anterior a su fecha de afiliación ({desde})"
YEAR_REQUIRED = "Seleccione el año"
YEAR_FUTURE = "El año no puede ser posterior al año actual"
DEBT = "No es posible expedir el paz y salvo: registra saldo pendiente en los periodos {periodos}"
TITULAR = "TITULAR"


@dataclass(frozen=True, slots=True)
class CertificateFile(FileDownload):
    """The PDF answered, with what the access log records of it (whose, and its code)."""

    code: str = ""
    holder_ref: str = ""


def logged(result: object) -> dict[str, str]:
    """The access log's entry of a generation: the code in clear, the person's ref (hashed by the log)."""
    if isinstance(result, CertificateFile):
        return {"codigo": result.code, "persona": result.holder_ref}
    return {}


@dataclass(frozen=True, slots=True)
class Sources:
    """FIN's data behind paz y salvo and retención (ports.py)."""

    debts: PbsDebts
    history: PbsHistory
    payments: PacPayments


class CertificateService:
    def __init__(self, directory: AffiliateDirectory, households: Households, issuer: DocumentIssuer,
                 sources: Sources, mailer: Mailer, eps: Eps, portal_url: str, now: Callable[[], datetime]):
        self._directory = directory
        self._households = households
        self._issuer = issuer
        self._sources = sources
        self._mailer = mailer
        self._eps = eps
        self._portal_url = portal_url
        self._now = now

    def page(self, principal: AffiliatePrincipal) -> CertificatesPage:
        house = self._households.of(principal.identity)
        caller, today = house.caller, house.today
        people = [CertificatePerson(ref=p.ref, nombre=p.full_name, relacion=relation,
                                    tipo_afiliado=p.tipo_afiliado.value, menor_de_edad=p.is_minor_on(today),
                                    pac=bool(self._directory.pac_plans_of(p.identity)))
                  for p, relation in _group(house)]
        years = sorted({y for plan in self._directory.pac_plans_of(caller.identity) for y in _years(plan, today)},
                       reverse=True)
        return CertificatesPage(personas=people, independiente=_independiente(caller),
                                afiliado_desde=f"{caller.fecha_afiliacion:%Y-%m}" if caller.fecha_afiliacion else None,
                                periodo_actual=f"{today:%Y-%m}", anios_pac=years)

    def generate(self, principal: AffiliatePrincipal, kind: str, body: CertificateRequest) -> CertificateFile:
        if kind not in KINDS:
            raise NotFound(UNKNOWN_KIND, code="CERTIFICATE_KIND_UNKNOWN")
        house = self._households.of(principal.identity)
        caller = house.caller
        generated_by = f"{caller.doc_type} {caller.doc_number}"
        if kind in ("afiliacion", "afiliacion-pac"):
            person = self._person(house, body.persona)
            spec = self._afiliacion(person, generated_by) if kind == "afiliacion" else self._afiliacion_pac(
                person, generated_by)
        elif kind == "paz-y-salvo":
            spec = self._paz_y_salvo(caller, house.today, body, generated_by)
        else:
            spec = self._retencion(caller, house.today, body, generated_by)
        issued = self._issuer.issue(spec)
        if caller.contact.correo:
            self._mailer.send(emails.certificate_generated(
                to=caller.contact.correo, title=spec.title, code=issued.code, portal_url=self._portal_url,
                issued_at=issued.issued_at.astimezone(BOGOTA).strftime("%d/%m/%Y a las %H:%M")))
        return CertificateFile(issued.file_name, "application/pdf", issued.data, 1, issued.code, spec.holder_ref)

    @staticmethod
    def _person(house: Household, ref: str | None) -> Affiliate:
        if ref is None:
            return house.caller
        person = next((p for p, _ in _group(house) if p.ref == ref), None)
        if person is None:
            raise NotFound(PERSON_NOT_FOUND, code="PERSON_NOT_FOUND")
        return person

    def _afiliacion(self, person: Affiliate, generated_by: str) -> DocumentSpec:
        ips = "—"
        if person.ips_primaria_nit and person.ips_primaria_sucursal:
            site = self._directory.ips_site(person.ips_primaria_nit, person.ips_primaria_sucursal)
            ips = site.name if site else f"NIT {person.ips_primaria_nit}"
        return builders.afiliacion(self._eps, person, ips, generated_by)

    def _afiliacion_pac(self, person: Affiliate, generated_by: str) -> DocumentSpec:
        plans = self._directory.pac_plans_of(person.identity)
        if not plans:
            raise InvalidInput(NO_PAC, code="NO_PAC", details=[{"campo": "persona", "mensaje": NO_PAC}])
        return builders.afiliacion_pac(self._eps, person, plans, generated_by)

    def _paz_y_salvo(self, caller: Affiliate, today: date, body: CertificateRequest, generated_by: str) -> DocumentSpec:
        if not _independiente(caller):
            raise InvalidInput(ONLY_INDEPENDIENTES, code="NOT_INDEPENDIENTE")
        periodo = _checked_period(body.periodo, caller.fecha_afiliacion, today)
        year, month = int(periodo[:4]), int(periodo[5:])
        owed = self._sources.debts.owed_until(caller.identity, year, month)
        if owed:
            periods = ", ".join(builders.month_name(p) for p, _ in sorted(owed))
            raise Conflict(DEBT.format(periodos=periods), code="PBS_DEBT", details=[
                {"campo": "periodo", "mensaje": f"{builders.month_name(p)}: saldo {builders.pesos(s)}"}
                for p, s in sorted(owed)])
        history = self._sources.history.paid_until(caller.identity, year, month) if body.historial else None
        return builders.paz_y_salvo(self._eps, caller, periodo, history, generated_by)

    def _retencion(self, caller: Affiliate, today: date, body: CertificateRequest, generated_by: str) -> DocumentSpec:
        if body.anio is None:
            raise InvalidInput(YEAR_REQUIRED, details=[{"campo": "anio", "mensaje": YEAR_REQUIRED}])
        if body.anio > today.year:
            raise InvalidInput(YEAR_FUTURE, details=[{"campo": "anio", "mensaje": YEAR_FUTURE}])
        payments = self._sources.payments.of_year(caller.identity, body.anio)
        if not payments:
            raise InvalidInput(NO_PAC_IN_YEAR, code="NO_PAC_IN_YEAR",
                               details=[{"campo": "anio", "mensaje": NO_PAC_IN_YEAR}])
        return builders.retencion_pac(self._eps, caller, body.anio, payments, generated_by)


def _group(house: Household) -> list[tuple[Affiliate, str]]:
    """The caller first, then every current member of their group, adults included, with the parentesco."""
    parentesco = {link.beneficiario: link.parentesco for link in house.links}
    return [(house.caller, TITULAR)] + [(p, parentesco.get(p.identity, "BENEFICIARIO"))
                                        for p in (*house.managed[1:], *house.others)]


def _independiente(person: Affiliate) -> bool:
    return person.tipo_afiliado is TipoAfiliado.COTIZANTE and person.tipo_cotizante is TipoCotizante.INDEPENDIENTE


def _checked_period(periodo: str | None, affiliated: date | None, today: date) -> str:
    """The asked AAAA-MM when it is between the affiliation's month and the current one; else a field error."""
    problem = None
    if periodo is None:
        problem = PERIOD_REQUIRED
    elif periodo > f"{today:%Y-%m}":
        problem = PERIOD_FUTURE
    elif affiliated and periodo < f"{affiliated:%Y-%m}":
        problem = PERIOD_BEFORE.format(desde=builders.month_name(f"{affiliated:%Y-%m}"))
    if problem:
        raise InvalidInput(problem, details=[{"campo": "periodo", "mensaje": problem}])
    assert periodo is not None
    return periodo


def _years(plan: PacPlan, today: date) -> range:
    return range(plan.vigencia_desde.year, (plan.vigencia_hasta or today).year + 1)
