"""The EPS's provider registry (prestadores), loaded from the EPS's own extracts."""

from pynamodb.attributes import BooleanAttribute, ListAttribute, MapAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.common.db import table


class Sucursal(MapAttribute):
    code = UnicodeAttribute()
    name = UnicodeAttribute()
    departamento = UnicodeAttribute(null=True)
    ciudad = UnicodeAttribute(null=True)  # the municipio (DIVIPOLA name when the extract's matches one)
    # The affiliates' IPS network (issue 23): where an affiliate is sent, and whether it can be chosen as primary.
    direccion = UnicodeAttribute(null=True)
    telefono = UnicodeAttribute(null=True)
    ips_primaria = BooleanAttribute(default=False)


@table("providers")
class ProviderRecord(Model):
    class Meta:
        table_name = "providers"

    provider_id = UnicodeAttribute(hash_key=True)  # identity_key(doc_type, number), e.g. "NI#900123456"
    doc_type = UnicodeAttribute()
    doc_number = UnicodeAttribute()  # without NIT check digit
    check_digit = UnicodeAttribute(null=True)
    razon_social = UnicodeAttribute()
    # Where the EPS writes to the provider; portal registration is confirmed through it (docs/security.md).
    notification_email = UnicodeAttribute(null=True)
    sucursales = ListAttribute(of=Sucursal, default=list)
