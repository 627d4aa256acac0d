//! Native benchmark of import, validation and analysis on seeded synthetic cases.
//! `cargo bench --bench analysis [-- N...]` prints the median of repeated runs per step, and the
//! memory each step adds at its peak (Linux: the peak resident size, reset before each step).
//! `cargo bench --bench analysis -- --distinct 50000` gives each row its own actor group and
//! period, read from CSV (the shape that once made import quadratic).
//! `cargo bench --bench analysis -- --project 5000` times reading a saved project of that size
//! (its file as IndexedDB keeps it, with recodes and their history) back into a project.
//! Results and the in-browser figures are recorded in docs/PERFORMANCE.md.

use regime_lens::core::analysis::sensitivity::pivotal;
use regime_lens::core::analysis::{coded_kinds, Prepared};
use regime_lens::core::import::json::case_to_json;
use regime_lens::core::model::Symbolic;
use regime_lens::core::open::import_file;
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

/// Kibibytes of a line of /proc/self/status (`VmRSS`, `VmHWM`), where Linux has it.
fn status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `f` once and gives the memory it added at its peak, in MiB: the peak resident size is
/// reset first (`/proc/self/clear_refs`), so this is the step's own high-water mark above what
/// was resident before it.
fn peak_mib<T>(f: impl FnOnce() -> T) -> (Option<f64>, T) {
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_kib("VmRSS:");
    let value = f();
    let peak = status_kib("VmHWM:");
    let added = match (reset, before, peak) {
        (true, Some(b), Some(p)) => Some(p.saturating_sub(b) as f64 / 1024.0),
        _ => None,
    };
    (added, value)
}

fn mib(m: Option<f64>) -> String {
    m.map_or_else(|| "?".into(), |m| format!("{m:.0} MiB"))
}

/// A case as a CSV table; with `distinct`, every row has its own actor group and period.
fn table_csv(case: &regime_lens::core::model::Case, distinct: bool) -> String {
    let mut out = String::from("id,actor,period,action,symbolic,triggers\n");
    for (i, a) in case.actions.iter().enumerate() {
        let kind = match a.symbolic {
            Symbolic::Conformity => "conformity",
            Symbolic::Advocacy => "advocacy",
            Symbolic::Substantive => "",
        };
        let (actor, period) = if distinct {
            (format!("Actor {i}"), format!("Period {i:06}"))
        } else {
            (a.actor.clone(), a.period.clone())
        };
        out.push_str(&format!(
            "{},{actor},{period},Action {i},{kind},{}\n",
            a.id,
            a.triggers.join(";")
        ));
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let distinct = args.iter().any(|a| a == "--distinct");
    // `--write-csv PATH N`: writes the synthetic case of N actions as a CSV table and stops (for
    // benches/networkx-compare.sh).
    if let Some(i) = args.iter().position(|a| a == "--write-csv") {
        let path = args.get(i + 1).expect("--write-csv PATH N");
        let n: usize = args
            .get(i + 2)
            .and_then(|n| n.parse().ok())
            .expect("--write-csv PATH N");
        let case = synthetic_case(n, 42);
        std::fs::write(path, table_csv(&case, false)).expect("writes the table");
        return;
    }
    if args.iter().any(|a| a == "--project") {
        for n in args.iter().filter_map(|a| a.parse::<usize>().ok()) {
            project_load(n);
        }
        return;
    }
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    for n in sizes {
        let (name, text) = if distinct {
            ("distinct.csv", table_csv(&synthetic_case(n, 42), true))
        } else {
            ("synthetic.json", case_to_json(&synthetic_case(n, 42)))
        };
        let repeats = if n > 20_000 { 3 } else { 11 };
        let (m_import, _) = peak_mib(|| import_file(name, text.as_bytes()).expect("imports"));
        let (t_import, imported) = time(repeats, || import_file(name, text.as_bytes()).expect("imports"));
        let case = imported.case;
        let (m_prepare, _) = peak_mib(|| Prepared::new(&case));
        let (t_prepare, prepared) = time(repeats, || Prepared::new(&case));
        let kinds = coded_kinds(&case);
        let (m_analyze, _) = peak_mib(|| prepared.analyze(&case, &kinds));
        let (t_analyze, analysis) = time(repeats, || prepared.analyze(&case, &kinds));
        let flip = case.actions.iter().position(|a| a.symbolic.is_symbolic()).unwrap_or(0);
        let mut relabelled = kinds.clone();
        relabelled[flip] = Symbolic::Substantive;
        let (t_relabel, _) = time(repeats, || prepared.analyze(&case, &relabelled));
        let r = &analysis.reinforcement;
        println!(
            "N={n}{}: import+validate {:.1} ms, prepare {:.1} ms, analyze {:.1} ms, re-analyze after one relabel {:.1} ms; \
             {} links, longest chain {} actions ({} chains); peak memory added: import {}, prepare {}, analyze {}",
            if distinct { " (own actor and period per row)" } else { "" },
            t_import.as_secs_f64() * 1e3,
            t_prepare.as_secs_f64() * 1e3,
            t_analyze.as_secs_f64() * 1e3,
            t_relabel.as_secs_f64() * 1e3,
            r.link_count,
            r.longest_length,
            r.longest_count,
            mib(m_import),
            mib(m_prepare),
            mib(m_analyze)
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

/// A saved project of `n` actions with 50 recodes in its history, read back from its file.
fn project_load(n: usize) {
    use regime_lens::core::project::edit::{Edit, Op};
    use regime_lens::core::project::Project;
    let mut project = Project::new("p", "Synthetic", synthetic_case(n, 42));
    let ids: Vec<String> = project.case.actions.iter().take(50).map(|a| a.id.clone()).collect();
    for id in ids {
        let kind = if project.current_kind(&id) == Some(Symbolic::Advocacy) {
            Symbolic::Conformity
        } else {
            Symbolic::Advocacy
        };
        let op = Op::Relabel {
            action: id,
            kind,
            memo: Some("checked".into()),
        };
        project
            .apply(Edit::new(op, "bench", "2026-12-05T10:00:00Z"))
            .expect("recodes");
    }
    let text = project.to_json();
    let (t, read) = time(11, || Project::from_json("saved project", &text).expect("reads"));
    assert_eq!(read, project);
    println!(
        "N={n}: a saved project ({:.1} MB, 50 recodes) read back in {:.1} ms",
        text.len() as f64 / 1e6,
        t.as_secs_f64() * 1e3
    );
}
