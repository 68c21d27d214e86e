"""Persistence of affiliates' accounts (PynamoDB): the only module that touches `affiliate_accounts`.

Services get plain frozen `AffiliateAccount` values; the unit tests hand them an in-memory fake with the same
methods (tests/affiliate_accounts/fakes.py)."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist, PutError

from chalicelib.affiliate_accounts.models import AffiliateAccountRecord
from chalicelib.common.db import frozen_type, plain

AffiliateAccount = frozen_type("AffiliateAccount", AffiliateAccountRecord)
_plain = plain(AffiliateAccount)


class AccountExists(Exception):
    pass


def pending_hash(account: AffiliateAccount, now: int) -> str | None:
    """The recovery password while it is usable."""
    if account.pending_password_hash and (account.pending_password_expires_at or 0) > now:
        return account.pending_password_hash
    return None


class AffiliateAccountRepository:
    def get(self, identity: str) -> AffiliateAccount | None:
        try:
            return _plain(AffiliateAccountRecord.get(identity))
        except DoesNotExist:
            return None

    def exists(self, identity: str) -> bool:
        return self.get(identity) is not None

    def create(self, *, identity: str, doc_type: str, doc_number: str, correo: str, celular: str,
               password_hash: str, consent: dict, at: datetime) -> AffiliateAccount:
        """Once per document: AccountExists when the document registered first (a concurrent registration)."""
        record = AffiliateAccountRecord(identity, doc_type=doc_type, doc_number=doc_number, correo=correo,
                                        celular=celular, password_hash=password_hash, must_change_password=True,
                                        token_version=1, created_at=at, emailed_password_hash=password_hash,
                                        consent=consent)
        try:
            record.save(condition=AffiliateAccountRecord.identity.does_not_exist())
        except PutError as exc:
            raise AccountExists(identity) from exc
        return _plain(record)

    def _update(self, identity: str, actions: list) -> AffiliateAccount:
        record = AffiliateAccountRecord(identity)
        record.update(actions=actions, condition=AffiliateAccountRecord.identity.exists())
        return _plain(record)

    def set_password(self, identity: str, password_hash: str, *, must_change: bool, at: datetime) -> AffiliateAccount:
        """A new password; token_version + 1 closes every session opened with the old one."""
        a = AffiliateAccountRecord
        return self._update(identity, [
            a.password_hash.set(password_hash), a.must_change_password.set(must_change), a.token_version.add(1),
            a.password_changed_at.set(at), a.pending_password_hash.remove(), a.pending_password_expires_at.remove()])

    def promote_pending_password(self, account: AffiliateAccount, at: datetime) -> AffiliateAccount:
        """First use of a mailed recovery password: it becomes the password, to be changed now."""
        return self.set_password(account.identity, account.pending_password_hash, must_change=True, at=at)

    def drop_pending_password(self, identity: str) -> AffiliateAccount:
        a = AffiliateAccountRecord
        return self._update(identity, [a.pending_password_hash.remove(), a.pending_password_expires_at.remove()])

    def set_pending_password(self, identity: str, password_hash: str, expires_at: int) -> AffiliateAccount:
        a = AffiliateAccountRecord
        return self._update(identity, [a.pending_password_hash.set(password_hash),
                                       a.pending_password_expires_at.set(expires_at),
                                       a.emailed_password_hash.set(password_hash)])

    def rehash_password(self, identity: str, password_hash: str) -> AffiliateAccount:
        return self._update(identity, [AffiliateAccountRecord.password_hash.set(password_hash)])

    def set_correo(self, identity: str, correo: str) -> AffiliateAccount:
        return self._update(identity, [AffiliateAccountRecord.correo.set(correo)])
