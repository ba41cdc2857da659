#!/usr/bin/env python3
"""Makes countries-110m.tsv and small-states.tsv from Natural Earth, as redistributed by the
npm package world-atlas 2.0.2 (Natural Earth 4.1.0 as TopoJSON). Run once; the build and the
tests only read the two files it writes. See README.md beside this script.

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 /path/to/make_geometry.py package/ /path/to/crates/treaty-model/data/participants.tsv \
        /path/to/crates/treaty-publish/data/

Standard library only.
"""

import hashlib
import json
import os
import sys

# Natural Earth draws some areas apart from the State the UN counts them under; the map draws
# them as part of that State.
PART_OF = {"N. Cyprus": "CYP", "Somaliland": "SOM"}
# Left off the map: no State, and a quarter of an equal-area world map's height.
LEFT_OFF = {"Antarctica"}


def decode(topo):
    """The arcs of a quantized TopoJSON topology in degrees."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons(arcs, geometry):
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in p] for p in geometry["arcs"]]
    return []


def crosses(points):
    return any(abs(a[0] - b[0]) > 180 for a, b in zip(points, points[1:]))


def clip(points, keep):
    """Sutherland-Hodgman: the part of a closed ring where keep(x) holds, cut along x = 180 or -180."""
    out = []
    for a, b in zip(points, points[1:]):
        if keep(a[0]):
            out.append(a)
        if keep(a[0]) != keep(b[0]):
            edge = 180.0 if a[0] + b[0] > 0 else -180.0
            t = (edge - a[0]) / (b[0] - a[0])
            out.append((edge, a[1] + t * (b[1] - a[1])))
    if out:
        out.append(out[0])
    return out


def split_at_antimeridian(polygon):
    """Natural Earth cuts shapes at the antimeridian, but a few rings (Fiji, Chukotka, Wrangel
    Island) still run from +180 to -180 and back. Such a ring is unwrapped into continuous
    longitudes, then cut at the antimeridian into the pieces on each side, so that no edge runs
    across the whole map. Returns polygons."""
    outline = polygon[0]
    if not crosses(outline):
        return [polygon]
    assert all(not crosses(r) for r in polygon[1:]), "a hole crosses the antimeridian"
    unwrapped = [outline[0]]
    for x, y in outline[1:]:
        px = unwrapped[-1][0]
        while x - px > 180:
            x -= 360
        while px - x > 180:
            x += 360
        unwrapped.append((x, y))
    pieces = [
        clip(unwrapped, lambda x: -180 <= x <= 180),
        [(x - 360, y) for x, y in clip(unwrapped, lambda x: x >= 180)],
        [(x + 360, y) for x, y in clip(unwrapped, lambda x: x <= -180)],
    ]
    out = []
    for i, piece in enumerate(pieces):
        if len({(round(x, 2), round(y, 2)) for x, y in piece}) >= 3 and abs(area_centroid(piece[:-1])[0]) > 1e-6:
            out.append([piece] + (polygon[1:] if i == 0 else []))
    return out


def rounded(points):
    """Points rounded to 0.01 degree (about 1 km, far below what 1:110m shows), without
    repeated points; the ring stays closed."""
    out = []
    for x, y in points:
        p = (round(x, 2), round(y, 2))
        if not out or out[-1] != p:
            out.append(p)
    return out


def fmt(v):
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def encode(polys):
    """A polygon whose outline shrank below a triangle at this precision is left out, and
    so is such a hole."""
    kept = [[r for r in poly if len(r) >= 4] for poly in polys if len(poly[0]) >= 4]
    return ";".join("|".join(" ".join(f"{fmt(x)},{fmt(y)}" for x, y in r) for r in poly) for poly in kept)


def area_centroid(r):
    """Planar area and centroid of a ring in degrees (small islands: good enough for a dot)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if a == 0:
        return 0.0, r[0]
    return abs(a / 2), (cx / (3 * a), cy / (3 * a))


def main():
    package, participants_tsv, out = sys.argv[1:4]
    rows = [l.split("\t") for l in open(participants_tsv, encoding="utf-8").read().splitlines()[1:]]
    states = {r[2]: (r[0], r[4]) for r in rows if r[5] == "state"}

    path110 = os.path.join(package, "countries-110m.json")
    path10 = os.path.join(package, "countries-10m.json")
    topo = json.load(open(path110, encoding="utf-8"))
    arcs = decode(topo)
    shapes = {}  # code -> (name, polygons)
    others = []
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        if name in LEFT_OFF:
            continue
        polys = [[rounded(r) for r in p] for q in polygons(arcs, g) for p in split_at_antimeridian(q)]
        code = states.get(g.get("id"), (None,))[0] or PART_OF.get(name)
        if code:
            shapes.setdefault(code, [states_name(states, code), []])[1].extend(polys)
        else:
            others.append((name, polys))

    with open(os.path.join(out, "countries-110m.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# Natural Earth 1:110m admin-0 countries (v4.1.0, public domain) via world-atlas 2.0.2, made by make_geometry.py.\n"
            f"# countries-110m.json sha256 {sha256(path110)}\n"
            "# code: ISO 3166-1 alpha-3 of the State, or - for an area that is no participant. Polygons separated by ';',\n"
            "# a polygon's rings by '|' (the first is the outline, the others holes), points 'lon,lat' in degrees.\n"
            "code\tname\tpolygons\n"
        )
        for code in sorted(shapes):
            name, polys = shapes[code]
            f.write(f"{code}\t{name}\t{encode(polys)}\n")
        for name, polys in sorted(others):
            f.write(f"-\t{name}\t{encode(polys)}\n")

    # A point for every State without a 1:110m shape: the centroid of its largest island in
    # Natural Earth 1:10m.
    topo10 = json.load(open(path10, encoding="utf-8"))
    arcs10 = decode(topo10)
    with open(os.path.join(out, "small-states.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# A point for each State that has no shape in Natural Earth 1:110m: the centroid of its largest polygon in\n"
            "# Natural Earth 1:10m admin-0 countries (v4.1.0, public domain) via world-atlas 2.0.2, made by make_geometry.py.\n"
            f"# countries-10m.json sha256 {sha256(path10)}\n"
            "code\tname\tlon\tlat\n"
        )
        by_id = {g.get("id"): g for g in topo10["objects"]["countries"]["geometries"]}
        missing = sorted((code, name) for num, (code, name) in states.items() if code not in shapes)
        for code, name in missing:
            num = next(n for n, (c, _) in states.items() if c == code)
            g = by_id[num]
            best = max((area_centroid(p[0]) for p in polygons(arcs10, g)), key=lambda ac: ac[0])
            lon, lat = best[1]
            f.write(f"{code}\t{name}\t{lon:.2f}\t{lat:.2f}\n")
    print(f"{len(shapes)} States with shapes, {len(others)} other areas, {len(missing)} States as points", file=sys.stderr)


def states_name(states, code):
    return next(name for c, name in states.values() if c == code)


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


if __name__ == "__main__":
    main()
