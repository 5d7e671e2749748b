//! The numbers behind the report: latency percentiles from HDR histograms, merging them, and
//! the median and min–max of a metric over rounds, with the overlap verdict.

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

/// Latencies are recorded in microseconds, up to a minute (anything slower is clamped).
const MAX_MICROS: u64 = 60_000_000;

/// The quantiles kept in `results.json` as each run's latency spectrum.
pub(crate) const SPECTRUM: [f64; 12] = [
    0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999, 1.0,
];

/// An empty latency histogram: 1 µs to 60 s, 3 significant digits.
pub(crate) fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, MAX_MICROS, 3).expect("constant bounds are valid")
}

/// Records one latency, clamped into the histogram's range.
pub(crate) fn record(h: &mut Histogram<u64>, micros: u64) {
    h.saturating_record(micros.clamp(1, MAX_MICROS));
}

/// Adds every histogram into one (the connections of a run, the rounds of a starter).
pub(crate) fn merge<'a>(parts: impl IntoIterator<Item = &'a Histogram<u64>>) -> Histogram<u64> {
    let mut all = histogram();
    for h in parts {
        // Same bounds everywhere, so adding cannot fail; clamp if it ever did.
        let _ = all.add(h);
    }
    all
}

/// An HDR histogram as `results.json` keeps it: its bounds and every recorded bucket, so a
/// reader can rebuild it exactly and take any percentile or merge rounds itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RawHistogram {
    /// Always `us`.
    pub unit: String,
    pub lowest: u64,
    pub highest: u64,
    pub significant_digits: u8,
    /// `[value, count]` for each non-empty bucket, ascending; `value` is the highest value the
    /// bucket stands for (HdrHistogram's "highest equivalent value").
    pub counts: Vec<(u64, u64)>,
}

/// `h` as raw buckets.
pub(crate) fn raw(h: &Histogram<u64>) -> RawHistogram {
    RawHistogram {
        unit: "us".to_string(),
        lowest: h.low(),
        highest: h.high(),
        significant_digits: h.sigfig(),
        counts: h
            .iter_recorded()
            .map(|v| (v.value_iterated_to(), v.count_at_value()))
            .collect(),
    }
}

/// Rebuilds a histogram from raw buckets (values outside the bounds are clamped).
pub(crate) fn from_raw(r: &RawHistogram) -> Histogram<u64> {
    let mut h = histogram();
    for &(value, count) in &r.counts {
        h.saturating_record_n(value.clamp(1, MAX_MICROS), count)
    }
    h
}

/// The latency percentiles the report shows, in microseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Percentiles {
    pub p50: u64,
    pub p90: u64,
    pub p99: u64,
    pub p999: u64,
    pub max: u64,
    pub mean: f64,
}

/// The percentiles of `h` (all zero when it is empty).
pub(crate) fn percentiles(h: &Histogram<u64>) -> Percentiles {
    if h.is_empty() {
        return Percentiles::default();
    }
    Percentiles {
        p50: h.value_at_quantile(0.5),
        p90: h.value_at_quantile(0.9),
        p99: h.value_at_quantile(0.99),
        p999: h.value_at_quantile(0.999),
        max: h.max(),
        mean: h.mean(),
    }
}

/// `(quantile, microseconds)` at each of [`SPECTRUM`]'s quantiles.
pub(crate) fn spectrum(h: &Histogram<u64>) -> Vec<(f64, u64)> {
    if h.is_empty() {
        return Vec::new();
    }
    SPECTRUM
        .iter()
        .map(|&q| (q, h.value_at_quantile(q)))
        .collect()
}

/// A metric over rounds: its median and its range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

/// The median and range of `values`; `None` when there are none (NaN values are ignored).
pub(crate) fn spread(values: &[f64]) -> Option<Spread> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Some(Spread {
        median,
        min: v[0],
        max: v[n - 1],
    })
}

/// How two measured ranges compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Verdict {
    /// The min–max ranges overlap: the rounds do not separate the two.
    NoClearDifference,
    /// Every round of the first is above every round of the second.
    Higher,
    /// Every round of the first is below every round of the second.
    Lower,
}

impl Verdict {
    /// How the report words it.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Verdict::NoClearDifference => "no clear difference",
            Verdict::Higher => "higher",
            Verdict::Lower => "lower",
        }
    }
}

/// Compares `a` with `b`: a difference counts only when their ranges do not overlap.
pub(crate) fn verdict(a: &Spread, b: &Spread) -> Verdict {
    if a.min > b.max {
        Verdict::Higher
    } else if a.max < b.min {
        Verdict::Lower
    } else {
        Verdict::NoClearDifference
    }
}

