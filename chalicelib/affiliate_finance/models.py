"""PynamoDB models of the EPS's financial extracts about affiliates (issue 25): PAC invoices and their payments,
PBS cartera, aportes and incapacidades; and the online payments of PAC invoices not yet confirmed by an extract.

Read and written only by chalicelib/affiliate_finance/repository.py. Each table's partition is the person (or the
aportante) a screen is about, so every screen is one Query. Money is whole pesos (N); dates ISO "YYYY-MM-DD";
periods "AAAA-MM".
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.common.db import table


@table("affiliate_pac_invoices")
class PacInvoiceRecord(Model):
    """One row of `facturas_pac`, in the partition of the person responsible for it."""

    class Meta:
        table_name = "affiliate_pac_invoices"

    responsable = UnicodeAttribute(hash_key=True)  # identity
    numero_factura = UnicodeAttribute(range_key=True)
    plan = UnicodeAttribute()
    contrato = UnicodeAttribute()
    periodo = UnicodeAttribute()
    fecha_emision = UnicodeAttribute()
    fecha_limite = UnicodeAttribute()
    valor = NumberAttribute()
    saldo = NumberAttribute()
    estado = UnicodeAttribute()


@table("affiliate_pac_settlements")
class PacSettlementRecord(Model):
    """A PAC invoice paid online (the gateway's approval): shown paid until an extract confirms it. Ingestion never
    writes this table, so a load cannot erase a payment."""

    class Meta:
        table_name = "affiliate_pac_settlements"

    numero_factura = UnicodeAttribute(hash_key=True)
    payment_id = UnicodeAttribute()
    at = UnicodeAttribute()  # ISO UTC instant


@table("affiliate_pac_payments")
class PacPaymentRecord(Model):
    """One row of `pagos_pac` in the payer's partition; `pago` = "<fecha>#<número factura>" (a year is a prefix)."""

    class Meta:
        table_name = "affiliate_pac_payments"

    pagador = UnicodeAttribute(hash_key=True)  # identity
    pago = UnicodeAttribute(range_key=True)
    numero_factura = UnicodeAttribute()
    fecha = UnicodeAttribute()
    valor = NumberAttribute()
    canal = UnicodeAttribute()


@table("affiliate_pbs_cartera")
class PbsCarteraRecord(Model):
    """One row of `cartera_pbs`: what an aportante (independiente or employer) owes for one period."""

    class Meta:
        table_name = "affiliate_pbs_cartera"

    aportante = UnicodeAttribute(hash_key=True)  # identity (persons) or NI#<nit>
    periodo = UnicodeAttribute(range_key=True)
    valor_esperado = NumberAttribute()
    pagado = NumberAttribute()
    saldo = NumberAttribute()
    dias_mora = NumberAttribute()


@table("affiliate_aportes")
class AporteRecord(Model):
    """One row of `aportes` in the cotizante's partition; `aporte` = "<periodo>#<aportante>#<planilla>", so a range
    of months is one Query."""

    class Meta:
        table_name = "affiliate_aportes"

    cotizante = UnicodeAttribute(hash_key=True)  # identity
    aporte = UnicodeAttribute(range_key=True)
    periodo = UnicodeAttribute()
    aportante = UnicodeAttribute()  # identity of the aportante
    aportante_documento = UnicodeAttribute()  # "NI 900123456"
    razon_social = UnicodeAttribute()
    fecha_pago = UnicodeAttribute()
    planilla = UnicodeAttribute()
    operador = UnicodeAttribute()
    ibc = NumberAttribute()
    dias = NumberAttribute()
    valor = NumberAttribute()


@table("affiliate_incapacidades")
class IncapacidadRecord(Model):
    """One row of `incapacidades` in the cotizante's partition; `folio` = "<oficina>#<número de folio>"."""

    class Meta:
        table_name = "affiliate_incapacidades"

    cotizante = UnicodeAttribute(hash_key=True)  # identity
    folio = UnicodeAttribute(range_key=True)
    numero_folio = UnicodeAttribute()
    oficina_folio = UnicodeAttribute()
    aportante = UnicodeAttribute()
    aportante_documento = UnicodeAttribute()
    razon_social = UnicodeAttribute()
    contingencia = UnicodeAttribute()
    fecha_inicio = UnicodeAttribute()
    fecha_fin = UnicodeAttribute()
    dias_solicitados = NumberAttribute()
    dias_acumulados = NumberAttribute()
    prorroga = UnicodeAttribute()  # S | N
    diagnostico = UnicodeAttribute()  # CIE-10
    estado = UnicodeAttribute()
