"""Records staged between pipeline tasks come back as they were written (S3 on moto)."""

from __future__ import annotations

import boto3

from chalicelib.config import get_settings
from chalicelib.ingest.storage import S3Storage


def test_a_chunk_round_trips_text_that_other_line_breaks_would_split(aws):
    storage = S3Storage(boto3.client("s3", region_name=get_settings().region), get_settings().data_bucket)
    records = [{"nombre": "Línea\u2028separada\x85y\x1cmás", "valor": 1}, [2, "FE\r\n7", None, True], {}]
    storage.put_chunk("work/prueba/a.jsonl", records)
    assert storage.read_chunk("work/prueba/a.jsonl") == records
    storage.put_chunk("work/prueba/vacio.jsonl", [])
    assert storage.read_chunk("work/prueba/vacio.jsonl") == []
