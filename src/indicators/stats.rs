//! Small statistics the methodology needs, on counts rather than rows: quantiles with linear
//! interpolation, Spearman's ρ from a score × journal-mark table, the one-sided binomial z.

/// The q-quantile of `values` by linear interpolation between order statistics (numpy's default):
/// h = (n − 1)·q, Q = v⌊h⌋ + (h − ⌊h⌋)·(v⌊h⌋+1 − v⌊h⌋). `None` for no values.
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    let mut v: Vec<f64> = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    Some(v[lo] + (h - lo as f64) * (v[hi] - v[lo]))
}

/// Mid-ranks of the values 0..counts.len() occurring `counts[i]` times: tied values share the
/// mean of the ranks they occupy (ranks start at 1).
fn mid_ranks(counts: &[u64]) -> Vec<f64> {
    let mut before = 0u64;
    counts
        .iter()
        .map(|&c| {
            let rank = before as f64 + (c as f64 + 1.0) / 2.0;
            before += c;
            rank
        })
        .collect()
}

/// Spearman's ρ between journal mark and score as Pearson's r of mid-ranks, over the pupils of
/// `table[score][journal slot]` that have a journal mark (slots 1..=4 are marks 2..5).
/// Returns (ρ, pairs); ρ is `None` when either column is constant (no pupils, or one value).
pub fn spearman(table: &[[u32; 5]]) -> (Option<f64>, u64) {
    let score_counts: Vec<u64> = table
        .iter()
        .map(|row| row[1..].iter().map(|&c| c as u64).sum())
        .collect();
    let mut mark_counts = [0u64; 4];
    for row in table {
        for j in 0..4 {
            mark_counts[j] += row[j + 1] as u64;
        }
    }
    let n: u64 = score_counts.iter().sum();
    if n < 2 {
        return (None, n);
    }
    let (rs, rj) = (mid_ranks(&score_counts), mid_ranks(&mark_counts));
    let mean = (n as f64 + 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (s, row) in table.iter().enumerate() {
        for j in 0..4 {
            let w = row[j + 1] as f64;
            if w > 0.0 {
                let (x, y) = (rs[s] - mean, rj[j] - mean);
                sxy += w * x * y;
                sxx += w * x * x;
                syy += w * y * y;
            }
        }
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return (None, n);
    }
    (Some(sxy / (sxx * syy).sqrt()), n)
}

/// One-sided z of observing `observed` successes against expectations: (Σc − Σnp) / √Σnp(1−p).
pub fn binomial_z(observed: f64, expected: f64, variance: f64) -> Option<f64> {
    (variance > 0.0).then(|| (observed - expected) / variance.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_like_numpy() {
        // numpy.percentile([1, 2, 3, 4], 25) = 1.75: h = 3·0.25 = 0.75 → 1 + 0.75·(2 − 1)
        assert_eq!(quantile(&[4.0, 1.0, 3.0, 2.0], 0.25), Some(1.75));
        // 75 %: h = 2.25 → 3 + 0.25·(4 − 3) = 3.25
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.75), Some(3.25));
        assert_eq!(quantile(&[5.0], 0.75), Some(5.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    fn table(pairs: &[(usize, u8)]) -> Vec<[u32; 5]> {
        let mut t = vec![[0u32; 5]; 21];
        for &(score, mark) in pairs {
            t[score][(mark - 1) as usize] += 1;
        }
        t
    }

    #[test]
    fn spearman_of_perfect_orders_is_one_and_minus_one() {
        let up = table(&[(1, 2), (5, 3), (9, 4), (14, 5)]);
        let down = table(&[(1, 5), (5, 4), (9, 3), (14, 2)]);
        assert!((spearman(&up).0.unwrap() - 1.0).abs() < 1e-12);
        assert!((spearman(&down).0.unwrap() + 1.0).abs() < 1e-12);
    }

    #[test]
    fn spearman_averages_tied_ranks() {
        // scores 10, 10, 12, 15 → mid-ranks 1.5, 1.5, 3, 4; marks 3, 4, 4, 3 → 1.5, 3.5, 3.5, 1.5
        // centred (mean 2.5): x = −1, −1, 0.5, 1.5; y = −1, 1, 1, −1
        // Σxy = 1 − 1 + 0.5 − 1.5 = −1; Σx² = 1 + 1 + 0.25 + 2.25 = 4.5; Σy² = 4
        // ρ = −1 / √(4.5·4) = −0.2357…
        let t = table(&[(10, 3), (10, 4), (12, 4), (15, 3)]);
        let (rho, n) = spearman(&t);
        assert_eq!(n, 4);
        assert!((rho.unwrap() - (-1.0 / 18f64.sqrt())).abs() < 1e-12);
    }

    #[test]
    fn spearman_is_undefined_for_a_constant_column_and_ignores_missing_marks() {
        let mut t = table(&[(3, 4), (7, 4), (12, 4)]);
        t[15][0] = 9; // pupils without a journal mark are not pairs
        assert_eq!(spearman(&t), (None, 3));
    }

    #[test]
    fn binomial_z_matches_hand_computation() {
        // 12 observed where 20·0.4 = 8 expected, variance 20·0.4·0.6 = 4.8 → z = 4/√4.8
        assert!((binomial_z(12.0, 8.0, 4.8).unwrap() - 4.0 / 4.8f64.sqrt()).abs() < 1e-12);
        assert_eq!(binomial_z(1.0, 1.0, 0.0), None);
    }
}
