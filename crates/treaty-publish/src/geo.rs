//! The world the maps are drawn on: Natural Earth 1:110m country shapes and a point for each
//! State too small for them (`data/`, see `data/README.md`), in the Equal Earth projection.
//!
//! Everything here is computed once, from the embedded data, in a fixed order, with results
//! rounded to a tenth of a pixel: the same input always gives the same SVG.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use treaty_model::{ParticipantId, ParticipantKind};

const SHAPES_TSV: &str = include_str!("../data/countries-110m.tsv");
const POINTS_TSV: &str = include_str!("../data/small-states.tsv");

/// The Equal Earth projection (Šavrič, Patterson & Jenny, "The Equal Earth map projection",
/// International Journal of Geographical Information Science 33(3), 2019), on the unit sphere:
/// longitude and latitude in degrees to `(x, y)`, y pointing north. Equal-area: every region
/// keeps its true share of the map, so large countries do not look more important than they are.
#[must_use]
pub fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
    const A1: f64 = 1.340_264;
    const A2: f64 = -0.081_106;
    const A3: f64 = 0.000_893;
    const A4: f64 = 0.003_796;
    let m = 3f64.sqrt() / 2.0;
    let lambda = lon.to_radians();
    let theta = (m * lat.to_radians().sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = lambda * theta.cos() / (m * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, y)
}

/// `x` of the antimeridian on the equator: the half-width of the projected world.
pub const HALF_WIDTH: f64 = 2.706_629_983_7;

/// One area of the 1:110m map.
#[derive(Debug)]
pub struct Shape {
    /// The State it belongs to, or `None` for an area that is no participant (Greenland,
    /// Western Sahara, Taiwan, Kosovo, ...).
    pub state: Option<ParticipantId>,
    /// Natural Earth's name for the area.
    pub name: &'static str,
    /// Polygons, each an outline and its holes, in degrees.
    pub polygons: Vec<Vec<Vec<(f64, f64)>>>,
}

/// The embedded geometry.
#[derive(Debug)]
pub struct World {
    /// States with a shape, in code order, then the other areas by name.
    pub shapes: Vec<Shape>,
    /// A point (lon, lat) for each State without a shape, in code order.
    pub points: BTreeMap<ParticipantId, (f64, f64)>,
}

fn parse_ring(text: &str) -> Vec<(f64, f64)> {
    text.split(' ')
        .map(|p| {
            let (x, y) = p.split_once(',').expect("lon,lat");
            (x.parse().expect("lon"), y.parse().expect("lat"))
        })
        .collect()
}

fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines().filter(|l| !l.starts_with('#')).skip(1).map(|l| l.split('\t').collect())
}

fn state(code: &str) -> Option<ParticipantId> {
    (code != "-").then(|| ParticipantId::from_code(code).expect("a code of the participant registry"))
}

/// The embedded geometry, parsed once.
pub static WORLD: LazyLock<World> = LazyLock::new(|| {
    let shapes = rows(SHAPES_TSV)
        .map(|f| Shape {
            state: state(f[0]),
            name: f[1],
            polygons: f[2].split(';').map(|p| p.split('|').map(parse_ring).collect()).collect(),
        })
        .collect();
    let points = rows(POINTS_TSV)
        .map(|f| (state(f[0]).expect("a State"), (f[2].parse().expect("lon"), f[3].parse().expect("lat"))))
        .collect();
    World { shapes, points }
});

/// Whether the map can show a participant: a State with a shape or a point. Organizations
/// (the European Union) are never drawn: the maps name them in a note.
#[must_use]
pub fn drawable(p: ParticipantId) -> bool {
    p.participant().kind == ParticipantKind::State
        && (WORLD.points.contains_key(&p) || WORLD.shapes.iter().any(|s| s.state == Some(p)))
}

/// The map's frame: a pixel width and the projection scaled into it.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Pixels per unit of the projection.
    pub scale: f64,
    /// Pixel x of longitude 0.
    pub cx: f64,
    /// Pixel y of the equator.
    pub cy: f64,
}

/// Northernmost and southernmost latitudes drawn (Antarctica is left off).
pub const NORTH: f64 = 84.0;
/// See [`NORTH`].
pub const SOUTH: f64 = -57.0;

impl Frame {
    /// A frame `width` pixels wide, with `margin` on each side, the map starting at `top`.
    #[must_use]
    pub fn new(width: f64, margin: f64, top: f64) -> Frame {
        let scale = (width - 2.0 * margin) / (2.0 * HALF_WIDTH);
        Frame { scale, cx: width / 2.0, cy: top + equal_earth(0.0, NORTH).1 * scale }
    }

