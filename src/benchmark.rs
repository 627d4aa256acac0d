//! The in-browser benchmarks of the core (`tests/perf/browser-bench.mjs` calls them through
//! `window.wasmBindings`; the app never does). They are exported from the app's module only: in
//! the library, every module linking it (the exchange worker too) would carry them.

/// In-browser benchmark of the core at N actions (a seeded synthetic case): milliseconds for
/// import with validation, preparation, full analysis, and re-analysis after one relabel, as JSON.
/// Called by `tests/perf/browser-bench.mjs` through `window.wasmBindings`; never by the app.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn regime_lens_benchmark(n: usize, seed: u64, repeats: usize) -> String {
    use regime_lens::core::analysis::{coded_kinds, Prepared};
    use regime_lens::core::import::json::case_to_json;
    use regime_lens::core::model::Symbolic;
    use regime_lens::core::open::import_text;
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return "{\"error\": \"no performance clock\"}".into();
    };
    let json = case_to_json(&regime_lens::core::synthetic::synthetic_case(n, seed));
    let median = |mut runs: Vec<f64>| {
        runs.sort_by(f64::total_cmp);
        runs.get(runs.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let (mut whole, mut reanalysis, mut links) = (Vec::new(), Vec::new(), 0);
    for _ in 0..repeats.max(1) {
        let t0 = performance.now();
        let Ok(imported) = import_text("synthetic.json", json.as_bytes()) else {
            return "{\"error\": \"import failed\"}".into();
        };
        let case = imported.case;
        let prepared = Prepared::new(&case);
        let mut kinds = coded_kinds(&case);
        let analysis = prepared.analyze(&case, &kinds);
        let t1 = performance.now();
        whole.push(t1 - t0);
        links = analysis.reinforcement.link_count;
        if let Some(i) = kinds.iter().position(|k| k.is_symbolic()) {
            kinds[i] = Symbolic::Substantive;
        }
        let t2 = performance.now();
        let again = prepared.analyze(&case, &kinds);
        reanalysis.push(performance.now() - t2);
        links = links.max(again.reinforcement.link_count);
    }
    format!(
        "{{\"n\": {n}, \"import_validate_analyze_ms\": {:.1}, \"reanalysis_after_relabel_ms\": {:.1}, \"links\": {links}}}",
        median(whole),
        median(reanalysis)
    )
}

/// The page's clock and the seeded synthetic case of `n` actions that the benchmarks below
/// start from (`None` without a clock).
fn clock_and_case(n: usize, seed: u64) -> Option<(web_sys::Performance, regime_lens::core::model::Case)> {
    let performance = web_sys::window().and_then(|w| w.performance())?;
    Some((performance, regime_lens::core::synthetic::synthetic_case(n, seed)))
}

/// The median time of `repeats` runs of `f`, in milliseconds (for the benchmarks).
fn median_ms(performance: &web_sys::Performance, repeats: usize, f: &dyn Fn()) -> f64 {
    let mut runs: Vec<f64> = (0..repeats.max(1))
        .map(|_| {
            let t = performance.now();
            f();
            performance.now() - t
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

/// In-browser timing of the parts of one re-analysis at N actions, as JSON: links and longest
/// chains without listing any chain, the same listing the app's chains, and the regime matrix.
/// Called by `tests/perf/browser-bench.mjs`; never by the app.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn regime_lens_benchmark_parts(n: usize, seed: u64, repeats: usize) -> String {
    use regime_lens::core::analysis::reinforcement::{reinforcement, CHAIN_LIMIT};
    use regime_lens::core::analysis::{coded_kinds, Prepared};
    let Some((performance, case)) = clock_and_case(n, seed) else {
        return "{}".into();
    };
    let prepared = Prepared::new(&case);
    let kinds = coded_kinds(&case);
    let time = |f: &dyn Fn()| median_ms(&performance, repeats, f);
    let links_and_lengths = time(&|| {
        reinforcement(&prepared, &case, &kinds, 0);
    });
    let with_chains = time(&|| {
        reinforcement(&prepared, &case, &kinds, CHAIN_LIMIT);
    });
    let matrix = time(&|| {
        prepared.regime.under(&case, &kinds);
    });
    format!(
        "{{\"n\": {n}, \"links_and_longest_ms\": {links_and_lengths:.1}, \"with_listed_chains_ms\": {with_chains:.1}, \"regime_matrix_ms\": {matrix:.1}}}"
    )
}

/// In-browser timing of the pivotal codings at N actions, as JSON: every flip of every assessed
/// action (all of them up to `PIVOTAL_LIMIT`), the median over `repeats`, and the longest single
/// step (one action's flips), which bounds how long one slice of the app's assessment holds the
/// page. Called by `tests/perf/browser-bench.mjs`; never by the app.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn regime_lens_benchmark_pivotal(n: usize, seed: u64, repeats: usize) -> String {
    use regime_lens::core::analysis::sensitivity::PivotalJob;
    use regime_lens::core::analysis::{coded_kinds, Prepared};
    let Some((performance, case)) = clock_and_case(n, seed) else {
        return "{}".into();
    };
    let prepared = Prepared::new(&case);
    let kinds = coded_kinds(&case);
    let (mut whole, mut longest_step, mut assessed, mut flips) = (Vec::new(), 0f64, 0, 0);
    for _ in 0..repeats.max(1) {
        let t0 = performance.now();
        let mut job = PivotalJob::new(&prepared, &case, &kinds);
        loop {
            let t = performance.now();
            let more = job.step(&prepared, &case);
            longest_step = longest_step.max(performance.now() - t);
            if !more {
                break;
            }
        }
        let result = job.finish();
        whole.push(performance.now() - t0);
        (assessed, flips) = (result.assessed, result.pivots.len());
    }
    whole.sort_by(f64::total_cmp);
    format!(
        "{{\"n\": {n}, \"pivotal_all_flips_ms\": {:.1}, \"longest_step_ms\": {longest_step:.1}, \"assessed\": {assessed}, \"flips\": {flips}}}",
        whole[whole.len() / 2]
    )
}

/// In-browser timing of team agreement at N actions and five coders (seeded), as JSON: every
/// figure without the bootstrap, and the three bootstrap intervals (1,000 resamples each).
/// Called by `tests/perf/browser-bench.mjs`; never by the app.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn regime_lens_benchmark_agreement(n: usize, seed: u64, repeats: usize) -> String {
    use regime_lens::core::analysis::agreement::{alpha_nominal, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED};
    use regime_lens::core::analysis::team::agreement;
    let Some((performance, case)) = clock_and_case(n, seed) else {
        return "{}".into();
    };
    let coders = regime_lens::core::synthetic::synthetic_coders(&case, 5);
    let time = |f: &dyn Fn()| median_ms(&performance, repeats, f);
    let figures = time(&|| {
        agreement(&coders, None, false);
    });
    let with_ci = time(&|| {
        agreement(&coders, None, true);
    });
    // One bootstrap alone, on the kinds.
    let units: Vec<Vec<Option<u32>>> = case
        .actions
        .iter()
        .map(|a| {
            coders
                .iter()
                .map(|c| c.labels.get(&a.id).map(|l| l.kind as u32))
                .collect()
        })
        .collect();
    let one = alpha_nominal(&units);
    let bootstrap = time(&|| {
        let _ = one.clone().with_ci(BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED);
    });
    format!(
        "{{\"n\": {n}, \"coders\": 5, \"figures_ms\": {figures:.1}, \"figures_and_three_bootstraps_ms\": {with_ci:.1}, \"one_bootstrap_ms\": {bootstrap:.1}}}"
    )
}
