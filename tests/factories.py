"""Test data written through the real repositories."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.accounts.models import MembershipRecord, PersonRecord, ProviderRegistrationRecord
from chalicelib.common.identifiers import nit_check_digit
from chalicelib.providers.models import ProviderRecord, Sucursal
from chalicelib.security.passwords import hash_password

PASSWORD = "Clave2024segura"


def registry_email(nit: str) -> str:
    return f"notificaciones{nit}@prestador.example.co"


def provider(nit: str = "900123456", razon_social: str = "Clínica Demo del Valle S.A.S.",
             notification_email: str | None = "registry") -> ProviderRecord:
    if notification_email == "registry":
        notification_email = registry_email(nit)
    record = ProviderRecord(f"NI#{nit}", doc_type="NI", doc_number=nit, check_digit=nit_check_digit(nit),
                            razon_social=razon_social, notification_email=notification_email,
                            sucursales=[Sucursal(code="001", name="Sede principal", departamento="Valle del Cauca",
                                                 ciudad="Cali")])
    record.save()
    return record


def nit_with_dv(nit: str) -> str:
    return f"{nit}-{nit_check_digit(nit)}"


def person(doc: str = "1032456789", password: str = PASSWORD, must_change: bool = False) -> PersonRecord:
    now = datetime.now(tz=UTC)
    record = PersonRecord(f"CC#{doc}", doc_type="CC", doc_number=doc, primer_nombre="Ana", primer_apellido="Gómez",
                          correo=f"u{doc}@clinica.example.co", celular="3001234567",
                          password_hash=hash_password(password), must_change_password=must_change,
                          token_version=1, created_at=now)
    record.save()
    return record


def membership(person_record: PersonRecord, provider_record: ProviderRecord, role: str = "ADMINISTRADOR",
               menus: set[str] | None = None, state: str = "ACTIVA") -> MembershipRecord:
    now = datetime.now(tz=UTC)
    record = MembershipRecord(person_record.person_id, provider_record.provider_id, role=role, menus=menus or set(),
                              primer_nombre=person_record.primer_nombre, primer_apellido=person_record.primer_apellido,
                              state=state, cargo="Analista", area="Cartera", departamento="Valle del Cauca",
                              ciudad="Cali", correo=person_record.correo, created_at=now, updated_at=now)
    record.save()
    if role == "ADMINISTRADOR":
        ProviderRegistrationRecord(provider_record.provider_id, admin_person_id=person_record.person_id,
                                   registered_at=now).save()
    return record
