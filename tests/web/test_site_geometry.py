"""Site geometries on the platform: drawn (GeoJSON from the map), uploaded in each format, refused with
errors that name the file, the feature and the problem (in the user's language); the maps' data."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pyogrio
import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from shapely.geometry import Point, Polygon

from fourpermille.geometry import check_site_geometry
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db

FIELD = Polygon([(2.0, 45.0), (2.01, 45.0), (2.01, 45.01), (2.0, 45.01)])
FIELD_HA = check_site_geometry(shapely.geometry.mapping(FIELD)).area_ha
BOWTIE = Polygon([(2, 45), (2.01, 45.01), (2.01, 45), (2, 45.01)])
DRIVERS = {".geojson": "GeoJSON", ".kml": "KML", ".gpkg": "GPKG", ".shp": "ESRI Shapefile"}


def geometry_file(tmp_path, ending, geometries, names=None) -> SimpleUploadedFile:
    """A GeoJSON, KML, GeoPackage or zipped Shapefile file written by pyogrio, as an upload."""
    names = names or [f"f{i}" for i in range(len(geometries))]
    folder = tmp_path / ending.strip(".")
    folder.mkdir()
    target = folder / ("sites.shp" if ending == ".zip" else f"sites{ending}")
    pyogrio.raw.write(
        str(target),
        shapely.to_wkb(np.array(geometries, dtype=object)),
        field_data=[np.array(names, dtype=object)],
        fields=["name"],
        geometry_type="Polygon" if ending == ".zip" else "Unknown",
        crs="EPSG:4326",
        driver=DRIVERS[".shp" if ending == ".zip" else ending],
    )
    if ending == ".zip":
        archive = folder / "sites.zip"
        with zipfile.ZipFile(archive, "w") as out:
            for part in (".shp", ".shx", ".dbf", ".prj"):
                out.write(folder / f"sites{part}", f"sites{part}")
        target = archive
    return SimpleUploadedFile(f"my sites{ending}", target.read_bytes())


def post_site(client, project, **data):
    fields = {"name": "Drawn plot", "climate_zone": "cool_temperate_moist", "geometry": ""}
    fields.update(data)
    return client.post(reverse("projects:site-create", args=[project.pk]), fields)


def test_a_drawn_polygon_is_stored_with_its_geodesic_area(client, projects):
    c = page_client(client, "editor-a")
    response = post_site(c, projects["draft-a"], geometry=json.dumps(shapely.geometry.mapping(FIELD)))
    assert response.status_code == 302
    site = projects["draft-a"].sites.get(name="Drawn plot")
    assert site.geometry_type == "Polygon" and site.geometry_source == ""
    assert site.area_ha == pytest.approx(FIELD_HA)
    assert json.loads(site.geometry)["coordinates"][0][0] == [2.0, 45.0]
    page = c.get(site.get_absolute_url()).content.decode()
    assert "87.62" in page and "geodesic" in page and 'id="site-geojson"' in page


@pytest.mark.parametrize("ending", [".geojson", ".kml", ".gpkg", ".zip"])
def test_a_site_is_uploaded_in_each_format(client, projects, tmp_path, ending):
    c = page_client(client, "editor-a")
    upload = geometry_file(tmp_path, ending, [FIELD])
    response = post_site(c, projects["draft-a"], name=f"Uploaded {ending}", geometry_file=upload)
    assert response.status_code == 302, response.context["form"].errors
    site = projects["draft-a"].sites.get(name=f"Uploaded {ending}")
    assert site.area_ha == pytest.approx(FIELD_HA, rel=1e-9)
    assert site.geometry_source == f"my sites{ending}"
    assert (site.longitude, site.latitude) == pytest.approx((2.005, 45.005))


def test_several_polygons_of_a_file_make_one_site(client, projects, tmp_path):
    c = page_client(client, "editor-a")
    east = shapely.affinity.translate(FIELD, xoff=0.02)
    upload = geometry_file(tmp_path, ".gpkg", [FIELD, east])
    assert post_site(c, projects["draft-a"], geometry_file=upload).status_code == 302
    site = projects["draft-a"].sites.get(name="Drawn plot")
    assert site.geometry_type == "MultiPolygon"
    assert site.area_ha == pytest.approx(2 * FIELD_HA, rel=1e-6)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (
            lambda p: geometry_file(p, ".geojson", [FIELD, BOWTIE]),
            "my sites.geojson, feature 2: The outline crosses itself",
        ),
        (
            lambda p: geometry_file(p, ".kml", [Point(2, 45), FIELD]),
            "my sites.kml: The file holds 2 features",
        ),
        (
            lambda p: SimpleUploadedFile("fields.gpkg", b"garbage"),
            "fields.gpkg: The file cannot be read as GeoPackage",
        ),
        (
            lambda p: SimpleUploadedFile("fields.zip", b"garbage"),
            "fields.zip: The file cannot be read as zipped Shapefile",
        ),
        (lambda p: SimpleUploadedFile("fields.csv", b"lon,lat\n2,45\n"), "fields.csv: Unknown file type"),
        (
            lambda p: SimpleUploadedFile("x.geojson", b'{"type":"FeatureCollection","features":[]}'),
            "x.geojson: The file holds no features",
        ),
    ],
)
def test_bad_uploads_are_refused_naming_file_feature_and_problem(client, projects, tmp_path, make, words):
    c = page_client(client, "editor-a")
    before = projects["draft-a"].sites.count()
    response = post_site(c, projects["draft-a"], geometry_file=make(tmp_path))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["geometry_file"])
    assert words in errors, errors
    assert projects["draft-a"].sites.count() == before
    assert "/tmp/" not in errors


def test_the_errors_are_in_the_users_language(client, projects, tmp_path):
    c = page_client(client, "editor-a")
    upload = geometry_file(tmp_path, ".geojson", [FIELD, BOWTIE])
    with translation.override("fr"):
        url = reverse("projects:site-create", args=[projects["draft-a"].pk])
    assert url.startswith("/fr/")
    response = c.post(url, {"name": "x", "climate_zone": "cool_temperate_moist", "geometry_file": upload})
    errors = " ".join(response.context["form"].errors["geometry_file"])
    assert "my sites.geojson, entité 2 : Le contour se croise" in errors, errors
    with translation.override("es"):
        url = reverse("projects:site-create", args=[projects["draft-a"].pk])
    response = c.post(
        url,
        {
            "name": "x",
            "climate_zone": "cool_temperate_moist",
            "geometry": '{"type": "Point", "coordinates": [200, 0]}',
        },
    )
    assert "fuera de rango" in " ".join(response.context["form"].errors["geometry"])


def test_a_site_needs_a_geometry_and_an_uploaded_one_survives_another_error(client, projects, tmp_path):
    c = page_client(client, "editor-a")
    response = post_site(c, projects["draft-a"])
    assert "Draw the site on the map" in " ".join(response.context["form"].errors["geometry"])
    # the file was read: when another field fails, the geometry comes back to be drawn on the map
    response = post_site(
        c, projects["draft-a"], climate_zone="", geometry_file=geometry_file(tmp_path, ".kml", [FIELD])
    )
    assert response.status_code == 200 and "climate_zone" in response.context["form"].errors
    assert json.loads(response.context["form"]["geometry"].value())["type"] == "Polygon"


def test_the_geometry_check_answers_the_map(client, projects, tmp_path):
    url = reverse("projects:geometry-check")
    assert client.post(url, {"geometry": "{}"}).status_code == 302  # log in first
    c = page_client(client, "editor-a")
    ok = c.post(url, {"geometry": json.dumps(shapely.geometry.mapping(FIELD))}).json()
    assert ok["ok"] and ok["geometry_type"] == "Polygon" and ok["area_ha"] == pytest.approx(FIELD_HA)
    bad = c.post(url, {"geometry": json.dumps(shapely.geometry.mapping(BOWTIE))})
    assert bad.status_code == 400 and "crosses itself" in bad.json()["message"]
    read = c.post(url, {"file": geometry_file(tmp_path, ".zip", [FIELD])}).json()
    assert read["ok"] and json.loads(read["geometry"])["type"] == "Polygon"
    assert c.post(url, {"file": SimpleUploadedFile("a.kml", b"<kml")}).status_code == 400
    assert c.get(url).status_code == 405


def test_the_project_page_maps_its_sites(client, projects):
    c = page_client(client, "editor-a")
    page = c.get(projects["draft-a"].get_absolute_url()).content.decode()
    assert "data-site-map" in page and 'id="project-sites-geojson"' in page
    assert "maps/vendor/leaflet/leaflet.js" in page and "countries-110m.json" in page
    form = c.get(reverse("projects:site-create", args=[projects["draft-a"].pk])).content.decode()
    assert "data-site-editor" in form and "leaflet-geoman.min.js" in form


def test_the_outlines_are_only_those_the_user_may_see(client, projects):
    from fourpermille.web.projects.models import Site

    outline = json.dumps(shapely.geometry.mapping(FIELD))
    for title in ("draft-a", "published-a"):
        Site.objects.create(
            project=projects[title], name=f"{title} field", climate_zone="tropical_dry", geometry=outline
        )
    url = reverse("projects:site-outlines")
    anonymous = {f["properties"]["name"] for f in client.get(url).json()["features"]}
    assert anonymous == {"published-a field"}
    editor = {f["properties"]["name"] for f in page_client(client, "editor-a").get(url).json()["features"]}
    assert {"draft-a field", "published-a field"} <= editor
    other = {f["properties"]["name"] for f in page_client(client, "editor-b").get(url).json()["features"]}
    assert "draft-a field" not in other


def test_the_tile_setting_reaches_the_map(client, projects, settings):
    settings.MAP_TILE_URL = "http://127.0.0.1:9999/{z}/{x}/{y}.png"
    page = page_client(client, "editor-a").get(projects["draft-a"].get_absolute_url()).content.decode()
    assert "http://127.0.0.1:9999/{z}/{x}/{y}.png" in page
