"""Persistence of accounts (PynamoDB). The services see these functions, not the tables."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.accounts.models import (
    MembershipRecord,
    PersonRecord,
    ProviderRegistrationRecord,
    RevokedSessionRecord,
)
from chalicelib.providers.models import ProviderRecord


class AlreadyExists(Exception):
    pass


def utcnow() -> datetime:
    return datetime.now(tz=UTC)


def get_provider(provider_id: str) -> ProviderRecord | None:
    try:
        return ProviderRecord.get(provider_id)
    except DoesNotExist:
        return None


def get_providers(provider_ids: list[str]) -> dict[str, ProviderRecord]:
    if not provider_ids:
        return {}
    return {p.provider_id: p for p in ProviderRecord.batch_get(provider_ids)}


def is_provider_registered(provider_id: str) -> bool:
    try:
        ProviderRegistrationRecord.get(provider_id)
        return True
    except DoesNotExist:
        return False


def get_person(person_id: str) -> PersonRecord | None:
    try:
        return PersonRecord.get(person_id)
    except DoesNotExist:
        return None


def get_membership(person_id: str, provider_id: str) -> MembershipRecord | None:
    try:
        return MembershipRecord.get(person_id, provider_id)
    except DoesNotExist:
        return None


def memberships_of(person_id: str) -> list[MembershipRecord]:
    return list(MembershipRecord.query(person_id))


def add_membership(membership: MembershipRecord) -> None:
    try:
        membership.save(condition=MembershipRecord.person_id.does_not_exist())
    except PutError as exc:
        raise AlreadyExists(str(exc)) from exc


def add_person_with_membership(person: PersonRecord, membership: MembershipRecord) -> None:
    try:
        with TransactWrite(connection=PersonRecord._get_connection().connection) as tx:
            tx.save(person, condition=PersonRecord.person_id.does_not_exist())
            tx.save(membership, condition=MembershipRecord.person_id.does_not_exist())
    except TransactWriteError as exc:
        raise AlreadyExists(str(exc)) from exc


def change_membership_state(person_id: str, provider_id: str, *, expected: str, new: str, at: datetime) -> bool:
    """Move a membership from `expected` to `new`; False when it is not (or no longer) in `expected`."""
    try:
        MembershipRecord(person_id, provider_id).update(
            actions=[MembershipRecord.state.set(new), MembershipRecord.updated_at.set(at)],
            condition=MembershipRecord.state == expected)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def register_provider_admin(registration: ProviderRegistrationRecord, person: PersonRecord | None,
                            membership: MembershipRecord) -> None:
    """Claim the provider, create the person if new and link it, all or nothing."""
    try:
        with TransactWrite(connection=ProviderRegistrationRecord._get_connection().connection) as tx:
            tx.save(registration, condition=ProviderRegistrationRecord.provider_id.does_not_exist())
            if person is not None:
                tx.save(person, condition=PersonRecord.person_id.does_not_exist())
            tx.save(membership, condition=MembershipRecord.person_id.does_not_exist())
    except TransactWriteError as exc:
        raise AlreadyExists(str(exc)) from exc


def revoke_session(session_id: str, expires_at: int) -> None:
    RevokedSessionRecord(session_id, expires_at=expires_at).save()


def is_session_revoked(session_id: str) -> bool:
    try:
        RevokedSessionRecord.get(session_id)
        return True
    except DoesNotExist:
        return False

