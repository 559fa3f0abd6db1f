"""Pages and JSON go out gzip-compressed to a browser that accepts it; files and streams go out as they are."""

import gzip

from django.http import FileResponse, HttpResponse, JsonResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse

from initiatives_portal.middleware import CompressPagesMiddleware

PAGE = "<!doctype html><html><body>" + "<p>Sáng kiến của tôi</p>" * 200 + "</body></html>"


def _through_middleware(rf: RequestFactory, response, accept: str = "gzip, deflate, br"):
    request = rf.get("/", HTTP_ACCEPT_ENCODING=accept)
    return CompressPagesMiddleware(lambda request: response)(request)


def test_a_page_goes_out_gzip_compressed_to_a_browser_that_accepts_it(client, worker):
    client.force_login(worker)
    response = client.get(reverse("submissions:mine"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(response.content)


def test_the_public_home_page_goes_out_gzip_compressed(client, tree):
    response = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(response.content)


def test_a_compressed_page_says_it_varies_with_accept_encoding(rf):
    response = _through_middleware(rf, HttpResponse(PAGE))
    assert "Accept-Encoding" in response["Vary"]


def test_a_page_goes_out_uncompressed_to_a_client_that_does_not_accept_gzip(rf):
    response = _through_middleware(rf, HttpResponse(PAGE), accept="identity")
    assert not response.has_header("Content-Encoding")
    assert response.content.decode() == PAGE


def test_json_goes_out_gzip_compressed(rf):
    response = _through_middleware(rf, JsonResponse({"children": [{"code": f"P{i:02}"} for i in range(100)]}))
    assert response["Content-Encoding"] == "gzip"


def test_a_downloaded_file_goes_out_as_it_is(rf, tmp_path):
    path = tmp_path / "sang-kien.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 5000)
    response = _through_middleware(rf, FileResponse(path.open("rb"), content_type="application/pdf"))
    assert not response.has_header("Content-Encoding")


def test_a_streamed_export_goes_out_as_it_is(rf):
    response = _through_middleware(rf, StreamingHttpResponse(iter(["a,b\n"] * 1000), content_type="text/csv"))
    assert not response.has_header("Content-Encoding")
    assert b"".join(response.streaming_content) == b"a,b\n" * 1000
