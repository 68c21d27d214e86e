"""Expiring download links to objects of the data bucket."""

from __future__ import annotations

from typing import BinaryIO

from chalicelib.common.files import content_disposition

DOWNLOADS_PREFIX = "descargas/"  # removed by the bucket's lifecycle after a day (infra/resources.yml)


def presigned_download(s3, bucket: str, key: str, filename: str, expires_seconds: int) -> str:
    return s3.generate_presigned_url("get_object", ExpiresIn=expires_seconds, Params={
        "Bucket": bucket, "Key": key, "ResponseContentDisposition": content_disposition(filename)})


class S3Downloads:
    """`common.files.Downloads` on S3: the file is uploaded (multipart when large) and linked for 15 minutes."""

    def __init__(self, s3_client, bucket: str, expires_seconds: int = 900):
        self._s3 = s3_client
        self._bucket = bucket
        self.expires_seconds = expires_seconds

    def publish(self, key: str, file: BinaryIO, filename: str, content_type: str) -> str:
        full_key = DOWNLOADS_PREFIX + key
        self._s3.upload_fileobj(file, self._bucket, full_key, ExtraArgs={"ContentType": content_type})
        return presigned_download(self._s3, self._bucket, full_key, filename, self.expires_seconds)
