//! Confidence intervals for shares of schools and their difference.
//!
//! A share of a group of schools is a binomial proportion; the interval of one share is Wilson's
//! score interval, and the interval of the difference of two independent shares is Newcombe's
//! hybrid score interval (his method 10, Statistics in Medicine 17: 873–890, 1998), which
//! combines the two Wilson intervals. Both keep their stated coverage in small groups and at
//! shares near 0 or 1, where the usual ± z·SE interval is too narrow and can leave [0, 1]
//! (a group of 8 schools of which none was flagged again has a Wald interval of zero width);
//! both are closed forms, so that a page computes them without iterating.

/// The z of a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// An interval of a share or of a difference of shares (fractions, not percent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    /// Whether the interval holds `x`.
    pub fn holds(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }
}

/// Wilson's score interval of `k` of `n` at `z`; `None` for an empty group.
pub fn wilson(k: u32, n: u32, z: f64) -> Option<Interval> {
    if n == 0 {
        return None;
    }
    let (k, n) = (f64::from(k.min(n)), f64::from(n));
    let p = k / n;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(Interval {
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    })
}

/// The difference of two shares, `k1/n1 − k2/n2`, with Newcombe's hybrid score interval at
/// `z`; `None` when either group is empty.
pub fn difference(k1: u32, n1: u32, k2: u32, n2: u32, z: f64) -> Option<(f64, Interval)> {
    let (w1, w2) = (wilson(k1, n1, z)?, wilson(k2, n2, z)?);
    let (p1, p2) = (f64::from(k1) / f64::from(n1), f64::from(k2) / f64::from(n2));
    let d = p1 - p2;
    Some((
        d,
        Interval {
            low: d - ((p1 - w1.low).powi(2) + (w2.high - p2).powi(2)).sqrt(),
            high: d + ((w1.high - p1).powi(2) + (p2 - w2.low).powi(2)).sqrt(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-5
    }

    /// Newcombe's (1998) own examples, Table II: the published limits to four decimals.
    #[test]
    fn the_difference_has_newcombes_published_limits() {
        for ((k1, n1, k2, n2), (low, high)) in [
            ((56, 70, 48, 80), (0.0524, 0.3339)),
            ((9, 10, 3, 10), (0.1705, 0.8090)),
            ((6, 7, 2, 7), (0.0582, 0.8062)),
            ((5, 56, 0, 29), (-0.0381, 0.1926)),
            ((0, 10, 0, 20), (-0.1611, 0.2775)),
            ((10, 10, 0, 20), (0.6791, 1.0000)),
        ] {
            let (_, i) = difference(k1, n1, k2, n2, Z95).unwrap();
            assert!(
                close(i.low, low) && close(i.high, high),
                "{k1}/{n1} − {k2}/{n2}: got {:.4} to {:.4}, published {low} to {high}",
                i.low,
                i.high
            );
        }
    }

    /// By hand: 0 of 10 at z = 1.96: centre = (0 + 0.19208) / 1.38416 = 0.13877, half = 1.96 /
    /// 1.38416 · √(0.0096040) = 0.13877, so 0 to 0.27753 (Newcombe's Table I, 0–0.2775).
    #[test]
    fn wilson_of_none_of_ten_by_hand() {
        let i = wilson(0, 10, 1.96).unwrap();
        assert!(close(i.low, 0.0) && close(i.high, 0.27753), "{i:?}");
        assert_eq!(wilson(0, 0, Z95), None);
        assert_eq!(difference(1, 2, 0, 0, Z95), None);
    }
}
