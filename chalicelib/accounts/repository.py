"""Persistence of accounts (PynamoDB): the only module that touches the account tables.

Services receive an `AccountRepository` and a `ThrottleCounters` from the composition root (`wiring.py`);
the unit tests hand them in-memory fakes with the same methods (tests/unit/accounts/fakes.py). Records stay
here: services get and give plain frozen values (values.py), and every change is a method of this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from pynamodb.exceptions import DeleteError, DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.accounts.models import (
    LoginAttemptRecord,
    MembershipRecord,
    PersonRecord,
    ProviderRegistrationRecord,
    RevokedSessionRecord,
)
from chalicelib.accounts.values import Membership, Person, Registration
from chalicelib.common.db import plain, record_of
from chalicelib.common.pagination import Page, query_page
from chalicelib.notifications.outbox import OutboxRepository
from chalicelib.notifications.repository import OutboxMessage
from chalicelib.providers import repository as provider_registry
from chalicelib.providers.repository import Provider

__all__ = ["AccountRepository", "AlreadyExists", "Counter", "ThrottleCounters", "as_membership", "as_person",
           "as_registration"]

as_person = plain(Person)
as_registration = plain(Registration)
_plain_membership = plain(Membership)


def as_membership(record: MembershipRecord) -> Membership:
    membership = _plain_membership(record)
    return replace(membership, menus=frozenset(membership.menus or ()))


class AlreadyExists(Exception):
    pass


def _condition_failed(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


class AccountRepository:
    """Persons, memberships, provider registrations and closed sessions."""

    # -- providers (read from the EPS registry) and their registration
    def get_provider(self, provider_id: str) -> Provider | None:
        return provider_registry.provider(provider_id)

    def get_providers(self, provider_ids: list[str]) -> dict[str, Provider]:
        return provider_registry.providers(provider_ids)

    def get_registration(self, provider_id: str) -> Registration | None:
        try:
            return as_registration(ProviderRegistrationRecord.get(provider_id))
        except DoesNotExist:
            return None

    def is_provider_registered(self, provider_id: str) -> bool:
        registration = self.get_registration(provider_id)
        return registration is not None and registration.state == "ACTIVA"

    def add_application(self, provider_id: str, application_id: str, entry: dict, *, at: datetime, now: int,
                        max_pending: int) -> bool:
        """Add a pending application next to the provider's other live ones (expired ones are dropped).
        False when `max_pending` live applications are already waiting; AlreadyExists once registered."""
        for _ in range(5):  # optimistic lock: a concurrent application makes this one re-read and retry
            current = self.get_registration(provider_id)
            if current is not None and current.state != "PENDIENTE":
                raise AlreadyExists(provider_id)
            live = {k: v for k, v in ((current.pending or {}) if current else {}).items() if v["expires_at"] > now}
            if len(live) >= max_pending:
                return False
            live[application_id] = entry
            revision = int(current.revision or 0) if current else 0
            record = ProviderRegistrationRecord(provider_id, registered_at=current.registered_at if current else at,
                                                state="PENDIENTE", pending=live, revision=revision + 1)
            same_revision = ProviderRegistrationRecord.revision == revision
            if revision == 0:  # an application stored before `revision` existed
                same_revision = same_revision | ProviderRegistrationRecord.revision.does_not_exist()
            condition = (ProviderRegistrationRecord.provider_id.does_not_exist() if current is None
                         else (ProviderRegistrationRecord.state == "PENDIENTE") & same_revision)
            try:
                record.save(condition=condition)
                return True
            except PutError as exc:
                if not _condition_failed(exc):
                    raise
        raise AlreadyExists(provider_id)

    def confirm_registration(self, provider_id: str, terms_version: str | None, at: datetime,
                             person: Person | None, membership: Membership,
                             messages: Sequence[OutboxMessage] = ()) -> None:
        """Confirm the provider's registration (the first confirmation wins), create the person if new, link it
        and queue its emails; all or nothing."""
        registration = ProviderRegistrationRecord(provider_id)
        try:
            with TransactWrite(connection=ProviderRegistrationRecord._get_connection().connection) as tx:
                tx.update(registration, actions=[
                    ProviderRegistrationRecord.state.set("ACTIVA"),
                    ProviderRegistrationRecord.registered_at.set(at),
                    ProviderRegistrationRecord.admin_person_id.set(membership.person_id),
                    ProviderRegistrationRecord.terms_version.set(terms_version),
                    ProviderRegistrationRecord.pending.remove(),
                ], condition=ProviderRegistrationRecord.state == "PENDIENTE")
                if person is not None:
                    tx.save(record_of(PersonRecord, person), condition=PersonRecord.person_id.does_not_exist())
                tx.save(record_of(MembershipRecord, membership), condition=MembershipRecord.person_id.does_not_exist())
                for message in messages:
                    OutboxRepository().transact_save(tx, message)
        except TransactWriteError as exc:
            raise AlreadyExists(str(exc)) from exc

    # -- persons
    def get_person(self, person_id: str) -> Person | None:
        try:
            return as_person(PersonRecord.get(person_id))
        except DoesNotExist:
            return None

    def get_persons(self, person_ids: list[str]) -> dict[str, Person]:
        if not person_ids:
            return {}
        return {p.person_id: as_person(p) for p in PersonRecord.batch_get(person_ids)}

    def add_person(self, person: Person) -> None:
        try:
            record_of(PersonRecord, person).save(condition=PersonRecord.person_id.does_not_exist())
        except PutError as exc:
            raise AlreadyExists(str(exc)) from exc

    @staticmethod
    def _update_person(person: Person, actions: list) -> Person:
        """The person as stored once `actions` applied (UpdateItem answers every attribute)."""
        record = PersonRecord(person.person_id)
        record.update(actions=actions)
        return as_person(record)

    def set_password(self, person: Person, password_hash: str, *, must_change: bool, at: datetime) -> Person:
        """A new password; token_version + 1 closes every session opened with the old one."""
        return self._update_person(person, [
            PersonRecord.password_hash.set(password_hash),
            PersonRecord.must_change_password.set(must_change),
            PersonRecord.token_version.add(1),
            PersonRecord.password_changed_at.set(at),
            PersonRecord.pending_password_hash.remove(),
            PersonRecord.pending_password_expires_at.remove(),
        ])

    def promote_pending_password(self, person: Person, at: datetime) -> Person:
        """First use of an emailed reset password: it becomes the password, and must be changed now."""
        return self.set_password(person, person.pending_password_hash, must_change=True, at=at)

    def drop_pending_password(self, person: Person) -> Person:
        return self._update_person(person, [PersonRecord.pending_password_hash.remove(),
                                            PersonRecord.pending_password_expires_at.remove()])

    def set_pending_password(self, person: Person, password_hash: str, expires_at: int) -> Person:
        return self._update_person(person, [PersonRecord.pending_password_hash.set(password_hash),
                                            PersonRecord.pending_password_expires_at.set(expires_at),
                                            PersonRecord.emailed_password_hash.set(password_hash)])

    def rehash_password(self, person: Person, password_hash: str) -> Person:
        return self._update_person(person, [PersonRecord.password_hash.set(password_hash)])

    def record_consent(self, person: Person, consent: dict) -> Person:
        return self._update_person(person, [PersonRecord.consent.set(consent)])

    # -- memberships
    def get_membership(self, person_id: str, provider_id: str) -> Membership | None:
        try:
            return as_membership(MembershipRecord.get(person_id, provider_id))
        except DoesNotExist:
            return None

    def membership_by_user_id(self, user_id: str, provider_id: str) -> Membership | None:
        """The membership with this opaque id, only if it belongs to `provider_id`."""
        return next((as_membership(m) for m in MembershipRecord.by_user_id.query(user_id)
                     if m.provider_id == provider_id), None)

    def memberships_of(self, person_id: str) -> list[Membership]:
        return [as_membership(m) for m in MembershipRecord.query(person_id)]

    def memberships_page(self, provider_id: str, *, limit: int, cursor: str | None) -> Page[Membership]:
        return query_page(MembershipRecord.by_provider, "provider_id", provider_id, limit=limit, cursor=cursor,
                          as_type=as_membership)

    def add_membership(self, membership: Membership, messages: Sequence[OutboxMessage] = ()) -> None:
        """Link (or invite) a person; the emails it causes are queued in the same transaction."""
        try:
            with TransactWrite(connection=MembershipRecord._get_connection().connection) as tx:
                tx.save(record_of(MembershipRecord, membership), condition=MembershipRecord.person_id.does_not_exist())
                for message in messages:
                    OutboxRepository().transact_save(tx, message)
        except TransactWriteError as exc:
            raise AlreadyExists(str(exc)) from exc

    def add_person_with_membership(self, person: Person, membership: Membership,
                                   messages: Sequence[OutboxMessage] = ()) -> None:
        try:
            with TransactWrite(connection=PersonRecord._get_connection().connection) as tx:
                tx.save(record_of(PersonRecord, person), condition=PersonRecord.person_id.does_not_exist())
                tx.save(record_of(MembershipRecord, membership), condition=MembershipRecord.person_id.does_not_exist())
                for message in messages:
                    OutboxRepository().transact_save(tx, message)
        except TransactWriteError as exc:
            raise AlreadyExists(str(exc)) from exc

    @staticmethod
    def _update_membership(membership: Membership, actions: list, condition=None) -> Membership:
        """The membership as stored once `actions` applied (UpdateItem answers every attribute)."""
        record = MembershipRecord(membership.person_id, membership.provider_id)
        record.update(actions=actions, condition=condition)
        return as_membership(record)

    def edit_membership(self, membership: Membership, values: dict, *, menus: set[str] | None,
                        at: datetime) -> Membership:
        """Set `values`; `menus` replaces the granted menus unless None (unchanged)."""
        actions = [getattr(MembershipRecord, k).set(v) for k, v in values.items()]
        actions.append(MembershipRecord.updated_at.set(at))
        if menus is not None:
            actions.append(MembershipRecord.menus.set(menus) if menus else MembershipRecord.menus.remove())
        return self._update_membership(membership, actions, condition=MembershipRecord.person_id.exists())

    def set_membership_state(self, membership: Membership, state: str, *, at: datetime,
                             close_sessions: bool) -> Membership:
        actions = [MembershipRecord.state.set(state), MembershipRecord.updated_at.set(at)]
        if close_sessions:
            # A set, not an ADD: a row from before this attribute reads as 1.
            actions.append(MembershipRecord.session_version.set(int(membership.session_version) + 1))
        return self._update_membership(membership, actions)

    def change_membership_state(self, person_id: str, provider_id: str, *, expected: str, new: str,
                                at: datetime) -> bool:
        """Move a membership from `expected` to `new`; False when it is not (or no longer) in `expected`."""
        try:
            MembershipRecord(person_id, provider_id).update(
                actions=[MembershipRecord.state.set(new), MembershipRecord.updated_at.set(at)],
                condition=MembershipRecord.state == expected)
        except UpdateError as exc:
            if _condition_failed(exc):
                return False
            raise
        return True

    # -- sessions
    def revoke_session(self, session_id: str, expires_at: int) -> None:
        RevokedSessionRecord(session_id, expires_at=expires_at).save()

    def revoke_session_once(self, session_id: str, expires_at: int) -> bool:
        """Revokes the session unless it already was: False when another request got there first."""
        try:
            RevokedSessionRecord(session_id, expires_at=expires_at).save(
                condition=RevokedSessionRecord.session_id.does_not_exist())
            return True
        except PutError as error:
            if _condition_failed(error):
                return False
            raise

    def is_session_revoked(self, session_id: str) -> bool:
        try:
            RevokedSessionRecord.get(session_id)
            return True
        except DoesNotExist:
            return False


@dataclass(frozen=True, slots=True)
class Counter:
    failures: int
    blocked_until: int


class ThrottleCounters:
    """Counters of failures and rate limits, and one-time codes, in `login_attempts` (keys are HMACs)."""

    def get(self, key: str) -> Counter | None:
        try:
            record = LoginAttemptRecord.get(key)
        except DoesNotExist:
            return None
        return Counter(int(record.failures or 0), int(record.blocked_until or 0))

    def add(self, key: str, expires_at: int) -> int:
        """Atomic (UpdateItem ADD): concurrent failures are all counted. Returns the new count."""
        record = LoginAttemptRecord(key)
        record.update(actions=[LoginAttemptRecord.failures.add(1), LoginAttemptRecord.expires_at.set(expires_at)])
        return int(record.failures)

    def block(self, key: str, until: int) -> None:
        LoginAttemptRecord(key).update(actions=[LoginAttemptRecord.blocked_until.set(until)])

    def clear(self, key: str) -> None:
        LoginAttemptRecord(key).delete()

    def put_code(self, key: str, subject: str, expires_at: int) -> None:
        LoginAttemptRecord(key, subject=subject, expires_at=expires_at).save()

    def take_code(self, key: str, now: int) -> str | None:
        """The subject of a one-time code, deleting it (a second use finds nothing); None if absent or expired."""
        try:
            record = LoginAttemptRecord.get(key)
            record.delete(condition=LoginAttemptRecord.throttle_key.exists())
        except DoesNotExist:
            return None
        except DeleteError as exc:
            if _condition_failed(exc):
                return None
            raise
        return record.subject if (record.expires_at or 0) > now else None
