"""Persistence of accounts (PynamoDB). The services see these functions, not the tables."""

from __future__ import annotations

from datetime import datetime

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


def get_provider(provider_id: str) -> ProviderRecord | None:
    try:
        return ProviderRecord.get(provider_id)
    except DoesNotExist:
        return None


def get_providers(provider_ids: list[str]) -> dict[str, ProviderRecord]:
    if not provider_ids:
        return {}
    return {p.provider_id: p for p in ProviderRecord.batch_get(provider_ids)}


def get_registration(provider_id: str) -> ProviderRegistrationRecord | None:
    try:
        return ProviderRegistrationRecord.get(provider_id)
    except DoesNotExist:
        return None


def is_provider_registered(provider_id: str) -> bool:
    registration = get_registration(provider_id)
    return registration is not None and registration.state == "ACTIVA"


def save_application(application: ProviderRegistrationRecord) -> None:
    """Store a pending application; it replaces a pending one, never a confirmed registration."""
    try:
        application.save(condition=ProviderRegistrationRecord.provider_id.does_not_exist()
                         | (ProviderRegistrationRecord.state == "PENDIENTE"))
    except PutError as exc:
        raise AlreadyExists(str(exc)) from exc


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


def membership_by_user_id(user_id: str, provider_id: str) -> MembershipRecord | None:
    """The membership with this opaque id, only if it belongs to `provider_id`."""
    return next((m for m in MembershipRecord.by_user_id.query(user_id) if m.provider_id == provider_id), None)


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


def confirm_registration(provider_id: str, code_hash: str, at: datetime, person: PersonRecord | None,
                         membership: MembershipRecord) -> None:
    """Confirm the pending application with this code, create the person if new and link it; all or nothing."""
    registration = ProviderRegistrationRecord(provider_id)
    try:
        with TransactWrite(connection=ProviderRegistrationRecord._get_connection().connection) as tx:
            tx.update(registration, actions=[
                ProviderRegistrationRecord.state.set("ACTIVA"),
                ProviderRegistrationRecord.registered_at.set(at),
                ProviderRegistrationRecord.admin_person_id.set(membership.person_id),
                ProviderRegistrationRecord.code_hash.remove(),
                ProviderRegistrationRecord.expires_at.remove(),
                ProviderRegistrationRecord.application.remove(),
            ], condition=(ProviderRegistrationRecord.state == "PENDIENTE")
                & (ProviderRegistrationRecord.code_hash == code_hash))
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

