//! The map of a region's municipalities (data/map.geojson): each municipality's boundary, in
//! degrees, as the region page's map draws it ([`crate::charts::map`]).

/// A point: longitude and latitude in degrees (WGS 84, as GeoJSON has them).
pub type Point = [f64; 2];

/// A polygon: its outer ring, then its holes; each ring closed (its last point its first).
pub type Polygon = Vec<Vec<Point>>;

/// The boundary of one municipality: one polygon or several (islands, exclaves).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    pub polygons: Vec<Polygon>,
}
