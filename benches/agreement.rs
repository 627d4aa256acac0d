//! Native benchmark of team agreement: N actions (a seeded synthetic case) coded by five coders,
//! each flipping a seeded tenth of the kinds, aspects and triggers.
//! `cargo bench --bench agreement [-- N...]` prints medians; recorded in docs/PERFORMANCE.md.

use regime_lens::core::analysis::team::agreement;
use regime_lens::core::synthetic::{synthetic_case, synthetic_coders};
use std::time::{Duration, Instant};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(repeats: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..repeats)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    for n in sizes {
        let case = synthetic_case(n, 42);
        let coders = synthetic_coders(&case, 5);
        let figures = time(11, || {
            agreement(&coders, None, false);
        });
        let with_ci = time(5, || {
            agreement(&coders, None, true);
        });
        let findings = time(3, || {
            agreement(&coders, Some(&case), false);
        });
        let a = agreement(&coders, None, true);
        println!(
            "N={n}, 5 coders: agreement figures {:.1} ms; with the three bootstrap intervals (1,000 resamples each) {:.1} ms; \
             with the findings under each coder {:.1} ms; kind alpha {:.3} {:?}, trigger alpha {:.3}",
            figures.as_secs_f64() * 1e3,
            with_ci.as_secs_f64() * 1e3,
            findings.as_secs_f64() * 1e3,
            a.symbolic.alpha.unwrap_or(f64::NAN),
            a.symbolic.alpha_ci95,
            a.triggers.alpha.unwrap_or(f64::NAN),
        );
    }
}