    /// Pixel position of a point.
    #[must_use]
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = equal_earth(lon, lat);
        (self.cx + x * self.scale, self.cy - y * self.scale)
    }

    /// Height in pixels of the map from [`NORTH`] to [`SOUTH`].
    #[must_use]
    pub fn height(&self) -> f64 {
        (equal_earth(0.0, NORTH).1 - equal_earth(0.0, SOUTH).1) * self.scale
    }
}

/// Tenths of a pixel.
fn tenths(v: f64) -> i64 {
    (v * 10.0).round() as i64
}

fn num(out: &mut String, t: i64) {
    // Tenths as a decimal without a trailing ".0": 123 -> "12.3", -5 -> "-.5", 40 -> "4".
    let sign = if t < 0 { "-" } else { "" };
    let a = t.unsigned_abs();
    match (a / 10, a % 10) {
        (0, 0) => out.push('0'),
        (0, d) => write!(out, "{sign}.{d}").expect("string"),
        (i, 0) => write!(out, "{sign}{i}").expect("string"),
        (i, d) => write!(out, "{sign}{i}.{d}").expect("string"),
    }
}

/// SVG path data for polygons: absolute start, then relative moves between points rounded to
/// tenths of a pixel (the differences of rounded positions, so rounding never drifts).
#[must_use]
pub fn path_data(frame: &Frame, polygons: &[Vec<Vec<(f64, f64)>>]) -> String {
    let mut d = String::new();
    for ring in polygons.iter().flatten() {
        let pts: Vec<(i64, i64)> = ring
            .iter()
            .map(|&(lon, lat)| {
                let (x, y) = frame.project(lon, lat);
                (tenths(x), tenths(y))
            })
            .collect();
        let mut prev: Option<(i64, i64)> = None;
        let mut count = 0;
        let start = d.len();
        for p in pts {
            match prev {
                None => {
                    d.push('M');
                    num(&mut d, p.0);
                    d.push(',');
                    num(&mut d, p.1);
                    d.push('l');
                }
                Some(q) if q == p => continue,
                Some(q) => {
                    if count > 1 {
                        d.push(' ');
                    }
                    num(&mut d, p.0 - q.0);
                    if p.1 - q.1 >= 0 {
                        d.push(',');
                    }
                    num(&mut d, p.1 - q.1);
                }
            }
            prev = Some(p);
            count += 1;
        }
        if count < 3 {
            // Smaller than a pixel: nothing to draw.
            d.truncate(start);
        } else {
            d.push('z');
        }
    }
    d
}

/// Area (square pixels) and centroid of the largest polygon of a shape, projected.
#[must_use]
pub fn largest_polygon(frame: &Frame, polygons: &[Vec<Vec<(f64, f64)>>]) -> (f64, (f64, f64)) {
    let mut best = (0.0, (0.0, 0.0));
    for polygon in polygons {
        let outline: Vec<(f64, f64)> = polygon[0].iter().map(|&(lon, lat)| frame.project(lon, lat)).collect();
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for (i, &(x0, y0)) in outline.iter().enumerate() {
            let (x1, y1) = outline[(i + 1) % outline.len()];
            let c = x0 * y1 - x1 * y0;
            a += c;
            cx += (x0 + x1) * c;
            cy += (y0 + y1) * c;
        }
        if a != 0.0 && (a / 2.0).abs() > best.0 {
            best = ((a / 2.0).abs(), (cx / (3.0 * a), cy / (3.0 * a)));
        }
    }
    best
}

