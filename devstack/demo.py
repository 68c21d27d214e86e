"""The demo dataset of `make run`: EPS data generated and loaded through the real ingestion pipeline,
plus accounts (which are not EPS data): one registered provider administrator, one operator and the demo
affiliate cotizante."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from chalicelib.accounts.consent import ConsentChannel, consent_record
from chalicelib.accounts.models import MembershipRecord, PersonRecord, ProviderRegistrationRecord
from chalicelib.accounts.people import new_membership, new_person
from chalicelib.accounts.permissions import Role
from chalicelib.affiliate_accounts.terms import TERMS_VERSION
from chalicelib.affiliates import demo as affiliates
from chalicelib.authorizations.presolicitudes_demo import load_pending
from chalicelib.common import clock
from chalicelib.common.db import record_of
from chalicelib.common.identifiers import DocumentType
from chalicelib.ingest.schemas import SCHEMAS
from chalicelib.operations.accounts import create_operator
from chalicelib.pqrs import demo as pqrs_demo
from chalicelib.security.passwords import hash_password
from devstack.demodata import DEMO_NIT, generate
from devstack.uploads import upload_and_wait

SCALE = {"providers": 4, "invoices_per_provider": 40, "seed": 7}
DEMO_ADMIN = {"tipo_documento": "CC", "numero_documento": "1000000001", "contrasena": "DemoPrestador2024"}
DEMO_OPERATOR = {"tipo_documento": "CC", "numero_documento": "1000000009", "contrasena": "DemoOperador2024"}
# The demo cotizante (chalicelib/affiliates/demo.py), registered so a newcomer enters the affiliates' portal at once.
DEMO_AFFILIATE = {"tipo_documento": affiliates.COTIZANTE.doc_type, "numero_documento": affiliates.COTIZANTE.doc_number,
                  "contrasena": "DemoAfiliado2024"}


def generate_files(out_dir: Path) -> dict[str, int]:
    return generate(out_dir, **SCALE)


def providers_in(out_dir: Path) -> list[tuple[str, str]]:
    """(NIT with check digit, razón social) of the generated registry, in file order."""
    with (out_dir / "providers.csv").open(encoding="utf-8") as handle:
        seen: dict[str, str] = {}
        for row in csv.DictReader(handle):
            seen.setdefault(row["NIT"], row["Razón social"])
    return list(seen.items())


def load_through_pipeline(s3, bucket: str, out_dir: Path) -> list:
    return [upload_and_wait(s3, bucket, f"ingest/{entity}/demo-{entity}.csv",
                            (out_dir / f"{entity}.csv").read_bytes(), timeout=300)
            for entity in SCHEMAS]


def load_accounts() -> None:
    now = clock.utcnow()
    person_id = f"CC#{DEMO_ADMIN['numero_documento']}"
    provider_id = f"NI#{DEMO_NIT}"
    contact = {"primer_nombre": "Laura", "primer_apellido": "Restrepo", "celular": "3001112233",
               "correo": "laura.restrepo@clinicademo.example.co"}
    person, _ = new_person(person_id, "CC", DEMO_ADMIN["numero_documento"], now=now,
                           password=DEMO_ADMIN["contrasena"], must_change_password=False, **contact,
                           consent=consent_record(ConsentChannel.REGISTRATION, "127.0.0.1", now))  # as registered
    membership = new_membership(person_id, provider_id, Role.ADMINISTRADOR, cargo="Jefe de cartera", area="Financiera",
                                departamento="Valle del Cauca", ciudad="Cali", now=now, **contact)
    record_of(PersonRecord, person).save()
    record_of(MembershipRecord, membership).save()
    ProviderRegistrationRecord(provider_id, admin_person_id=person_id, registered_at=now).save()
    create_operator(DocumentType.CC, DEMO_OPERATOR["numero_documento"], primer_nombre="Olga",
                    primer_apellido="Mejía", correo="olga.mejia@eps.example.co",
                    password=DEMO_OPERATOR["contrasena"], must_change_password=False)


def load_affiliate_account() -> None:
    """The demo cotizante's account, as registration leaves it (his extract's email and celular, the terms accepted)
    but with a known password that needs no change; the affiliates' data must be loaded first."""
    from chalicelib import wiring

    cotizante = wiring.affiliate_directory().find(affiliates.COTIZANTE.identity)
    if cotizante is None:
        raise RuntimeError("the demo cotizante is not in the loaded afiliados extract")
    accounts, now = wiring.affiliate_accounts_repository(), clock.utcnow()
    password_hash = hash_password(DEMO_AFFILIATE["contrasena"])
    accounts.create(identity=cotizante.identity, doc_type=cotizante.doc_type, doc_number=cotizante.doc_number,
                    correo=cotizante.contact.correo, celular=cotizante.contact.celular, password_hash=password_hash,
                    consent=consent_record(ConsentChannel.AFFILIATE_REGISTRATION, "127.0.0.1", now,
                                           version=TERMS_VERSION), at=now)
    accounts.set_password(cotizante.identity, password_hash, must_change=False, at=now)


def load_pending_presolicitud() -> None:
    """A presolicitud RADICADA of the demo cotizante's daughter, for the operators' queue (issue 24)."""
    from chalicelib import wiring

    load_pending(wiring.affiliate_presolicitudes())

def load_payments() -> None:
    """The demo cotizante's portal payments: one approved, one rejected (chalicelib/online_payments/demo.py)."""
    from chalicelib import wiring
    from chalicelib.online_payments import demo as payments

    payments.load(wiring.online_payments(), wiring.payment_gateway())


def load(s3, bucket: str) -> list[tuple[str, str]]:
    """Load everything; returns the providers of the registry (for the banner)."""
    with tempfile.TemporaryDirectory(prefix="demo-") as folder:
        out_dir = Path(folder)
        generate_files(out_dir)
        failed = [job for job in load_through_pipeline(s3, bucket, out_dir) if job.status != "FINALIZADO"]
        if failed:
            raise RuntimeError(f"demo data did not load cleanly: {[(j.entity, j.status, j.error) for j in failed]}")
        providers = providers_in(out_dir)
    load_accounts()
    load_affiliate_account()
    load_pending_presolicitud()
    load_payments()
    from chalicelib import wiring  # bound to the stack's tables by now
    pqrs_demo.load(wiring.pqrs_store(), wiring.affiliate_directory(), affiliates.COTIZANTE.identity, clock.now())
    return providers
