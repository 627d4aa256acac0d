//! Native benchmark of import, validation and analysis on seeded synthetic cases.
//! `cargo bench --bench analysis [-- N...]` prints the median of repeated runs per step.
//! Results and the in-browser figures are recorded in docs/PERFORMANCE.md.

use regime_lens::core::analysis::sensitivity::pivotal;
use regime_lens::core::analysis::{coded_kinds, Prepared};
use regime_lens::core::import::import_file;
use regime_lens::core::import::json::case_to_json;
use regime_lens::core::model::Symbolic;
use regime_lens::core::synthetic::synthetic_case;
use std::time::{Duration, Instant};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(repeats: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut runs = Vec::with_capacity(repeats);
    let mut last = None;
    for _ in 0..repeats {
        let start = Instant::now();
        last = Some(f());
        runs.push(start.elapsed());
    }
    (median(runs), last.expect("at least one run"))
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    for n in sizes {
        let case = synthetic_case(n, 42);
        let json = case_to_json(&case);
        let repeats = if n > 20_000 { 3 } else { 11 };
        let (t_import, imported) = time(repeats, || {
            import_file("synthetic.json", json.as_bytes()).expect("imports")
        });
        let case = imported.case;
        let (t_prepare, prepared) = time(repeats, || Prepared::new(&case));
        let kinds = coded_kinds(&case);
        let (t_analyze, analysis) = time(repeats, || prepared.analyze(&case, &kinds));
        let flip = case.actions.iter().position(|a| a.symbolic.is_symbolic()).unwrap_or(0);
        let mut relabelled = kinds.clone();
        relabelled[flip] = Symbolic::Substantive;
        let (t_relabel, _) = time(repeats, || prepared.analyze(&case, &relabelled));
        let r = &analysis.reinforcement;
        println!(
            "N={n}: import+validate {:.1} ms, prepare {:.1} ms, analyze {:.1} ms, re-analyze after one relabel {:.1} ms; \
             {} links, longest chain {} actions ({} chains)",
            t_import.as_secs_f64() * 1e3,
            t_prepare.as_secs_f64() * 1e3,
            t_analyze.as_secs_f64() * 1e3,
            t_relabel.as_secs_f64() * 1e3,
            r.link_count,
            r.longest_length,
            r.longest_count
        );
        if n <= 5_000 {
            let (t_pivotal, p) = time(3, || pivotal(&prepared, &case, &kinds));
            println!(
                "N={n}: pivotal codings {:.1} ms ({} flips of {} of {} actions)",
                t_pivotal.as_secs_f64() * 1e3,
                p.pivots.len(),
                p.assessed,
                p.of
            );
        }
    }
}
