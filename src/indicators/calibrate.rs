//! Calibration of the supplementary signs against real between-school variation (SPEC
//! «Calibration»). Pupils of one school are not independent, so a test that treats them as
//! independent flags far more schools than its α. Each kind of statistic gets the model that
//! fits it:
//! - shares: a beta-binomial per cell, its overdispersion ρ fitted by maximum likelihood over the
//!   region's schools, and the exact mid-p of the school's count ([`ShareModel`]);
//! - means and residuals: a random-effects z whose between-school variance τ² makes the bulk of
//!   schools' z have a robust SD of 1 ([`random_effects`]);
//! - pooled counts against a reference: the robust spread of the same statistic at placebo
//!   cut-offs ([`robust_sd`]).

use libm::lgamma;

/// One school's count of `k` of `n` where `p` is expected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShareObs {
    pub k: u32,
    pub n: u32,
    pub p: f64,
}

/// The least overdispersion: below it the beta-binomial is the binomial to many digits.
const RHO_MIN: f64 = 1e-6;
/// The most overdispersion fitted (half the variance of a pupil between schools).
const RHO_MAX: f64 = 0.5;
/// Schools this far out in either tail are left out of the second fitting pass.
const OUTLIER_P: f64 = 0.001;

/// ln P(K = k) for K ~ BetaBinomial(n, mean p, intra-class correlation ρ).
fn ln_pmf(k: u32, n: u32, p: f64, rho: f64) -> f64 {
    let (k, n) = (k as f64, n as f64);
    let s = scale(rho);
    lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + ln_pmf_of_rho(k, n, p, s, lgamma(s))
}

/// α + β of the beta distribution of intra-class correlation ρ: (1 − ρ)/ρ.
fn scale(rho: f64) -> f64 {
    (1.0 - rho) / rho
}

/// The part of [`ln_pmf`] that depends on ρ (the binomial coefficient left out), with α + β =
/// `s` and `ln_gamma_s` = lnΓ(s), which every school of a cell shares:
/// lnB(k + α, n − k + β) − lnB(α, β) at five lgamma calls a school.
fn ln_pmf_of_rho(k: f64, n: f64, p: f64, s: f64, ln_gamma_s: f64) -> f64 {
    let (a, b) = (p * s, (1.0 - p) * s);
    (lgamma(k + a) + lgamma(n - k + b) - lgamma(n + s)) - (lgamma(a) + lgamma(b) - ln_gamma_s)
}

/// The beta-binomial of one cell of a region: its fitted overdispersion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShareModel {
    pub rho: f64,
}

impl ShareModel {
    /// Fits ρ by maximum likelihood over the schools, then again without the schools whose
    /// count is at mid-p < 0.001 in either tail (so that the anomalies looked for do not widen
    /// the model that judges them). Observations with p at 0 or 1 carry no information.
    pub fn fit(obs: &[ShareObs]) -> ShareModel {
        let usable: Vec<ShareObs> = obs
            .iter()
            .copied()
            .filter(|o| o.n > 0 && o.p > 0.0 && o.p < 1.0)
            .collect();
        let first = ShareModel {
            rho: max_likelihood(&usable, None),
        };
        let bulk: Vec<ShareObs> = usable
            .iter()
            .copied()
            .filter(|o| first.mid_p_either(*o) >= OUTLIER_P)
            .collect();
        if bulk.len() == usable.len() {
            return first; // no school left out: the same fit
        }
        ShareModel {
            rho: max_likelihood(&bulk, Some(first.rho)),
        }
    }

