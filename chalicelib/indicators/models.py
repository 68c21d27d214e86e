"""Authorisations (loaded by ingestion) and the monthly aggregates the Indicadores menu reads."""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model

from chalicelib.common.db import table


@table("authorizations")
class Authorization(Model):
    class Meta:
        table_name = "authorizations"

    provider_id = UnicodeAttribute(hash_key=True)
    authorization_key = UnicodeAttribute(range_key=True)  # f"{fecha_generacion}#{numero_ops}": by month
    numero_ops = UnicodeAttribute()
    sucursal = UnicodeAttribute()
    ambito = UnicodeAttribute()  # AMBITOS code
    grupo_servicio = UnicodeAttribute()  # GRUPOS_SERVICIO code
    fecha_generacion = UnicodeAttribute()
    fecha_utilizacion = UnicodeAttribute(null=True)  # None: never used in SOMA


@table("indicator_aggregates")
class IndicatorCell(Model):
    """Counts of one provider × month of generation × sucursal, per ámbito × grupo de servicio.

    One item per sucursal and month (at most 48 combinations inside), so a year is read in
    12 × sucursales small items rather than one item per combination."""

    class Meta:
        table_name = "indicator_aggregates"

    provider_id = UnicodeAttribute(hash_key=True)
    cell_key = UnicodeAttribute(range_key=True)  # f"{YYYY-MM}#{sucursal}"
    # JSON {"<ambito>#<grupo>": [directed, used, days_to_use]}; days_to_use sums, over the used ones,
    # the days from fecha_generacion to fecha_utilizacion.
    counts = UnicodeAttribute()
