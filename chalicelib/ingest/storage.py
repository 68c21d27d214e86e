"""S3 access of the ingestion pipeline: the original upload, staged chunks and reports."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator

from chalicelib.common.s3_downloads import presigned_download
from chalicelib.ingest.schema import TypedRow

_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps(**options) builds one per call


class S3Storage:
    def __init__(self, s3_client, bucket: str):
        self._s3 = s3_client
        self.bucket = bucket

    def download(self, key: str, version: str | None = None) -> str:
        """The object in a temporary file (readers need a seekable file); the caller removes it."""
        handle, path = tempfile.mkstemp(prefix="ingest-", suffix=os.path.splitext(key)[1])
        os.close(handle)
        extra = {"VersionId": version} if version else None
        self._s3.download_file(self.bucket, key, path, ExtraArgs=extra)
        return path

    def put_chunk(self, key: str, records: list) -> None:
        """JSON lines: one record (a dict or a list) per line."""
        body = "\n".join(map(_LINE.encode, records))
        self._s3.put_object(Bucket=self.bucket, Key=key, Body=body.encode("utf-8"),
                            ContentType="application/x-ndjson")

    def read_chunk(self, key: str) -> list:
        body = self._s3.get_object(Bucket=self.bucket, Key=key)["Body"].read().decode("utf-8")
        # A JSON line never holds a raw "\n" (str.splitlines would also break at U+2028, U+0085…, which
        # ensure_ascii=False leaves raw in text): with commas for line breaks the lines are one JSON array, read in
        # one call.
        lines = body.strip("\n")
        if "\n\n" in lines:
            lines = "\n".join(filter(None, lines.split("\n")))
        return json.loads(f"[{lines.replace(chr(10), ',')}]")

    def iter_chunks(self, keys: list[str]) -> Iterator[TypedRow]:
        for key in keys:
            yield from self.read_chunk(key)

    def read_bytes(self, key: str, *, limit: int) -> bytes | None:
        """The object's bytes when it holds at most `limit` of them, else None (without reading it)."""
        if self._s3.head_object(Bucket=self.bucket, Key=key)["ContentLength"] > limit:
            return None
        return self._s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def put_report(self, key: str, body: bytes, content_type: str) -> None:
        self._s3.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=content_type)

    def put_report_file(self, key: str, path: str, content_type: str) -> None:
        """Upload a report from disk (multipart when large), never holding it in memory."""
        self._s3.upload_file(path, self.bucket, key, ExtraArgs={"ContentType": content_type})

    def download_link(self, key: str, filename: str, expires_seconds: int = 900) -> str:
        return presigned_download(self._s3, self.bucket, key, filename, expires_seconds)
