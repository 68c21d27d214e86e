"""Browser uploads straight to S3: a presigned POST for one server-chosen key, bounded in size and time."""

from __future__ import annotations

from dataclasses import dataclass

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class UploadForm:
    url: str
    fields: dict[str, str]  # sent as form fields before the file (field name "file")
    expires_seconds: int
    max_bytes: int


class PresignedUploads:
    def __init__(self, s3_client, bucket: str):
        self._s3 = s3_client
        self._bucket = bucket

    def form(self, key: str, *, max_bytes: int, expires_seconds: int,
             content_type: str = XLSX_CONTENT_TYPE) -> UploadForm:
        """S3 refuses the POST when the file is empty or larger than max_bytes, the key or content type
        differ, or the form is older than expires_seconds."""
        posted = self._s3.generate_presigned_post(
            Bucket=self._bucket, Key=key, Fields={"Content-Type": content_type},
            Conditions=[["content-length-range", 1, max_bytes], {"Content-Type": content_type}],
            ExpiresIn=expires_seconds)
        return UploadForm(url=posted["url"], fields=dict(posted["fields"]), expires_seconds=expires_seconds,
                          max_bytes=max_bytes)
