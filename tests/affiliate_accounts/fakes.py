"""In-memory stand-ins for the affiliate account services' unit tests (no moto, no AWS).

`MiniDirectory` is the part of AffiliateDirectory these services use (find, find_by_ref); the DATA helper's
tests/affiliates/fakes.FakeAffiliateDirectory can replace it once merged."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime

from chalicelib.affiliate_accounts.repository import AccountExists, AffiliateAccount
from chalicelib.affiliates.types import Affiliate, Contact, TipoAfiliado, TipoCotizante
from chalicelib.common.identifiers import identity_key


def affiliate(doc_type: str = "CC", doc_number: str = "1032456789", **overrides) -> Affiliate:
    identity = identity_key(doc_type, doc_number)
    values = dict(
        identity=identity, ref="ref-" + hashlib.sha256(identity.encode()).hexdigest()[:16], doc_type=doc_type,
        doc_number=doc_number, primer_nombre="WARNER", segundo_nombre="FERNANDO", primer_apellido="GÓMEZ",
        segundo_apellido="RUIZ", fecha_nacimiento=date(1977, 1, 23), genero="M", regimen="CONTRIBUTIVO",
        tipo_afiliado=TipoAfiliado.COTIZANTE, tipo_cotizante=TipoCotizante.DEPENDIENTE, estado_afiliacion="ACTIVO",
        derecho="PLENO", rango_salarial="A", recien_nacido=False, fecha_afiliacion=date(2010, 2, 1),
        ips_primaria_nit="900123456", ips_primaria_sucursal="001",
        contact=Contact(correo="warner.gomez@correo.example.co", celular="3104567890",
                        direccion_residencia="CALLE 5 # 38-25", ciudad_residencia="Cali",
                        departamento_residencia="Valle del Cauca"),
        extract_date=date(2026, 3, 1),
    )
    values.update(overrides)
    return Affiliate(**values)


class MiniDirectory:
    def __init__(self, *people: Affiliate):
        self.affiliates = {p.identity: p for p in people}

    def add(self, person: Affiliate) -> Affiliate:
        self.affiliates[person.identity] = person
        return person

    def find(self, identity):
        return self.affiliates.get(identity)

    def find_by_ref(self, ref):
        return next((a for a in self.affiliates.values() if a.ref == ref), None)


class FakeAffiliateAccounts:
    """Same methods and conditions as AffiliateAccountRepository."""

    def __init__(self):
        self.accounts: dict[str, AffiliateAccount] = {}

    def get(self, identity):
        return self.accounts.get(identity)

    def exists(self, identity):
        return identity in self.accounts

    def create(self, *, identity, doc_type, doc_number, correo, celular, password_hash, consent, at: datetime):
        if identity in self.accounts:
            raise AccountExists(identity)
        self.accounts[identity] = AffiliateAccount(
            identity=identity, doc_type=doc_type, doc_number=doc_number, correo=correo, celular=celular,
            password_hash=password_hash, must_change_password=True, token_version=1, created_at=at,
            password_changed_at=None, pending_password_hash=None, pending_password_expires_at=None,
            emailed_password_hash=password_hash, consent=consent)
        return self.accounts[identity]

    def _set(self, identity, **values):
        self.accounts[identity] = replace(self.accounts[identity], **values)
        return self.accounts[identity]

    def set_password(self, identity, password_hash, *, must_change, at):
        return self._set(identity, password_hash=password_hash, must_change_password=must_change,
                         token_version=self.accounts[identity].token_version + 1, password_changed_at=at,
                         pending_password_hash=None, pending_password_expires_at=None)

    def promote_pending_password(self, account, at):
        return self.set_password(account.identity, account.pending_password_hash, must_change=True, at=at)

    def drop_pending_password(self, identity):
        return self._set(identity, pending_password_hash=None, pending_password_expires_at=None)

    def set_pending_password(self, identity, password_hash, expires_at):
        return self._set(identity, pending_password_hash=password_hash, pending_password_expires_at=expires_at,
                         emailed_password_hash=password_hash)

    def rehash_password(self, identity, password_hash):
        return self._set(identity, password_hash=password_hash)

    def set_correo(self, identity, correo):
        return self._set(identity, correo=correo)
