"""In-memory stand-ins of the account repositories, audit trail, mailer and background invoker: the account
services' unit tests run on these, with no moto and no AWS. Same methods, same rules (conditional writes
refuse what DynamoDB's conditions would)."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from chalicelib.accounts.repository import AlreadyExists, Counter
from chalicelib.accounts.values import Membership, Person, Registration
from chalicelib.common.identifiers import nit_check_digit
from chalicelib.common.pagination import Page
from chalicelib.providers.models import ProviderRecord, Sucursal
from chalicelib.providers.repository import Provider, as_provider
from chalicelib.security.passwords import hash_password

PASSWORD = "Clave2024segura"
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
KEY = b"k" * 32


def provider(nit: str = "900123456", razon_social: str = "Clínica Demo del Valle S.A.S.",
             email: str | None = "notificaciones@prestador.example.co") -> Provider:
    return as_provider(ProviderRecord(f"NI#{nit}", doc_type="NI", doc_number=nit, check_digit=nit_check_digit(nit),
                                      razon_social=razon_social, notification_email=email,
                                      sucursales=[Sucursal(code="001", name="Sede", departamento="Valle del Cauca",
                                                           ciudad="Cali")]))


def person(doc: str = "1032456789", password: str = PASSWORD) -> Person:
    return Person(person_id=f"CC#{doc}", doc_type="CC", doc_number=doc, primer_nombre="Ana", primer_apellido="Gómez",
                  correo=f"u{doc}@clinica.example.co", password_hash=hash_password(password),
                  must_change_password=False, token_version=1, created_at=NOW)


def membership(who: Person, where: Provider, role: str = "ADMINISTRADOR", state: str = "ACTIVA",
               menus: set[str] | None = None) -> Membership:
    return Membership(person_id=who.person_id, provider_id=where.provider_id, role=role,
                      menus=frozenset(menus or ()), state=state, primer_nombre=who.primer_nombre,
                      primer_apellido=who.primer_apellido, cargo="Analista", area="Cartera",
                      departamento="Valle del Cauca", ciudad="Cali", correo=who.correo, created_at=NOW, updated_at=NOW)


class FakeAccountRepository:
    """Stores the values the services hand in; a change replaces the stored value, as an UpdateItem changes only
    the attributes it names in the stored item (not in the caller's copy)."""

    def __init__(self):
        self.providers: dict[str, Provider] = {}
        self.registrations: dict[str, Registration] = {}
        self.persons: dict[str, Person] = {}
        self.memberships: dict[tuple[str, str], Membership] = {}
        self.revoked: set[str] = set()
        self.queued: list = []  # emails written in the same transaction as a state change

    def add(self, *values) -> None:
        """Test data: providers, persons and memberships as they would already be stored."""
        for value in values:
            if isinstance(value, Provider):
                self.providers[value.provider_id] = value
            elif isinstance(value, Person):
                self.persons[value.person_id] = value
            elif isinstance(value, Membership):
                self.memberships[(value.person_id, value.provider_id)] = value
            else:
                raise TypeError(value)

    # providers and registration
    def get_provider(self, provider_id):
        return self.providers.get(provider_id)

    def get_providers(self, provider_ids):
        return {i: self.providers[i] for i in provider_ids if i in self.providers}

    def get_registration(self, provider_id):
        return self.registrations.get(provider_id)

    def is_provider_registered(self, provider_id):
        registration = self.registrations.get(provider_id)
        return registration is not None and registration.state == "ACTIVA"

    def add_application(self, provider_id, application_id, entry, *, at, now, max_pending):
        current = self.registrations.get(provider_id)
        if current is not None and current.state != "PENDIENTE":
            raise AlreadyExists(provider_id)
        live = {k: v for k, v in ((current.pending or {}) if current else {}).items() if v["expires_at"] > now}
        if len(live) >= max_pending:
            return False
        live[application_id] = entry
        self.registrations[provider_id] = Registration(
            provider_id=provider_id, registered_at=current.registered_at if current else at, state="PENDIENTE",
            pending=live, revision=(int(current.revision or 0) if current else 0) + 1)
        return True

    def confirm_registration(self, provider_id, terms_version, at, person, membership, messages=()):
        registration = self.registrations.get(provider_id)
        if (registration is None or registration.state != "PENDIENTE"
                or (person is not None and person.person_id in self.persons)
                or (membership.person_id, membership.provider_id) in self.memberships):
            raise AlreadyExists(provider_id)
        self.registrations[provider_id] = replace(registration, state="ACTIVA", registered_at=at, pending=None,
                                                  admin_person_id=membership.person_id, terms_version=terms_version)
        if person is not None:
            self.persons[person.person_id] = person
        self.memberships[(membership.person_id, membership.provider_id)] = membership
        self.queued.extend(messages)

    # persons
    def get_person(self, person_id):
        return self.persons.get(person_id)

    def get_persons(self, person_ids):
        return {i: self.persons[i] for i in person_ids if i in self.persons}

    def add_person(self, person):
        if person.person_id in self.persons:
            raise AlreadyExists(person.person_id)
        self.persons[person.person_id] = person

    def _update_person(self, person, **changes):
        stored = self.persons.get(person.person_id)
        updated = replace(stored, **changes)
        self.persons[person.person_id] = updated
        return updated

    def set_password(self, person, password_hash, *, must_change, at):
        stored = self.persons[person.person_id]
        return self._update_person(person, password_hash=password_hash, must_change_password=must_change,
                                   token_version=int(stored.token_version) + 1, password_changed_at=at,
                                   pending_password_hash=None, pending_password_expires_at=None)

    def promote_pending_password(self, person, at):
        return self.set_password(person, person.pending_password_hash, must_change=True, at=at)

    def drop_pending_password(self, person):
        return self._update_person(person, pending_password_hash=None, pending_password_expires_at=None)

    def set_pending_password(self, person, password_hash, expires_at):
        return self._update_person(person, pending_password_hash=password_hash, emailed_password_hash=password_hash,
                                   pending_password_expires_at=expires_at)

    def rehash_password(self, person, password_hash):
        return self._update_person(person, password_hash=password_hash)

    def record_consent(self, person, consent):
        return self._update_person(person, consent=consent)

    # memberships
    def get_membership(self, person_id, provider_id):
        return self.memberships.get((person_id, provider_id))

    def membership_by_user_id(self, user_id, provider_id):
        return next((m for m in self.memberships.values()
                     if m.user_id == user_id and m.provider_id == provider_id), None)

    def memberships_of(self, person_id):
        return sorted((m for (p, _), m in self.memberships.items() if p == person_id), key=lambda m: m.provider_id)

    def memberships_page(self, provider_id, *, limit, cursor):
        found = sorted((m for m in self.memberships.values() if m.provider_id == provider_id),
                       key=lambda m: m.person_id)
        start = int(cursor or 0)
        following = str(start + limit) if start + limit < len(found) else None
        return Page(found[start:start + limit], following)

    def add_membership(self, membership, messages=()):
        if (membership.person_id, membership.provider_id) in self.memberships:
            raise AlreadyExists(membership.person_id)
        self.memberships[(membership.person_id, membership.provider_id)] = membership
        self.queued.extend(messages)

    def add_person_with_membership(self, person, membership, messages=()):
        if person.person_id in self.persons or (membership.person_id, membership.provider_id) in self.memberships:
            raise AlreadyExists(person.person_id)
        self.persons[person.person_id] = person
        self.memberships[(membership.person_id, membership.provider_id)] = membership
        self.queued.extend(messages)

    def _update_membership(self, membership, **changes):
        key = (membership.person_id, membership.provider_id)
        updated = replace(self.memberships[key], **changes)
        self.memberships[key] = updated
        return updated

    def edit_membership(self, membership, values, *, menus, at):
        changes = dict(values, updated_at=at)
        if menus is not None:
            changes["menus"] = frozenset(menus)
        return self._update_membership(membership, **changes)

    def set_membership_state(self, membership, state, *, at, close_sessions):
        changes = {"state": state, "updated_at": at}
        if close_sessions:
            changes["session_version"] = int(membership.session_version) + 1
        return self._update_membership(membership, **changes)

    def change_membership_state(self, person_id, provider_id, *, expected, new, at):
        stored = self.memberships.get((person_id, provider_id))
        if stored is None or stored.state != expected:
            return False
        self._update_membership(stored, state=new, updated_at=at)
        return True

    # sessions
    def revoke_session(self, session_id, expires_at):
        self.revoked.add(session_id)

    def revoke_session_once(self, session_id, expires_at):
        if session_id in self.revoked:
            return False
        self.revoked.add(session_id)
        return True

    def is_session_revoked(self, session_id):
        return session_id in self.revoked


class FakeCounters:
    def __init__(self):
        self.items: dict[str, dict] = {}

    def get(self, key):
        item = self.items.get(key)
        return Counter(item.get("failures", 0), item.get("blocked_until", 0)) if item else None

    def add(self, key, expires_at):
        item = self.items.setdefault(key, {})
        item["failures"] = item.get("failures", 0) + 1
        item["expires_at"] = expires_at
        return item["failures"]

    def block(self, key, until):
        self.items.setdefault(key, {})["blocked_until"] = until

    def clear(self, key):
        self.items.pop(key, None)

    def put_code(self, key, subject, expires_at):
        self.items[key] = {"subject": subject, "expires_at": expires_at}

    def take_code(self, key, now):
        item = self.items.pop(key, None)
        return item["subject"] if item and item["expires_at"] > now else None


class Details(dict):
    def as_dict(self) -> dict:  # what a stored MapAttribute answers
        return dict(self)


@dataclass
class Event:
    event: str
    provider_id: str | None
    actor_id: str | None
    subject_id: str | None
    source_ip: str | None
    details: dict | None
    at: str = "2026-03-02T10:00:00-05:00"


class FakeTrail:
    def __init__(self):
        self.events: list[Event] = []

    def record(self, event, *, provider_id, actor_id=None, subject_id=None, source_ip=None, details=None):
        self.events.append(Event(event.value, provider_id, actor_id, subject_id, source_ip,
                                 Details(details) if details else None))

    def list_events(self, provider_id, *, limit, cursor=None):
        return Page([e for e in reversed(self.events) if e.provider_id == provider_id][:limit], None)

    def of(self, event) -> list[Event]:
        return [e for e in self.events if e.event == event.value]


class FakeOutbox:
    """The outbox as the services see it: `message` + `deliver` around a transaction, or `send`."""

    def __init__(self):
        self.sent = []

    def message(self, email):
        return email

    def deliver(self, messages) -> int:
        self.sent.extend(messages)
        return len(messages)

    def send(self, email) -> None:
        self.sent.append(email)


class Clock:
    """Epoch seconds the test moves on by hand. It starts at the real time because PyJWT judges a token's
    expiry on its own clock."""

    def __init__(self):
        self.value = int(time.time())

    def __call__(self) -> int:
        return self.value
