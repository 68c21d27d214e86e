"""Processing jobs of every pipeline (EPS ingestion, cartera requests, glosa response loads)."""

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table


class JobsByPipeline(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_pipeline"
        projection = AllProjection()

    pipeline = UnicodeAttribute(hash_key=True)
    started_key = UnicodeAttribute(range_key=True)  # "<UTC ISO start>#<job_id>": newest last


class JobsByOwner(GlobalSecondaryIndex):
    """A provider's own jobs (cartera requests, glosa responses), newest last: what its users list."""

    class Meta:
        index_name = "by_owner"
        projection = AllProjection()

    owner = UnicodeAttribute(hash_key=True)  # "<pipeline>#<provider_id>" (repository.owner_key); absent for EPS loads
    started_key = UnicodeAttribute(range_key=True)


@table("jobs")
class JobRecord(Model):
    class Meta:
        table_name = "jobs"

    job_id = UnicodeAttribute(hash_key=True)  # hash of bucket/key/version (or sequencer): one job per upload
    by_pipeline = JobsByPipeline()
    by_owner = JobsByOwner()
    pipeline = UnicodeAttribute()  # "ingest": the listing index's key
    channel = UnicodeAttribute(null=True)  # chalicelib/jobs/channels.py: set at creation, decides who may run it
    started_key = UnicodeAttribute()
    entity = UnicodeAttribute()
    bucket = UnicodeAttribute()
    source_key = UnicodeAttribute()
    source_version = UnicodeAttribute(null=True)
    source_size = NumberAttribute(default=0)
    upload_order = UnicodeAttribute(null=True)  # "<event time UTC>#<sequencer>": later uploads sort after
    execution_name = UnicodeAttribute()
    attempt = NumberAttribute(default=1)
    execution_arn = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    started_at = UnicodeAttribute()  # America/Bogota ISO
    finished_at = UnicodeAttribute(null=True)
    total_rows = NumberAttribute(default=0)
    accepted_rows = NumberAttribute(default=0)
    rejected_rows = NumberAttribute(default=0)
    written_items = NumberAttribute(default=0)
    written_by_chunk = MapAttribute(default=dict)  # chunk name → items: a retried chunk is not counted twice
    chunk_keys = ListAttribute(of=UnicodeAttribute, default=list)
    report_key = UnicodeAttribute(null=True)
    error = UnicodeAttribute(null=True)
    failure = UnicodeAttribute(null=True)  # failures.REFUSED | INTERNAL | STOPPED: what a retry could change
    warning = UnicodeAttribute(null=True)
    # --- a provider's upload (cartera, glosa responses): registered before the file arrives -----------
    owner = UnicodeAttribute(null=True)
    requested_by = UnicodeAttribute(null=True)  # person_id: who is emailed
    filename = UnicodeAttribute(null=True)  # as the user named it (the S3 key is the server's)
    quota_day = UnicodeAttribute(null=True)  # Bogotá day whose slot the request took
    quota_returned = NumberAttribute(null=True)  # set once, when the slot is given back
    upload_deadline = NumberAttribute(null=True)  # epoch seconds: the upload form expires then
    received_at = UnicodeAttribute(null=True)  # America/Bogota ISO: the file arrived, processing began
    progress_rows = NumberAttribute(null=True)
    result_key = UnicodeAttribute(null=True)
    process_number = NumberAttribute(null=True)  # glosa responses: the consecutive "Nro proceso"
    summary = MapAttribute(null=True)