    /// P(K < k) and P(K > k) with P(K = k), from ln P(K = k) and the ratio of neighbouring
    /// terms, P(j + 1)/P(j) = (n − j)/(j + 1) · (α + j)/(β + n − j − 1): one lgamma per school
    /// instead of one per term. Each tail stops once its terms no longer change the sum.
    fn tails(&self, o: ShareObs) -> (f64, f64, f64) {
        let s = scale(self.rho);
        let (a, b) = (o.p * s, (1.0 - o.p) * s);
        let (n, k) = (o.n as f64, o.k as f64);
        let at = ln_pmf(o.k, o.n, o.p, self.rho).exp();
        let ratio_up = |j: f64| (n - j) / (j + 1.0) * (a + j) / (b + n - j - 1.0);
        let (mut below, mut term, mut j) = (0.0, at, k);
        while j > 0.0 {
            term /= ratio_up(j - 1.0);
            below += term;
            j -= 1.0;
            if term < below * 1e-17 {
                break;
            }
        }
        let (mut above, mut term, mut j) = (0.0, at, k);
        while j < n {
            term *= ratio_up(j);
            above += term;
            j += 1.0;
            if term < above * 1e-17 {
                break;
            }
        }
        (below, at, above)
    }

    /// P(K < k) + ½·P(K = k): how unusually few.
    pub fn mid_p_lower(&self, o: ShareObs) -> f64 {
        let (below, at, _) = self.tails(o);
        (below + 0.5 * at).min(1.0)
    }

    /// P(K > k) + ½·P(K = k): how unusually many.
    pub fn mid_p_upper(&self, o: ShareObs) -> f64 {
        let (_, at, above) = self.tails(o);
        (above + 0.5 * at).min(1.0)
    }

    /// The smaller of the two tails' mid-p.
    fn mid_p_either(&self, o: ShareObs) -> f64 {
        let (below, at, above) = self.tails(o);
        (below.min(above) + 0.5 * at).min(1.0)
    }
}

/// The ρ maximising the beta-binomial likelihood, searched on log ρ by [`brent_max`] from
/// `near` (a fit of most of the same schools) when there is one.
fn max_likelihood(obs: &[ShareObs], near: Option<f64>) -> f64 {
    if obs.is_empty() {
        return RHO_MIN;
    }
    let ll = |ln_rho: f64| -> f64 {
        let s = scale(ln_rho.exp());
        let ln_gamma_s = lgamma(s);
        obs.iter()
            .map(|o| ln_pmf_of_rho(o.k as f64, o.n as f64, o.p, s, ln_gamma_s))
            .sum()
    };
    let (lo, hi) = (RHO_MIN.ln(), RHO_MAX.ln());
    let start = near.map(f64::ln).filter(|x| lo < *x && *x < hi);
    let (best, at_best) = brent_max(ll, lo, hi, start);
    // The boundary itself may be best (no overdispersion at all).
    if ll(RHO_MIN.ln()) >= at_best {
        RHO_MIN
    } else {
        best.exp()
    }
}

