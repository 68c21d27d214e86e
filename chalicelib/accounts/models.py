"""Provider portal accounts: a person (one password) linked to one or more providers."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.accounts.values import new_user_id
from chalicelib.common.db import table


@table("persons")
class PersonRecord(Model):
    """Credentials and personal data of one person, whatever providers they work for."""

    class Meta:
        table_name = "persons"

    person_id = UnicodeAttribute(hash_key=True)  # identity_key(doc_type, number), e.g. "CC#1032456789"
    doc_type = UnicodeAttribute()
    doc_number = UnicodeAttribute()
    primer_nombre = UnicodeAttribute()
    segundo_nombre = UnicodeAttribute(null=True)
    primer_apellido = UnicodeAttribute()
    segundo_apellido = UnicodeAttribute(null=True)
    correo = UnicodeAttribute()
    celular = UnicodeAttribute(null=True)
    password_hash = UnicodeAttribute()
    must_change_password = BooleanAttribute(default=False)
    # Bumped on password change/reset: tokens carrying an older version stop working at once.
    token_version = NumberAttribute(default=1)
    created_at = UTCDateTimeAttribute()
    password_changed_at = UTCDateTimeAttribute(null=True)
    # "Olvidé mi contraseña" issues a second credential: it replaces the password only when it is used,
    # so a stranger who knows a document number can neither lock the person out nor close their sessions.
    pending_password_hash = UnicodeAttribute(null=True)
    pending_password_expires_at = NumberAttribute(null=True)
    # The last password the portal generated and emailed: never accepted as the one the person chooses.
    emailed_password_hash = UnicodeAttribute(null=True)
    # Ley 1581 authorisation: {"version", "aceptado_en", "canal", "ip"} of the data-processing policy accepted.
    consent = JSONAttribute(null=True)


class MembershipsByProvider(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_provider"
        projection = AllProjection()

    provider_id = UnicodeAttribute(hash_key=True)
    person_id = UnicodeAttribute(range_key=True)


class MembershipsByUserId(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_user_id"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)


@table("memberships")
class MembershipRecord(Model):
    """A person's role, granted menus and state in one provider."""

    class Meta:
        table_name = "memberships"

    person_id = UnicodeAttribute(hash_key=True)
    provider_id = UnicodeAttribute(range_key=True)
    by_provider = MembershipsByProvider()
    # The id an administrator's URLs use for this person in this provider: opaque, and different in each
    # provider, so no document number reaches access logs and ids do not correlate across providers.
    user_id = UnicodeAttribute(default_for_new=new_user_id)
    by_user_id = MembershipsByUserId()
    role = UnicodeAttribute()  # ADMINISTRADOR | DELEGADO
    # Names as this provider registered them; the person's own record keeps the first ones given.
    primer_nombre = UnicodeAttribute()
    segundo_nombre = UnicodeAttribute(null=True)
    primer_apellido = UnicodeAttribute()
    segundo_apellido = UnicodeAttribute(null=True)
    menus = UnicodeSetAttribute(default=set)
    # ACTIVA | INACTIVA, or PENDIENTE → ACTIVA | RECHAZADA: a person who already had an account joins
    # another provider only by accepting its invitation (MembershipState).
    state = UnicodeAttribute(default="ACTIVA")
    cargo = UnicodeAttribute()
    area = UnicodeAttribute()
    departamento = UnicodeAttribute(null=True)  # None for EPS operators
    ciudad = UnicodeAttribute(null=True)
    telefono = UnicodeAttribute(null=True)
    extension = UnicodeAttribute(null=True)
    celular = UnicodeAttribute(null=True)
    correo = UnicodeAttribute()
    fin_vigencia = UnicodeAttribute(default="9999-12-31")
    # Bumped on inactivation: tokens for this provider issued before it stay dead after a re-activation.
    session_version = NumberAttribute(default=1)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


@table("login_attempts")
class LoginAttemptRecord(Model):
    """Failed-login counters for throttling and one-time unlock codes; keys never hold a document number in
    clear."""

    class Meta:
        table_name = "login_attempts"

    throttle_key = UnicodeAttribute(hash_key=True)
    failures = NumberAttribute(default=0)
    blocked_until = NumberAttribute(default=0)
    expires_at = NumberAttribute()  # DynamoDB TTL
    subject = UnicodeAttribute(null=True)  # whom a one-time code (e.g. an unlock link) is for


@table("revoked_sessions")
class RevokedSessionRecord(Model):
    """Sessions closed by logout before their token expired."""

    class Meta:
        table_name = "revoked_sessions"

    session_id = UnicodeAttribute(hash_key=True)
    expires_at = NumberAttribute()  # DynamoDB TTL


@table("provider_registrations")
class ProviderRegistrationRecord(Model):
    """One per provider. While PENDIENTE it holds every live application (`pending`), each with the hash of its
    own code mailed to the provider's address in the EPS registry: a newer application never replaces an older
    one. Confirming one makes the record ACTIVA for good and drops the others."""

    class Meta:
        table_name = "provider_registrations"

    provider_id = UnicodeAttribute(hash_key=True)
    admin_person_id = UnicodeAttribute(null=True)  # set when an application is confirmed
    registered_at = UTCDateTimeAttribute()  # first application, then the confirmation
    state = UnicodeAttribute(default="ACTIVA")  # PENDIENTE | ACTIVA
    # {application id: {"code_hash", "expires_at" (epoch s), "created_at" (epoch s), "form"}}, until confirmed
    pending = JSONAttribute(null=True)
    revision = NumberAttribute(default=0)  # optimistic lock of `pending`: concurrent applications never lose one
    terms_version = UnicodeAttribute(null=True)  # the Contrato de términos y condiciones the administrator accepted
