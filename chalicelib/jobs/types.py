"""What the jobs repository hands out and takes: a plain frozen job (attribute names as the table's,
chalicelib/jobs/models.py), maps as plain dicts."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field


@dataclass(frozen=True, slots=True)
class Job:
    job_id: str
    _: KW_ONLY
    pipeline: str
    started_key: str  # "<Bogotá ISO start>#<job_id>": newest last
    entity: str
    bucket: str
    source_key: str
    execution_name: str
    status: str
    started_at: str  # America/Bogota ISO
    channel: str | None = None  # chalicelib/jobs/channels.py
    source_version: str | None = None
    source_size: int = 0
    upload_order: str | None = None  # "<event time UTC>#<sequencer>": later uploads sort after
    attempt: int = 1
    execution_arn: str | None = None
    finished_at: str | None = None
    total_rows: int = 0
    accepted_rows: int = 0
    rejected_rows: int = 0
    written_items: int = 0
    written_by_chunk: dict = field(default_factory=dict)  # chunk name → items
    chunk_keys: list = field(default_factory=list)
    report_key: str | None = None
    error: str | None = None
    failure: str | None = None  # failures.REFUSED | INTERNAL | STOPPED
    warning: str | None = None
    # --- a provider's upload (cartera, glosa responses) --------------------------------------------------
    owner: str | None = None
    requested_by: str | None = None
    filename: str | None = None
    quota_day: str | None = None
    quota_returned: float | None = None
    upload_deadline: float | None = None
    received_at: str | None = None
    progress_rows: int | None = None
    result_key: str | None = None
    process_number: int | None = None
    summary: dict | None = None
