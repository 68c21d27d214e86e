"""Every PDF the EPS issued: its verification code, SHA-256, kind and a masked holder (never a name or document)."""

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.common.db import table


class IssuedBySha256(GlobalSecondaryIndex):
    """An uploaded PDF is looked up by the hash of its bytes."""

    class Meta:
        index_name = "by_sha256"
        projection = AllProjection()

    sha256 = UnicodeAttribute(hash_key=True)


@table("issued_documents")
class IssuedDocumentRecord(Model):
    class Meta:
        table_name = "issued_documents"

    code = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    title = UnicodeAttribute()
    sha256 = UnicodeAttribute()
    issued_at = UnicodeAttribute()  # Bogotá ISO time
    holder_ref = UnicodeAttribute()
    holder_initials = UnicodeAttribute()
    holder_document_tail = UnicodeAttribute()

    by_sha256 = IssuedBySha256()
