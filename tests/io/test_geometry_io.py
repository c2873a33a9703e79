"""fourpermille.io.geometry: site geometries read from GeoJSON, KML, GeoPackage and zipped Shapefile files
that the tests write with pyogrio (GDAL), never fetched."""

from __future__ import annotations

import zipfile

import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon

from fourpermille.errors import InputError
from fourpermille.geometry import GeometryProblem, check_site_geometry
from fourpermille.io.geometry import read_site_geometries

FIELD = Polygon([(2.0, 45.0), (2.01, 45.0), (2.01, 45.01), (2.0, 45.01)])
FIELD_HA = check_site_geometry(shapely.geometry.mapping(FIELD)).area_ha
WELL = Point(2.5, 45.5)
BOWTIE = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
DRIVERS = {".geojson": "GeoJSON", ".kml": "KML", ".gpkg": "GPKG"}


def write(path, geometries, names, crs="EPSG:4326", driver=None, geometry_type="Unknown"):
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(np.array(geometries, dtype=object)),
        field_data=[np.array(names, dtype=object)],
        fields=["name"],
        geometry_type=geometry_type,
        crs=crs,
        driver=driver or DRIVERS[path.suffix],
    )
    return path


def zipped_shapefile(tmp_path, geometries, names, crs="EPSG:4326", parts=(".shp", ".shx", ".dbf", ".prj")):
    folder = tmp_path / "shp"
    folder.mkdir(exist_ok=True)
    write(folder / "fields.shp", geometries, names, crs=crs, driver="ESRI Shapefile", geometry_type="Polygon")
    archive = tmp_path / "fields.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for ending in parts:
            out.write(folder / f"fields{ending}", f"fields{ending}")
    return archive


@pytest.mark.parametrize("ending", [".geojson", ".kml", ".gpkg"])
def test_points_and_polygons_are_read_with_their_names(tmp_path, ending):
    path = write(tmp_path / f"sites{ending}", [FIELD, WELL], ["North field", "Well"])
    features = read_site_geometries(path)
    assert [(f.feature, f.name, f.geometry.geometry_type) for f in features] == [
        (1, "North field", "Polygon"),
        (2, "Well", "Point"),
    ]
    assert features[0].geometry.area_ha == pytest.approx(FIELD_HA, rel=1e-9)
    assert (features[1].geometry.longitude, features[1].geometry.latitude) == pytest.approx((2.5, 45.5))


def test_a_zipped_shapefile_in_utm_is_brought_to_longitude_latitude(tmp_path):
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32631", always_xy=True)
    utm_field = shapely.transform(FIELD, lambda xy: np.column_stack(to_utm.transform(xy[:, 0], xy[:, 1])))
    assert utm_field.bounds[0] > 1000  # metres, not degrees
    archive = zipped_shapefile(tmp_path, [utm_field, FIELD.buffer(0)], ["utm", "lonlat"], crs="EPSG:32631")
    features = read_site_geometries(archive)
    assert features[0].name == "utm"
    assert features[0].geometry.area_ha == pytest.approx(FIELD_HA, rel=1e-6)
    lon, lat = features[0].geometry.longitude, features[0].geometry.latitude
    assert (lon, lat) == pytest.approx((2.005, 45.005), abs=1e-6)


def test_the_upload_name_is_the_one_in_errors(tmp_path):
    path = write(tmp_path / "tmp123.geojson", [FIELD, BOWTIE], ["ok", "crossed"])
    with pytest.raises(GeometryProblem) as caught:
        read_site_geometries(path, name="my fields.geojson")
    error = caught.value
    assert (error.file, error.row, error.problem) == ("my fields.geojson", 2, "self_intersection")
    assert str(error).startswith("my fields.geojson, feature 2: the outline crosses itself")


