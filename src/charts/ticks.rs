//! Round numbers for axes. Every step is 1, 2 or 5 times a power of ten, so that an axis reads
//! 0, 5, 10, 15 or 0, 20, 40, never 0, 6, 11, 17; counts step by whole numbers; labels along a
//! dense axis are kept at round intervals too (every 5th score, not every 3rd).

/// The smallest round step (1, 2 or 5 × 10ᵏ) not below `at_least`; 1 when `at_least` is no
/// positive number.
pub fn round_step(at_least: f64) -> f64 {
    if !(at_least.is_finite() && at_least > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powi(at_least.log10().floor() as i32);
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= at_least * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
}

/// The step of a value axis from 0 to `max`: round, at most five intervals; at least 1 for
/// counts (never 0,5 of a school).
pub fn tick_step(max: f64, integer: bool) -> f64 {
    let step = round_step(max / 5.0);
    if integer {
        step.max(1.0)
    } else {
        step
    }
}

/// The ticks from 0 to the first multiple of `step` at or above `max`: at least 0 and `step`.
pub fn ticks(max: f64, step: f64) -> Vec<f64> {
    let n = if max.is_finite() && max > 0.0 {
        ((max / step) - 1e-9).ceil().max(1.0) as usize
    } else {
        1
    };
    (0..=n).map(|i| i as f64 * step).collect()
}

/// Decimal places a round step's ticks need: 0 for 5, 1 for 0,5, 2 for 0,05.
pub fn decimals(step: f64) -> usize {
    (0..4)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(4)
}

/// How many categories apart to write labels along an axis of `n` categories `slot` units wide,
/// each label `width` units wide with `gap` between neighbours: the smallest round step that
/// fits (1, 2, 5, 10, …).
pub fn every(n: usize, slot: f64, width: f64, gap: f64) -> usize {
    let mut k = 1usize;
    while (k as f64) * slot < width + gap && k < n.max(1) {
        k = next_round(k);
    }
    k
}

/// The round step after `k`: 1 → 2 → 5 → 10 → 20 → …
fn next_round(k: usize) -> usize {
    let magnitude = 10usize.pow(k.ilog10());
    match k / magnitude {
        1 => 2 * magnitude,
        2 => 5 * magnitude,
        _ => 10 * magnitude,
    }
}

/// Whether category `i` of an axis labelled every `k` gets its label: the categories whose
/// number is a multiple of `k`, numbered from `first` (a score axis from 0 labels 0, 5, 10; a
/// task axis from 1 labels 5, 10, 15). `first` is the first category's own number when the
/// categories are consecutive whole numbers, else 1.
pub fn labelled(i: usize, k: usize, first: i64) -> bool {
    k <= 1 || (first + i as i64).rem_euclid(k as i64) == 0
}

/// The number of the first category, when the categories are consecutive whole numbers.
pub fn first_number(categories: &[String]) -> Option<i64> {
    let first: i64 = categories.first()?.parse().ok()?;
    categories
        .iter()
        .enumerate()
        .all(|(i, c)| c.parse::<i64>().ok() == Some(first + i as i64))
        .then_some(first)
}

/// The width of the bins of a histogram from 0 to `max` with at most `bins` bins: round.
pub fn bin_width(max: f64, bins: usize) -> f64 {
    round_step(max / bins.max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        // max / 5, then up to the next round number, by hand:
        assert_eq!(tick_step(17.0, true), 5.0, "3,4 → 5: 0, 5, 10, 15, 20");
        assert_eq!(tick_step(100.0, false), 20.0, "20 → 20");
        assert_eq!(tick_step(12.0, false), 5.0, "2,4 → 5, not 2,5");
        assert_eq!(tick_step(2.0, false), 0.5, "0,4 → 0,5");
        assert_eq!(tick_step(38.0, false), 10.0, "7,6 → 10");
        assert_eq!(tick_step(6.0, true), 2.0, "1,2 → 2");
        assert_eq!(tick_step(0.3, false), 0.1, "0,06 → 0,1");
        assert_eq!(tick_step(1.3, false), 0.5, "0,26 → 0,5");
        assert_eq!(tick_step(700.0, true), 200.0, "140 → 200");
    }

    #[test]
    fn counts_step_by_whole_numbers_and_odd_input_gives_a_unit_axis() {
        assert_eq!(tick_step(1.0, true), 1.0, "not 0,2 for a count of 1");
        assert_eq!(tick_step(3.0, true), 1.0);
        assert_eq!(tick_step(0.0, true), 1.0);
        assert_eq!(tick_step(0.0, false), 1.0);
        assert_eq!(tick_step(f64::NAN, false), 1.0);
        assert_eq!(ticks(0.0, 1.0), [0.0, 1.0], "all zero: an axis 0–1");
        assert_eq!(ticks(f64::INFINITY, 1.0), [0.0, 1.0]);
    }

    #[test]
    fn ticks_run_from_zero_to_the_first_round_value_at_or_above_the_maximum() {
        assert_eq!(ticks(17.0, 5.0), [0.0, 5.0, 10.0, 15.0, 20.0]);
        assert_eq!(ticks(20.0, 5.0), [0.0, 5.0, 10.0, 15.0, 20.0]);
        assert_eq!(ticks(100.0, 20.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let tenths = ticks(0.3, 0.1);
        assert_eq!(tenths.len(), 4);
        assert!((tenths[3] - 0.3).abs() < 1e-12);
        assert_eq!(decimals(0.1), 1);
        assert_eq!(decimals(5.0), 0);
        assert_eq!(decimals(0.05), 2);
    }

    #[test]
    fn dense_axes_label_round_categories_only() {
        // 39 scores (0–38) in 312 units: 8 per score; a label of two digits needs 22: every 5th.
        assert_eq!(every(39, 8.0, 17.2, 5.0), 5);
        // 4 marks in 78 units each: every one.
        assert_eq!(every(4, 78.0, 26.0, 5.0), 1);
        // 24 tasks in 13 units each: labels of 17 need 22: every 2nd.
        assert_eq!(every(24, 13.0, 17.2, 5.0), 2);
        // 150 in 2 units each: every 20th (1, 2, 5, 10 are too close).
        assert_eq!(every(150, 2.0, 26.0, 5.0), 20);
        assert_eq!(every(0, 1.0, 30.0, 5.0), 1, "no categories: no loop");
        let scores: Vec<String> = (0..=38).map(|s| s.to_string()).collect();
        let first = first_number(&scores).unwrap();
        let shown: Vec<usize> = (0..39).filter(|&i| labelled(i, 5, first)).collect();
        assert_eq!(shown, [0, 5, 10, 15, 20, 25, 30, 35]);
        let tasks = ["1", "2", "3", "4.1", "4.2", "5"].map(String::from);
        assert_eq!(first_number(&tasks), None);
        let shown: Vec<usize> = (0..6).filter(|&i| labelled(i, 2, 1)).collect();
        assert_eq!(shown, [1, 3, 5], "the 2nd, 4th and 6th task");
    }

    #[test]
    fn bins_are_round_too() {
        assert_eq!(bin_width(38.0, 25), 2.0, "1,52 → 2: 19 bins");
        assert_eq!(bin_width(100.0, 25), 5.0, "4 → 5: 20 bins");
        assert_eq!(bin_width(20.0, 25), 1.0, "0,8 → 1");
        assert_eq!(bin_width(7.0, 25), 0.5, "0,28 → 0,5");
        assert_eq!(bin_width(0.0, 25), 1.0);
    }
}
