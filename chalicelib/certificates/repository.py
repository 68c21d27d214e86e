"""The DynamoDB registry of issued PDFs (`chalicelib.pdf.issuer.IssuedRegistry` and verification's lookup)."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist

from chalicelib.certificates.models import IssuedDocumentRecord
from chalicelib.pdf.issuer import IssuedRecord


def _issued(record: IssuedDocumentRecord) -> IssuedRecord:
    return IssuedRecord(record.code, record.kind, record.title, record.sha256,
                        datetime.fromisoformat(record.issued_at), record.holder_ref, record.holder_initials,
                        record.holder_document_tail)


class IssuedDocuments:
    def record(self, issued: IssuedRecord) -> None:
        # A code is 100 random bits: a collision would be a bug, so it is refused rather than overwritten.
        IssuedDocumentRecord(issued.code, kind=issued.kind, title=issued.title, sha256=issued.sha256,
                             issued_at=issued.issued_at.isoformat(), holder_ref=issued.holder_ref,
                             holder_initials=issued.holder_initials,
                             holder_document_tail=issued.holder_document_tail).save(
            condition=IssuedDocumentRecord.code.does_not_exist())

    def by_code(self, code: str) -> IssuedRecord | None:
        try:
            return _issued(IssuedDocumentRecord.get(code))
        except DoesNotExist:
            return None

    def by_sha256(self, digest: str) -> IssuedRecord | None:
        found = next(iter(IssuedDocumentRecord.by_sha256.query(digest, limit=1)), None)
        return _issued(found) if found else None