/// The chance that a rerun's median lands inside this run's min–max range when nothing
/// changed between the two runs: `n` rounds here, `m` in the rerun, every round an
/// independent draw from one distribution (`None` without rounds on either side).
///
/// Only ranks matter, so it holds for any distribution. The median misses when all `n`
/// rounds here lie on one side of it, and they all lie above it exactly when the rerun's `k`
/// lowest rounds (`k` = its median's rank) are the `k` lowest of all `n + m`:
/// C(n+m-k, n) of the C(n+m, n) equally likely arrangements; below is the mirror image.
/// For three rounds against three that is 60%: even with no drift at all, two reruns in
/// five put some median outside, which is why the standard run has seven rounds (93%).
/// An even `m` puts the median between ranks `m/2` and `m/2 + 1`; the mean of the two
/// chances is given, as the exact one depends on the distribution.
pub(crate) fn rerun_inside_chance(n: usize, m: usize) -> Option<f64> {
    if n == 0 || m == 0 {
        return None;
    }
    // C(n+m-k, n) / C(n+m, n) as a product of n ratios, so that large counts cannot overflow.
    let all_above = |k: usize| -> f64 {
        (0..n)
            .map(|i| (n + m - k - i) as f64 / (n + m - i) as f64)
            .product()
    };
    let inside = |k: usize| 1.0 - 2.0 * all_above(k);
    Some(if m % 2 == 1 {
        inside(m.div_ceil(2))
    } else {
        (inside(m / 2) + inside(m / 2 + 1)) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread_of(min: f64, median: f64, max: f64) -> Spread {
        Spread { median, min, max }
    }

    #[test]
    fn percentiles_of_one_to_a_thousand() {
        let mut h = histogram();
        for v in 1..=1000 {
            record(&mut h, v);
        }
        let p = percentiles(&h);
        assert_eq!(p.p50, 500);
        assert_eq!(p.p90, 900);
        assert_eq!(p.p99, 990);
        assert_eq!(p.p999, 999);
        assert_eq!(p.max, 1000);
        assert!((p.mean - 500.5).abs() < 0.5);
    }

    #[test]
    fn percentiles_stay_within_three_significant_digits() {
        let mut h = histogram();
        for v in [123_456u64, 1_234_567, 7] {
            record(&mut h, v);
        }
        let p = percentiles(&h);
        assert_eq!(p.p50, h.value_at_quantile(0.5));
        let max = p.max as f64;
        assert!((max - 1_234_567.0).abs() / 1_234_567.0 < 0.001, "{max}");
    }

    #[test]
    fn an_empty_histogram_has_zero_percentiles_and_no_spectrum() {
        assert_eq!(percentiles(&histogram()), Percentiles::default());
        assert!(spectrum(&histogram()).is_empty());
    }

    #[test]
    fn out_of_range_latencies_are_clamped_not_dropped() {
        let mut h = histogram();
        record(&mut h, 0);
        record(&mut h, u64::MAX);
        assert_eq!(h.len(), 2);
        assert_eq!(h.min(), 1);
        assert!(h.max() >= MAX_MICROS);
    }

    #[test]
    fn merging_keeps_every_count_and_the_tail() {
        let mut fast = histogram();
        let mut slow = histogram();
        for _ in 0..990 {
            record(&mut fast, 1_000);
        }
        for _ in 0..10 {
            record(&mut slow, 200_000);
        }
        let all = merge([&fast, &slow]);
        assert_eq!(all.len(), 1000);
        let p = percentiles(&all);
        assert!(p.p50 < 1_100, "{p:?}");
        // 1% of the requests stalled: p99 sits at the edge, p99.9 inside the stall.
        assert!(p.p999 >= 199_000, "{p:?}");
        assert!(p.max >= 199_000, "{p:?}");
    }

    #[test]
    fn raw_buckets_rebuild_the_same_histogram() {
        let mut h = histogram();
        for v in (1..20_000).map(|i| i * 7919 % 250_000) {
            record(&mut h, v);
        }
        record(&mut h, 59_000_000);
        let r = raw(&h);
        assert_eq!(
            (r.lowest, r.highest, r.significant_digits),
            (1, MAX_MICROS, 3)
        );
        assert_eq!(r.counts.iter().map(|c| c.1).sum::<u64>(), h.len());
        let back = from_raw(&r);
        assert_eq!(back.len(), h.len());
        assert_eq!(percentiles(&back), percentiles(&h));
        assert_eq!(spectrum(&back), spectrum(&h));
        let json = serde_json::to_string(&r).expect("serializes");
        let again: RawHistogram = serde_json::from_str(&json).expect("parses");
        assert_eq!(again, r);
        assert!(from_raw(&RawHistogram::default()).is_empty());
    }

    #[test]
    fn spectrum_is_monotonic() {
        let mut h = histogram();
        for v in (1..5000).map(|i| i * 37 % 10_007) {
            record(&mut h, v);
        }
        let s = spectrum(&h);
        assert_eq!(s.len(), SPECTRUM.len());
        assert!(s.windows(2).all(|w| w[0].1 <= w[1].1), "{s:?}");
        let p = percentiles(&h);
        assert!(p.p50 <= p.p90 && p.p90 <= p.p99 && p.p99 <= p.p999 && p.p999 <= p.max);
    }

    #[test]
    fn spread_takes_median_and_range() {
        type Row<'a> = (&'a [f64], Option<(f64, f64, f64)>);
        let table: [Row; 5] = [
            (&[], None),
            (&[5.0], Some((5.0, 5.0, 5.0))),
            (&[3.0, 1.0, 2.0], Some((1.0, 2.0, 3.0))),
            (&[4.0, 1.0, 3.0, 2.0], Some((1.0, 2.5, 4.0))),
            (&[f64::NAN, 7.0], Some((7.0, 7.0, 7.0))),
        ];
        for (values, want) in table {
            let got = spread(values).map(|s| (s.min, s.median, s.max));
            assert_eq!(got, want, "{values:?}");
        }
    }

    #[test]
    fn overlapping_ranges_are_no_clear_difference() {
        let table = [
            (
                (10.0, 12.0, 14.0),
                (13.0, 15.0, 17.0),
                Verdict::NoClearDifference,
            ),
            (
                (10.0, 12.0, 14.0),
                (14.0, 15.0, 17.0),
                Verdict::NoClearDifference,
            ),
            (
                (10.0, 12.0, 14.0),
                (10.0, 12.0, 14.0),
                Verdict::NoClearDifference,
            ),
            ((20.0, 21.0, 22.0), (10.0, 12.0, 14.0), Verdict::Higher),
            ((1.0, 2.0, 3.0), (10.0, 12.0, 14.0), Verdict::Lower),
        ];
        for (a, b, want) in table {
            let a = spread_of(a.0, a.1, a.2);
            let b = spread_of(b.0, b.1, b.2);
            assert_eq!(verdict(&a, &b), want, "{a:?} vs {b:?}");
        }
    }

    /// Every way of interleaving `n` rounds of a run with `m` of a rerun, as the set of ranks
    /// (0 = lowest of all) the first run holds.
    fn interleavings(n: usize, m: usize) -> Vec<Vec<usize>> {
        (0u32..1 << (n + m))
            .filter(|mask| mask.count_ones() as usize == n)
            .map(|mask| (0..n + m).filter(|i| mask & (1 << i) != 0).collect())
            .collect()
    }

    /// The share of interleavings where the first run holds a rank below and one above
    /// the rerun's `k`-th lowest round.
    fn counted_inside(n: usize, m: usize, k: usize) -> f64 {
        let all = interleavings(n, m);
        let hits = all
            .iter()
            .filter(|old| {
                let new: Vec<usize> = (0..n + m).filter(|r| !old.contains(r)).collect();
                let median = new[k - 1];
                old.iter().any(|&r| r < median) && old.iter().any(|&r| r > median)
            })
            .count();
        hits as f64 / all.len() as f64
    }

    #[test]
    fn rerun_chance_matches_counting_every_interleaving() {
        for n in 1..=6 {
            for m in (1..=7).step_by(2) {
                let want = counted_inside(n, m, m.div_ceil(2));
                let got = rerun_inside_chance(n, m).expect("rounds");
                assert!((got - want).abs() < 1e-12, "n={n} m={m}: {got} vs {want}");
            }
            // An even rerun's median lies between its two middle rounds, so its chance lies
            // between the chances of those two ranks.
            for m in (2..=6).step_by(2) {
                let (lo, hi) = (counted_inside(n, m, m / 2), counted_inside(n, m, m / 2 + 1));
                let got = rerun_inside_chance(n, m).expect("rounds");
                assert!(
                    lo.min(hi) - 1e-12 <= got && got <= lo.max(hi) + 1e-12,
                    "n={n} m={m}: {got} not in {lo}..{hi}"
                );
            }
        }
        let pct = |n| (rerun_inside_chance(n, n).expect("rounds") * 1000.0).round() / 10.0;
        assert_eq!((pct(1), pct(3), pct(5), pct(7)), (0.0, 60.0, 83.3, 93.0));
        assert_eq!(rerun_inside_chance(0, 3), None);
        assert_eq!(rerun_inside_chance(3, 0), None);
        // Large counts stay finite and a probability.
        let big = rerun_inside_chance(400, 401).expect("rounds");
        assert!(big > 0.999 && big <= 1.0, "{big}");
    }
}