/// The x in [lo, hi] maximising a unimodal `f`, and f(x): Brent's method (golden-section steps
/// where parabolic interpolation through the best three points does not shrink the bracket
/// fast enough; R. P. Brent, «Algorithms for Minimization without Derivatives», 1973, ch. 5).
/// It starts from `start` (else the golden point of the bracket) and stops when x is known to
/// ±2·10⁻⁸·|x|, after some 17 evaluations of a smooth likelihood where golden sections alone
/// take 42 to get there.
fn brent_max(f: impl Fn(f64) -> f64, lo: f64, hi: f64, start: Option<f64>) -> (f64, f64) {
    const GOLDEN: f64 = 0.381_966_011_250_105_1; // (3 − √5)/2
    const TOL: f64 = 1e-8;
    const ZEPS: f64 = 1e-12;
    let g = |x: f64| -f(x);
    let (mut a, mut b) = (lo, hi);
    let mut x = start.unwrap_or(a + GOLDEN * (b - a));
    let (mut w, mut v) = (x, x);
    let mut fx = g(x);
    let (mut fw, mut fv) = (fx, fx);
    // The last step and the one before it.
    let (mut d, mut e) = (0.0f64, 0.0f64);
    for _ in 0..200 {
        let mid = 0.5 * (a + b);
        let tol1 = TOL * x.abs() + ZEPS;
        let tol2 = 2.0 * tol1;
        if (x - mid).abs() <= tol2 - 0.5 * (b - a) {
            break;
        }
        let mut golden = true;
        if e.abs() > tol1 {
            // The parabola through (v, fv), (w, fw), (x, fx): its vertex is x + p/q.
            let r = (x - w) * (fx - fv);
            let mut q = (x - v) * (fx - fw);
            let mut p = (x - v) * q - (x - w) * r;
            q = 2.0 * (q - r);
            if q > 0.0 {
                p = -p;
            }
            q = q.abs();
            let before = e;
            e = d;
            if p.abs() < (0.5 * q * before).abs() && p > q * (a - x) && p < q * (b - x) {
                golden = false;
                d = p / q;
                let u = x + d;
                if u - a < tol2 || b - u < tol2 {
                    d = tol1.copysign(mid - x);
                }
            }
        }
        if golden {
            e = if x >= mid { a - x } else { b - x };
            d = GOLDEN * e;
        }
        let u = if d.abs() >= tol1 {
            x + d
        } else {
            x + tol1.copysign(d)
        };
        let fu = g(u);
        if fu <= fx {
            if u >= x {
                a = x;
            } else {
                b = x;
            }
            (v, fv, w, fw, x, fx) = (w, fw, x, fx, u, fu);
        } else {
            if u < x {
                a = u;
            } else {
                b = u;
            }
            if fu <= fw || w == x {
                (v, fv, w, fw) = (w, fw, u, fu);
            } else if fu <= fv || v == x || v == w {
                (v, fv) = (u, fu);
            }
        }
    }
    (x, -fx)
}

/// The median of `values` (`None` for none).
pub fn median(values: &[f64]) -> Option<f64> {
    super::stats::quantile(values, 0.5)
}

/// A robust standard deviation: 1.4826 × the median absolute deviation from the median.
pub fn robust_sd(values: &[f64]) -> Option<f64> {
    let m = median(values)?;
    let deviations: Vec<f64> = values.iter().map(|v| (v - m).abs()).collect();
    Some(1.4826 * median(&deviations)?)
}