/// Moves dots of radius `r` apart until no two overlap (with a gap), deterministically: a fixed
/// number of passes over the pairs in order, each pair pushed apart by half its overlap.
/// Returns the new positions in the same order.
#[must_use]
pub fn spread(anchors: &[(f64, f64)], r: f64) -> Vec<(f64, f64)> {
    let min = 2.0 * r + 1.0;
    let mut pos = anchors.to_vec();
    for _ in 0..200 {
        let mut moved = false;
        for i in 0..pos.len() {
            for j in i + 1..pos.len() {
                let (dx, dy) = (pos[j].0 - pos[i].0, pos[j].1 - pos[i].1);
                let dist = dx.hypot(dy);
                if dist >= min - 1e-9 {
                    continue;
                }
                let (ux, uy) = if dist < 1e-9 { (0.0, -1.0) } else { (dx / dist, dy / dist) };
                let push = (min - dist) / 2.0 + 1e-3;
                pos[i] = (pos[i].0 - ux * push, pos[i].1 - uy * push);
                pos[j] = (pos[j].0 + ux * push, pos[j].1 + uy * push);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference values from d3-geo 3's `geoEqualEarthRaw`, an independent implementation.
    #[test]
    fn equal_earth_matches_d3_geo() {
        let cases = [
            ((0.0, 0.0), (0.0, 0.0)),
            ((180.0, 0.0), (2.706_629_983_7, 0.0)),
            ((0.0, 90.0), (0.0, 1.317_362_759_2)),
            ((-74.0, 40.7), (-0.981_862_090_2, 0.786_841_444_2)),
            ((151.2, -33.87), (2.086_965_077_7, -0.664_705_766_0)),
            ((12.45, 41.9), (0.163_909_577_1, 0.807_618_320_6)),
            ((-180.0, -60.0), (-2.039_060_087_6, -1.088_300_835_5)),
        ];
        for ((lon, lat), (x, y)) in cases {
            let (px, py) = equal_earth(lon, lat);
            assert!((px - x).abs() < 1e-9 && (py - y).abs() < 1e-9, "({lon}, {lat}) -> ({px}, {py}), not ({x}, {y})");
        }
        assert!((equal_earth(180.0, 0.0).0 - HALF_WIDTH).abs() < 1e-9);
    }

    /// Equal area: a small cell of the sphere keeps the same share of the map anywhere
    /// (the area of the sphere, 4π, maps to the area of the projected world).
    #[test]
    fn equal_earth_preserves_area() {
        let cell = |lon: f64, lat: f64| {
            let h = 1e-3;
            let (x0, y0) = equal_earth(lon, lat);
            let (x1, y1) = equal_earth(lon + h, lat);
            let (x2, y2) = equal_earth(lon, lat + h);
            let projected = ((x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)).abs();
            let on_sphere = h.to_radians() * h.to_radians() * lat.to_radians().cos();
            projected / on_sphere
        };
        for (lon, lat) in [(0.0, 0.0), (30.0, 45.0), (-120.0, -60.0), (170.0, 80.0), (5.0, -20.0)] {
            assert!((cell(lon, lat) - 1.0).abs() < 1e-3, "({lon}, {lat}): {}", cell(lon, lat));
        }
    }

    #[test]
    fn path_data_is_compact_and_closed() {
        let frame = Frame { scale: 1.0, cx: 0.0, cy: 0.0 };
        let square = vec![vec![vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]]];
        let d = path_data(&frame, &square);
        assert!(d.starts_with("M0,0l") && d.ends_with('z'), "{d}");
        let mut buf = String::new();
        for t in [123, -5, 40, 0, -120] {
            num(&mut buf, t);
            buf.push(' ');
        }
        assert_eq!(buf, "12.3 -.5 4 0 -12 ");
    }

    #[test]
    fn spread_separates_overlapping_dots_and_leaves_others() {
        let out = spread(&[(0.0, 0.0), (1.0, 0.0), (100.0, 100.0), (0.0, 0.0)], 3.0);
        for i in 0..out.len() {
            for j in i + 1..out.len() {
                let d = (out[i].0 - out[j].0).hypot(out[i].1 - out[j].1);
                assert!(d >= 6.99, "{i} {j}: {d}");
            }
        }
        assert_eq!(out[2], (100.0, 100.0));
    }

    #[test]
    fn every_state_of_the_registry_has_a_shape_or_a_point_and_the_data_is_sound() {
        let missing: Vec<&str> = ParticipantId::all()
            .filter(|p| p.participant().kind == ParticipantKind::State && !drawable(*p))
            .map(ParticipantId::code)
            .collect();
        assert!(missing.is_empty(), "no shape or dot: {missing:?}");
        for s in &WORLD.shapes {
            for ring in s.polygons.iter().flatten() {
                assert!(ring.len() >= 4 && ring.first() == ring.last(), "{}: an open ring", s.name);
                assert!(ring.iter().all(|(x, y)| x.abs() <= 180.0 && y.abs() <= 90.0), "{}", s.name);
                assert!(
                    ring.windows(2).all(|w| (w[0].0 - w[1].0).abs() < 180.0),
                    "{}: an edge across the antimeridian",
                    s.name
                );
            }
        }
        // No State has both: a point is only for a State without a shape.
        assert!(WORLD.points.keys().all(|p| !WORLD.shapes.iter().any(|s| s.state == Some(*p))));
        let eu = ParticipantId::from_code("EUU").unwrap();
        assert!(!drawable(eu), "the European Union is an organization: no shape");
    }
}
