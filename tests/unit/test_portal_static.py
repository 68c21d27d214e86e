"""The local stack serves the portal's precompressed assets by `Accept-Encoding`, as CloudFront compresses."""

from devstack.portal import accepted, negotiate


def test_accepted_codings_honour_q_zero():
    assert accepted("gzip, deflate, br, zstd") == {"gzip", "deflate", "br", "zstd"}
    assert accepted("br;q=0, gzip;q=0.8") == {"gzip"}
    assert accepted(None) == set()


def test_brotli_first_then_gzip_then_the_original(tmp_path):
    asset = tmp_path / "index.js"
    asset.write_text("console.log(1)")
    (tmp_path / "index.js.gz").write_bytes(b"gz")
    assert negotiate(asset, "gzip, br") == (tmp_path / "index.js.gz", "gzip")  # no .br written: gzip
    (tmp_path / "index.js.br").write_bytes(b"br")
    assert negotiate(asset, "gzip, deflate, br") == (tmp_path / "index.js.br", "br")
    assert negotiate(asset, "gzip") == (tmp_path / "index.js.gz", "gzip")
    assert negotiate(asset, "identity") == (asset, None)
    assert negotiate(asset, None) == (asset, None)
