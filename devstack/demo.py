"""A small demo dataset: three providers of the EPS registry, one already registered with an administrator."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.accounts.models import MembershipRecord, PersonRecord, ProviderRegistrationRecord
from chalicelib.accounts.permissions import Role
from chalicelib.common.identifiers import nit_check_digit
from chalicelib.providers.models import ProviderRecord, Sucursal
from chalicelib.security.passwords import hash_password

DEMO_ADMIN = {"tipo_documento": "CC", "numero_documento": "1000000001", "contrasena": "DemoPrestador2024"}

PROVIDERS = [
    ("900123456", "Clínica Demo del Valle S.A.S.", "Valle del Cauca", "Cali"),
    ("800200300", "Hospital Universitario Andino E.S.E.", "Cundinamarca", "Soacha"),
    ("890300400", "IPS Salud Caribe Ltda.", "Atlántico", "Barranquilla"),
]


def load_registry() -> None:
    for nit, name, departamento, ciudad in PROVIDERS:
        ProviderRecord(f"NI#{nit}", doc_type="NI", doc_number=nit, check_digit=nit_check_digit(nit),
                       razon_social=name,
                       sucursales=[Sucursal(code="001", name="Sede principal", departamento=departamento,
                                            ciudad=ciudad)]).save()


def load_registered_admin() -> None:
    now = datetime.now(tz=UTC)
    person_id = f"CC#{DEMO_ADMIN['numero_documento']}"
    provider_id = f"NI#{PROVIDERS[0][0]}"
    PersonRecord(person_id, doc_type="CC", doc_number=DEMO_ADMIN["numero_documento"], primer_nombre="Laura",
                 primer_apellido="Restrepo", correo="laura.restrepo@clinicademo.example.co", celular="3001112233",
                 password_hash=hash_password(DEMO_ADMIN["contrasena"]), must_change_password=False,
                 token_version=1, created_at=now).save()
    MembershipRecord(person_id, provider_id, role=Role.ADMINISTRADOR.value, menus=set(), state="ACTIVA",
                     primer_nombre="Laura", primer_apellido="Restrepo",
                     cargo="Jefe de cartera", area="Financiera", departamento="Valle del Cauca", ciudad="Cali",
                     correo="laura.restrepo@clinicademo.example.co", celular="3001112233",
                     created_at=now, updated_at=now).save()
    ProviderRegistrationRecord(provider_id, admin_person_id=person_id, registered_at=now).save()


def load() -> None:
    load_registry()
    load_registered_admin()
