"""In-memory stand-ins for the financial services' ports, and the people and rows the tests print."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from chalicelib.affiliate_finance.types import Aporte, CarteraPeriod, Incapacidad, PacInvoice, PacPayment
from chalicelib.affiliates.types import Affiliate, AffiliatePrincipal, Contact, PacPlan, TipoAfiliado, TipoCotizante
from chalicelib.common.clock import BOGOTA
from chalicelib.notifications.mailer import Email
from chalicelib.pdf.issuer import InMemoryIssuedRegistry, PdfIssuer
from chalicelib.pdf.render import Letterhead

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=BOGOTA)


def person(number: str = "1032456789", *, tipo_cotizante: TipoCotizante | None = TipoCotizante.INDEPENDIENTE,
           correo: str | None = "luis.gomez@correo.example.co") -> Affiliate:
    tipo = TipoAfiliado.COTIZANTE if tipo_cotizante is not None else TipoAfiliado.BENEFICIARIO
    return Affiliate(
        identity=f"CC#{number}", ref=f"ref-{number}", doc_type="CC", doc_number=number, primer_nombre="LUIS",
        segundo_nombre="FERNANDO", primer_apellido="GÓMEZ", segundo_apellido="RUIZ", fecha_nacimiento=date(1980, 5, 4),
        genero="M", regimen="CONTRIBUTIVO", tipo_afiliado=tipo,
        tipo_cotizante=tipo_cotizante, estado_afiliacion="ACTIVO", derecho="PLENO", rango_salarial="B",
        recien_nacido=False, fecha_afiliacion=date(2015, 1, 1), ips_primaria_nit=None, ips_primaria_sucursal=None,
        contact=Contact(correo=correo), extract_date=TODAY)


def principal_of(who: Affiliate) -> AffiliatePrincipal:
    return AffiliatePrincipal(identity=who.identity, session_id="s1", must_change_password=False)


def invoice(numero: str = "FPAC20260317", *, responsable: str = "CC#1032456789", saldo: int = 185_000,
            estado: str = "PENDIENTE", periodo: str = "2026-03", limite: date = date(2026, 3, 25)) -> PacInvoice:
    return PacInvoice(numero, responsable, "PAC Bienestar", "PAC-2024-00017", periodo, date(2026, 3, 2), limite,
                      185_000, saldo, estado)


def aporte(periodo: str, valor: int = 285_000) -> Aporte:
    return Aporte("CC#1032456789", periodo, "CC 1032456789", "LUIS FERNANDO GÓMEZ RUIZ",
                  date.fromisoformat(f"{periodo}-08"), "8800000011", "ASOPAGOS S.A.S", 2_280_000, 30, valor)


def incapacidad(folio: str, estado: str, inicio: date, dias: int = 5, diagnostico: str = "N23X") -> Incapacidad:
    return Incapacidad("CC#1032456789", folio, "CALI SUR", "NI 900123456", "COMERCIALIZADORA DEMO S EN C",
                       "ENFERMEDAD GENERAL", inicio, date.fromordinal(inicio.toordinal() + dias - 1), dias, dias,
                       False, diagnostico, estado)


@dataclass
class FakeReads:
    invoices: list[PacInvoice] = field(default_factory=list)
    payments: list[PacPayment] = field(default_factory=list)
    cartera: list[CarteraPeriod] = field(default_factory=list)
    aportes: list[Aporte] = field(default_factory=list)
    incapacidades: list[Incapacidad] = field(default_factory=list)
    settled: dict[str, tuple[str, datetime]] = field(default_factory=dict)

    def _with_settlement(self, item: PacInvoice) -> PacInvoice:
        paid = self.settled.get(item.numero_factura)
        return replace(item, paid_online_at=paid[1]) if paid and item.saldo > 0 else item

    def invoices_of(self, identity: str) -> list[PacInvoice]:
        return [self._with_settlement(i) for i in self.invoices if i.responsable == identity]

    def invoice(self, identity: str, numero_factura: str) -> PacInvoice | None:
        return next((i for i in self.invoices_of(identity) if i.numero_factura == numero_factura), None)

    def payments_of(self, identity: str, year: int) -> list[PacPayment]:
        return [p for p in self.payments if p.pagador == identity and p.fecha.year == year]

    def cartera_of(self, aportante: str, until: str | None = None) -> list[CarteraPeriod]:
        return [p for p in self.cartera if p.aportante == aportante and (until is None or p.periodo <= until)]

    def aportes_of(self, cotizante: str, desde: str, hasta: str) -> list[Aporte]:
        return sorted((a for a in self.aportes if a.cotizante == cotizante and desde <= a.periodo <= hasta),
                      key=lambda a: a.periodo)

    def incapacidades_of(self, cotizante: str) -> list[Incapacidad]:
        return [i for i in self.incapacidades if i.cotizante == cotizante]

    def settle(self, numero_factura: str, payment_id: str, at: datetime) -> None:
        self.settled[numero_factura] = (payment_id, at)


@dataclass
class FakePeople:
    people: dict[str, Affiliate] = field(default_factory=dict)
    plans: dict[str, list[PacPlan]] = field(default_factory=dict)

    def find(self, identity: str) -> Affiliate | None:
        return self.people.get(identity)

    def pac_plans_of(self, identity: str) -> list[PacPlan]:
        return self.plans.get(identity, [])


@dataclass
class FakeMailer:
    sent: list[Email] = field(default_factory=list)
    fail: bool = False

    def send(self, email: Email) -> None:
        if self.fail:
            raise RuntimeError("SES is down")
        self.sent.append(email)


def issuer(registry: InMemoryIssuedRegistry) -> PdfIssuer:
    return PdfIssuer(Letterhead("EPS S.O.S.", "805001157-2", "https://portal.example.co/#/verificacion"), registry,
                     lambda: NOW)
