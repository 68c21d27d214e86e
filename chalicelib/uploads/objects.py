"""Uploaded objects as S3 events describe them, and the identity of one upload (shared by every pipeline).

S3 may deliver an event twice; a second delivery carries the same version id and sequencer, so it maps
to the same identity and starts nothing new, while every new write of a key is a new upload.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes import S3Event

SEQUENCER_WIDTH = 64  # S3's sequencers are hex strings of up to 20 or so characters today; room to grow


@dataclass(frozen=True, slots=True)
class UploadedObject:
    bucket: str
    key: str  # already URL-decoded
    version: str | None
    etag: str | None
    size: int
    sequencer: str | None = None
    event_time: str = ""  # the event's ISO UTC time: with the sequencer, the upload order

    @property
    def upload_order(self) -> str:
        return f"{self.event_time}#{self.sequencer or ''}"

    @property
    def sequencer_mark(self) -> str:
        """The sequencer in a form whose text order is S3's order of one key's events (S3: compare sequencers after
        right-padding the shorter with zeros). Meaningless between two keys."""
        return (self.sequencer or "").upper().ljust(SEQUENCER_WIDTH, "0")

    @property
    def upload_id(self) -> str:
        """What tells this write of the key from any other: version id, else sequencer, else ETag."""
        return self.version or self.sequencer or (self.etag or "").strip('"')


def job_id_for(obj: UploadedObject) -> str:
    """One job per upload: uploading A, B and A again under one key makes three jobs; a repeated delivery
    of one event makes none."""
    identity = f"{obj.bucket}/{obj.key}/{obj.upload_id}"
    return hashlib.sha256(identity.encode()).hexdigest()[:32]


def objects_in(event: dict, prefix: str = "") -> Iterator[UploadedObject]:
    """The objects of an S3 notification whose (decoded) key starts with `prefix`."""
    for record in S3Event(event).records:
        key = unquote_plus(record.s3.get_object.key)  # S3 event keys arrive URL-encoded
        if not key.startswith(prefix):
            continue
        stored = record.s3.get_object
        yield UploadedObject(bucket=record.s3.bucket.name, key=key, version=stored.get("versionId"),
                             etag=stored.get("eTag"), size=stored.get("size") or 0,
                             sequencer=stored.get("sequencer"), event_time=record.get("eventTime") or "")
