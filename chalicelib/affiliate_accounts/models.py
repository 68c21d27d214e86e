"""Affiliates' portal accounts: one per person (document), apart from the providers' `persons`."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.common.db import table


@table("affiliate_accounts")
class AffiliateAccountRecord(Model):
    class Meta:
        table_name = "affiliate_accounts"

    identity = UnicodeAttribute(hash_key=True)  # identity_key(doc_type, number), as in `afiliados`
    doc_type = UnicodeAttribute()
    doc_number = UnicodeAttribute()
    correo = UnicodeAttribute()  # contact only: the login is by document (issue 23, seed line 243)
    celular = UnicodeAttribute()
    password_hash = UnicodeAttribute()
    must_change_password = BooleanAttribute(default=True)
    # Bumped on password change/reset: tokens carrying an older version stop working at once.
    token_version = NumberAttribute(default=1)
    created_at = UTCDateTimeAttribute()
    password_changed_at = UTCDateTimeAttribute(null=True)
    # "Olvidé mi contraseña": a second credential that replaces the password only when used (as for providers).
    pending_password_hash = UnicodeAttribute(null=True)
    pending_password_expires_at = NumberAttribute(null=True)
    emailed_password_hash = UnicodeAttribute(null=True)  # never accepted as the password the person chooses
    # Ley 1581: {"version", "aceptado_en", "canal", "ip"} of the terms and data policy accepted when registering.
    consent = JSONAttribute()