def test_a_line_is_not_a_site(tmp_path):
    path = write(tmp_path / "track.kml", [WELL, LineString([(0, 0), (1, 1)])], ["well", "track"])
    with pytest.raises(GeometryProblem) as caught:
        read_site_geometries(path)
    assert (caught.value.row, caught.value.problem) == (2, "type")
    assert "LineString" in str(caught.value)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_coordinates_out_of_range_name_the_feature(tmp_path):
    path = write(tmp_path / "sites.geojson", [Point(2, 45), Point(500000, 5000000)], ["a", "b"], crs=None)
    with pytest.raises(GeometryProblem) as caught:
        read_site_geometries(path)
    assert (caught.value.row, caught.value.problem) == (2, "range")


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("sites.txt", b"2,45", "format"),
        ("sites", b"2,45", "format"),
        ("sites.gpkg", b"not a geopackage at all", "unreadable"),
        ("sites.geojson", b"{not json", "unreadable"),
        ("sites.kml", b"<kml><Document>", "unreadable"),
        ("sites.zip", b"PK not really a zip", "unreadable"),
        ("sites.geojson", b'{"type": "FeatureCollection", "features": []}', "no_features"),
    ],
)
def test_bad_files_are_refused_naming_the_file(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_site_geometries(path)
    assert caught.value.details["problem"] == problem
    assert caught.value.file == name
    assert str(tmp_path) not in str(caught.value)  # no temporary path in what the user reads


def test_a_zip_without_one_complete_shapefile_is_refused(tmp_path):
    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("readme.txt", "no shapefile here")
    with pytest.raises(InputError) as caught:
        read_site_geometries(archive)
    assert caught.value.details == {"problem": "shapefile_count", "count": 0}
    incomplete = zipped_shapefile(tmp_path, [FIELD], ["a"], parts=(".shp", ".shx"))
    with pytest.raises(InputError) as caught:
        read_site_geometries(incomplete)
    assert caught.value.details["problem"] == "shapefile_parts" and ".dbf" in str(caught.value)


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from fourpermille.io import geometry as reader

    monkeypatch.setattr(reader, "MAX_UNZIPPED_BYTES", 1000)
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("fields.shp", b"\0" * 5000)
    with pytest.raises(InputError) as caught:
        read_site_geometries(archive)
    assert caught.value.details["problem"] == "too_large"


def test_too_many_features(tmp_path, monkeypatch):
    from fourpermille.io import geometry as reader

    monkeypatch.setattr(reader, "MAX_FEATURES", 2)
    path = write(tmp_path / "many.geojson", [Point(i, 0) for i in range(3)], ["a", "b", "c"])
    with pytest.raises(InputError) as caught:
        read_site_geometries(path)
    assert caught.value.details == {"problem": "too_many_features", "limit": 2}


NETWORK_LINK_KML = b"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Plot</name><Point><coordinates>2.5,45.5</coordinates></Point></Placemark>
<NetworkLink><name>More sites</name><Link><href>http://192.0.2.1/sites.kml</href></Link></NetworkLink>
</Document></kml>"""


@pytest.mark.parametrize(
    "content",
    [
        NETWORK_LINK_KML,
        NETWORK_LINK_KML.replace(b"<kml xmlns=", b"<kml:kml xmlns:kml=")
        .replace(b"<NetworkLink>", b"<kml:NetworkLink >")
        .replace(b"</NetworkLink>", b"</kml:NetworkLink>"),
    ],
)
def test_a_kml_network_link_is_refused_before_anything_is_read(tmp_path, content, monkeypatch):
    path = tmp_path / "linked.kml"
    path.write_bytes(content)
    opened = []
    monkeypatch.setattr(pyogrio, "list_layers", lambda *a, **k: opened.append(a) or [])
    with pytest.raises(InputError) as caught:
        read_site_geometries(path)
    assert caught.value.details["problem"] == "kml_network_link"
    assert caught.value.file == "linked.kml" and "NetworkLink" in str(caught.value)
    assert opened == []  # GDAL never saw the file, so nothing was fetched


def test_a_kml_without_network_link_is_read(tmp_path):
    path = tmp_path / "plain.kml"
    path.write_bytes(NETWORK_LINK_KML.split(b"<NetworkLink>")[0] + b"</Document></kml>")
    (feature,) = read_site_geometries(path)
    assert feature.name == "Plot" and feature.geometry.geometry_type == "Point"