/// Random-effects z's of residuals `r` with sampling variances `se2`: z = r / √(se² + τ²), with
/// the least τ² ≥ 0 that brings the robust SD of the z's to at most 1. Returns (τ², z's).
pub fn random_effects(residuals: &[(f64, f64)]) -> (f64, Vec<f64>) {
    let zs = |tau2: f64| -> Vec<f64> {
        residuals
            .iter()
            .map(|&(r, se2)| r / (se2 + tau2).max(f64::MIN_POSITIVE).sqrt())
            .collect()
    };
    let spread = |tau2: f64| robust_sd(&zs(tau2)).unwrap_or(0.0);
    if spread(0.0) <= 1.0 {
        return (0.0, zs(0.0));
    }
    let mut hi = residuals.iter().map(|(r, _)| r * r).fold(1e-9, f64::max);
    while spread(hi) > 1.0 {
        hi *= 4.0;
    }
    let mut lo = 0.0;
    for _ in 0..80 {
        let mid = (lo + hi) / 2.0;
        if spread(mid) > 1.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (hi, zs(hi))
}

/// Points beyond which [`theil_sen`] takes every `n / THEIL_SEN_ALL`-th partner of each point
/// instead of all of them (a few hundred thousand slopes at most).
const THEIL_SEN_ALL: usize = 400;

/// The Theil–Sen line through points (x, y): the median of pairwise slopes, and the median of
/// y − slope·x as intercept (returned as (intercept, slope)). `None` for fewer than two
/// distinct x.
pub fn theil_sen(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let step = points.len().div_ceil(THEIL_SEN_ALL).max(1);
    let mut slopes = Vec::new();
    for (i, a) in points.iter().enumerate() {
        for b in points[i + 1..].iter().step_by(step) {
            if b.0 != a.0 {
                slopes.push((b.1 - a.1) / (b.0 - a.0));
            }
        }
    }
    let slope = median(&slopes)?;
    let intercepts: Vec<f64> = points.iter().map(|(x, y)| y - slope * x).collect();
    Some((median(&intercepts)?, slope))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_beta_binomial_at_tiny_rho_is_the_binomial() {
        // Binomial(4, 0.5): P(K = 1) = 4/16
        let p = ln_pmf(1, 4, 0.5, RHO_MIN).exp();
        assert!((p - 0.25).abs() < 1e-5, "{p}");
    }

    #[test]
    fn the_beta_binomial_pmf_matches_a_hand_computation() {
        // ρ = 1/3 → s = 2, p = 0.5 → α = β = 1: BetaBinomial(n, 1, 1) is uniform on 0..=n.
        for k in 0..=5 {
            assert!((ln_pmf(k, 5, 0.5, 1.0 / 3.0).exp() - 1.0 / 6.0).abs() < 1e-12);
        }
    }

    #[test]
    fn mid_p_adds_half_the_observed_point() {
        // Uniform on 0..=5 (as above): P(K < 2) = 2/6, P(K = 2) = 1/6 → mid-p = 2.5/6.
        let model = ShareModel { rho: 1.0 / 3.0 };
        let o = ShareObs { k: 2, n: 5, p: 0.5 };
        assert!((model.mid_p_lower(o) - 2.5 / 6.0).abs() < 1e-12);
        assert!((model.mid_p_upper(o) - 3.5 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn the_tails_by_recurrence_equal_the_sums_of_the_pmf() {
        let model = ShareModel { rho: 0.07 };
        let o = ShareObs {
            k: 13,
            n: 40,
            p: 0.45,
        };
        let pmf = |j| ln_pmf(j, 40, 0.45, 0.07).exp();
        let below: f64 = (0..13).map(pmf).sum();
        let above: f64 = (14..=40).map(pmf).sum();
        assert!((model.mid_p_lower(o) - (below + 0.5 * pmf(13))).abs() < 1e-12);
        assert!((model.mid_p_upper(o) - (above + 0.5 * pmf(13))).abs() < 1e-12);
        let total: f64 = (0..=40).map(pmf).sum();
        assert!((total - 1.0).abs() < 1e-10, "the pmf sums to 1: {total}");
    }

    #[test]
    fn rho_is_near_zero_for_binomial_counts_and_large_for_spread_out_ones() {
        // Every school exactly at its expectation: no overdispersion.
        let even: Vec<ShareObs> = (0..50)
            .map(|_| ShareObs {
                k: 20,
                n: 40,
                p: 0.5,
            })
            .collect();
        assert!(ShareModel::fit(&even).rho < 1e-3);
        // Half the schools at 10 of 40, half at 30 of 40: far more spread than binomial.
        let spread: Vec<ShareObs> = (0..50)
            .map(|i| ShareObs {
                k: if i % 2 == 0 { 10 } else { 30 },
                n: 40,
                p: 0.5,
            })
            .collect();
        let rho = ShareModel::fit(&spread).rho;
        // The variance of k/n is ¼² = 0.0625 = p(1−p)(1 + (n−1)ρ)/n → ρ ≈ 0.23.
        assert!((0.15..0.3).contains(&rho), "{rho}");
    }

    #[test]
    fn brents_method_finds_a_maximum_in_fewer_evaluations_than_golden_sections() {
        let calls = std::cell::Cell::new(0);
        let (x, fx) = brent_max(
            |x| {
                calls.set(calls.get() + 1);
                3.0 - (x - 1.234) * (x - 1.234)
            },
            -5.0,
            5.0,
            None,
        );
        assert!(
            (x - 1.234).abs() < 1e-7 && (fx - 3.0).abs() < 1e-12,
            "{x} {fx}"
        );
        assert!(calls.get() < 20, "{} evaluations", calls.get());
        // x·e^(−x) is skewed about its maximum at 1.
        let (x, _) = brent_max(|x| x * (-x).exp(), 0.0, 10.0, None);
        assert!((x - 1.0).abs() < 1e-6, "{x}");
        // A rising function: its maximum is at the bracket's end.
        let (x, _) = brent_max(|x| x, -13.8, -0.7, None);
        assert!((x + 0.7).abs() < 1e-6, "{x}");
    }

    #[test]
    fn the_fitted_rho_is_the_likelihoods_maximum() {
        // Counts spread about their expectation (k = 8..32 of 40 at p = 0.5).
        let obs: Vec<ShareObs> = (0..60)
            .map(|i| ShareObs {
                k: 8 + (i * 7) % 25,
                n: 40,
                p: 0.5,
            })
            .collect();
        let rho = max_likelihood(&obs, None);
        // Started near the answer, the search ends at the same place.
        for near in [rho * 1.5, rho / 3.0, 0.4, 2e-6] {
            let again = max_likelihood(&obs, Some(near));
            assert!(
                (again / rho - 1.0).abs() < 1e-6,
                "from {near}: {again} vs {rho}"
            );
        }
        let ll = |rho: f64| -> f64 { obs.iter().map(|o| ln_pmf(o.k, o.n, o.p, rho)).sum() };
        for step in 1..=2000 {
            let other = RHO_MIN * (RHO_MAX / RHO_MIN).powf(step as f64 / 2000.0);
            assert!(ll(rho) >= ll(other) - 1e-9, "ρ = {other} beats {rho}");
        }
        assert!(ll(rho) > ll(rho * 1.001) && ll(rho) > ll(rho / 1.001));
    }

    #[test]
    fn robust_sd_of_a_normal_like_sample_and_its_median() {
        // |deviations| from the median 3 of 1..5: 2 1 0 1 2 → median 1 → 1.4826
        assert!((robust_sd(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap() - 1.4826).abs() < 1e-12);
        assert_eq!(robust_sd(&[]), None);
    }

    #[test]
    fn random_effects_add_the_between_school_variance_that_brings_the_spread_to_one() {
        // Residuals ±2 with se² = 1: raw z's ±2, robust SD 2·1.4826 → τ² with 2/√(1 + τ²) =
        // 1/1.4826 → τ² = (2·1.4826)² − 1.
        let residuals: Vec<(f64, f64)> = (0..20)
            .map(|i| (if i % 2 == 0 { 2.0 } else { -2.0 }, 1.0))
            .collect();
        let (tau2, z) = random_effects(&residuals);
        let expected = (2.0f64 * 1.4826).powi(2) - 1.0;
        assert!((tau2 - expected).abs() < 1e-6, "{tau2} vs {expected}");
        assert!((robust_sd(&z).unwrap() - 1.0).abs() < 1e-6);
        // Already within 1: no between-school variance.
        let calm: Vec<(f64, f64)> = (0..20).map(|i| (0.1 * (i % 3) as f64, 1.0)).collect();
        assert_eq!(random_effects(&calm).0, 0.0);
    }

    #[test]
    fn theil_sen_ignores_an_outlier() {
        // y = 2 + 0.5x on five points, one of them lifted by 40.
        let mut pts: Vec<(f64, f64)> = (0..5).map(|i| (i as f64, 2.0 + 0.5 * i as f64)).collect();
        pts[4].1 += 40.0;
        let (a, b) = theil_sen(&pts).unwrap();
        assert!(
            (b - 0.5).abs() < 1e-12 && (a - 2.0).abs() < 1e-12,
            "{a} {b}"
        );
        assert_eq!(theil_sen(&[(1.0, 1.0), (1.0, 2.0)]), None);
    }
}
