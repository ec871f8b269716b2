import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from smartregions.regions.domain.countries import import_countries
from smartregions.regions.domain.nuts import DownloadFailed, download_gisco_nuts
from smartregions.regions.models import Country, NutsCorrespondence, Region
from tests.regions.test_nuts_import import SMALL_CODES, real_features, write_geojson

pytestmark = pytest.mark.django_db


class _CountingHandler(SimpleHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # stdlib signature
        pass  # keep the test output clean


@pytest.fixture
def gisco_server(tmp_path) -> Iterator[tuple[str, Path, list[str]]]:
    """A real HTTP server on 127.0.0.1 serving a folder, like GISCO's distribution."""
    served = tmp_path / "served"
    served.mkdir()
    requests: list[str] = []
    handler = type("Handler", (_CountingHandler,), {"requests": requests})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/nuts/geojson", served, requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _serve_small_2021(served: Path) -> bytes:
    folder = served / "nuts" / "geojson"
    folder.mkdir(parents=True)
    path = write_geojson(folder / "NUTS_RG_60M_2021_4326.geojson", real_features(*SMALL_CODES))
    return path.read_bytes()


def test_download_gisco_nuts_fetches_once_then_uses_cache(gisco_server, tmp_path):
    base_url, served, requests = gisco_server
    body = _serve_small_2021(served)
    cache = tmp_path / "cache"

    first = download_gisco_nuts(version=2021, cache_dir=cache, base_url=base_url)
    second = download_gisco_nuts(version=2021, cache_dir=cache, base_url=base_url)

    assert first == second == cache / "NUTS_RG_60M_2021_4326.geojson"
    assert first.read_bytes() == body
    assert requests == ["/nuts/geojson/NUTS_RG_60M_2021_4326.geojson"]
    assert sorted(p.name for p in cache.iterdir()) == ["NUTS_RG_60M_2021_4326.geojson"]


def test_download_gisco_nuts_http_error_leaves_no_file(gisco_server, tmp_path):
    base_url, _served, _requests = gisco_server
    cache = tmp_path / "cache"

    with pytest.raises(DownloadFailed, match=r"NUTS_RG_20M_2016_4326\.geojson: HTTP 404"):
        download_gisco_nuts(version=2016, scale="20M", cache_dir=cache, base_url=base_url)

    assert list(cache.iterdir()) == []


def test_import_nuts_download_command_uses_env_base_url_and_imports(
    gisco_server, tmp_path, monkeypatch
):
    base_url, served, requests = gisco_server
    _serve_small_2021(served)
    monkeypatch.setenv("SMARTREGIONS_GISCO_BASE_URL", base_url)
    import_countries()
    out = StringIO()

    call_command(
        "import_nuts", "download", "--version", "2021", "--cache-dir", str(tmp_path), stdout=out
    )

    cached = tmp_path / "NUTS_RG_60M_2021_4326.geojson"
    assert out.getvalue().splitlines() == [
        f"using {cached}",
        f"{cached}: 8 created, 0 updated, 0 unchanged, 0 deleted",
    ]
    assert len(requests) == 1
    assert Region.objects.filter(nuts_version=2021).count() == 8


def test_import_nuts_geojson_command_prints_result_with_version(tmp_path):
    import_countries()
    path = write_geojson(tmp_path / "regions.geojson", real_features("CZ", "CZ0"))
    out = StringIO()

    call_command("import_nuts", "geojson", str(path), "--version", "2024", stdout=out)

    assert out.getvalue() == f"{path}: 2 created, 0 updated, 0 unchanged, 0 deleted\n"
    assert set(Region.objects.values_list("nuts_version", flat=True)) == {2024}


def test_import_nuts_geojson_command_fails_with_every_problem(tmp_path):
    import_countries()
    features = real_features("CZ", "CZ0")
    features[0]["properties"]["CNTR_CODE"] = "QQ"
    del features[1]["properties"]["LEVL_CODE"]
    path = write_geojson(tmp_path / "NUTS_RG_60M_2021_4326.geojson", features)

    with pytest.raises(CommandError) as caught:
        call_command("import_nuts", "geojson", str(path))

    assert str(caught.value).splitlines() == [
        "2 problem(s); nothing was imported:",
        f"  - {path}, row 0 (CZ), field 'CNTR_CODE': unknown country 'QQ' (import countries first)",
        f"  - {path}, row 1 (CZ0), field 'LEVL_CODE': missing property",
    ]
    assert Region.objects.count() == 0


def test_import_nuts_download_command_network_failure_is_command_error(gisco_server, tmp_path):
    base_url, _served, _requests = gisco_server

    with pytest.raises(CommandError, match="HTTP 404"):
        call_command(
            "import_nuts", "download", "--version", "2021", "--scale", "10M",
            "--cache-dir", str(tmp_path), "--base-url", base_url,
        )  # fmt: skip


def test_import_nuts_changes_command_prints_result(shared_data):
    out = StringIO()

    call_command(
        "import_nuts", "changes", str(shared_data / "nuts" / "NUTS2013-NUTS2016.xlsx"), stdout=out
    )

    assert out.getvalue().splitlines()[1:] == ["  note: correspondence NUTS 2013 -> 2016"]
    assert NutsCorrespondence.objects.filter(from_version=2013).count() == 1885


def test_import_countries_command_prints_result_and_rejects_bad_file(tmp_path):
    out = StringIO()
    call_command("import_countries", stdout=out)
    bad = tmp_path / "iso.json"
    bad.write_text("{not json", encoding="utf-8")

    with pytest.raises(CommandError, match=r"not valid JSON: Expecting property name"):
        call_command("import_countries", "--path", str(bad))

    assert out.getvalue().endswith(": 42 created, 0 updated, 0 unchanged, 0 deleted\n")
    assert Country.objects.count() == 42


def test_import_nuts_classification_command_creates_extra_regio(tmp_path):
    from openpyxl import Workbook

    import_countries()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "NUTS & SR 2021"
    sheet.append(
        ["Code 2021", "Country", "NUTS level 1", "NUTS level 2", "NUTS level 3", "NUTS level"]
    )
    sheet.append(["BE", "Belgique/België", None, None, None, 0])
    sheet.append(["BEZ", None, "Extra-Regio NUTS 1", None, None, 1])
    sheet.append(["BEZZ", None, None, "Extra-Regio NUTS 2", None, 2])
    path = tmp_path / "NUTS2021.xlsx"
    workbook.save(path)
    out = StringIO()

    call_command("import_nuts", "classification", str(path), stdout=out)

    assert out.getvalue().splitlines() == [
        f"{path}: 3 created, 0 updated, 0 unchanged, 0 deleted",
        "  note: NUTS 2021: 3 regions created, 0 updated, 0 unchanged",
        "  note: no change table in the workbook",
    ]
    assert list(Region.objects.values_list("code", "is_extra_regio", "parent__code")) == [
        ("BE", False, None),
        ("BEZ", True, "BE"),
        ("BEZZ", True, "BEZ"),
    ]
