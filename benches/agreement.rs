//! Native benchmark of team agreement: N actions (a seeded synthetic case) coded by five coders,
//! each flipping a seeded tenth of the kinds, aspects and triggers.
//! `cargo bench --bench agreement [-- N...]` prints medians; recorded in docs/PERFORMANCE.md.

use regime_lens::core::model::{Aspect, Symbolic};
use regime_lens::core::synthetic::synthetic_case;
use regime_lens::core::team::{agreement, CoderCoding, Labels};
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

/// Five coders of the case: coder k changes every action whose hash with k falls in a tenth.
pub fn coders(n: usize) -> (regime_lens::core::model::Case, Vec<CoderCoding>) {
    let case = synthetic_case(n, 42);
    let coders = (0..5u64)
        .map(|k| {
            let labels = case
                .actions
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let h = (i as u64 + 1)
                        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                        .rotate_left(k as u32 * 7 + 3);
                    let flip = h.is_multiple_of(10);
                    let kind = if flip {
                        Symbolic::ALL[(h / 10 % 3) as usize]
                    } else {
                        a.symbolic
                    };
                    let aspect = if h.is_multiple_of(7) {
                        Some(Aspect::ALL[(h / 7 % 3) as usize])
                    } else {
                        a.aspect.or(Some(Aspect::ALL[i % 3]))
                    };
                    let mut triggers = a.triggers.clone();
                    if h.is_multiple_of(9) {
                        triggers.pop();
                    }
                    triggers.sort();
                    (
                        a.id.clone(),
                        Labels {
                            kind,
                            aspect,
                            triggers: Some(triggers),
                            memo: String::new(),
                        },
                    )
                })
                .collect();
            CoderCoding {
                coder: format!("coder {k}"),
                source: String::new(),
                labels,
            }
        })
        .collect();
    (case, coders)
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    for n in sizes {
        let (case, coders) = coders(n);
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
