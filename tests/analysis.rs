//! The analysis definitions (docs/ANALYSIS.md) on small hand-made graphs, property tests, and
//! TelCo's story.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use regime_lens::core::analysis::{analyze_case, coded_kinds, DiagnosticKind, Prepared};
use regime_lens::core::model::{Action, Actor, Case, Period, Symbolic};
use regime_lens::core::synthetic::synthetic_case;
use std::collections::BTreeMap;

/// A case from `(id, kind, period, triggers)`; kinds are 'c', 'a' or 's'.
fn case(rows: &[(&str, char, usize, &[&str])]) -> Case {
    let kind = |c: char| match c {
        'c' => Symbolic::Conformity,
        'a' => Symbolic::Advocacy,
        _ => Symbolic::Substantive,
    };
    Case {
        title: "t".into(),
        actors: vec![Actor {
            id: "G".into(),
            name: "G".into(),
            role: String::new(),
            memo: String::new(),
        }],
        periods: (1..=3)
            .map(|i| Period {
                id: format!("P{i}"),
                name: format!("P{i}"),
                start: None,
                end: None,
                impact: BTreeMap::new(),
                memo: String::new(),
            })
            .collect(),
        actions: rows
            .iter()
            .map(|(id, k, p, t)| Action {
                id: id.to_string(),
                actor: "G".into(),
                period: format!("P{p}"),
                description: String::new(),
                symbolic: kind(*k),
                symbolic_note: String::new(),
                aim: String::new(),
                aspect: None,
                triggers: t.iter().map(|s| s.to_string()).collect(),
                external_triggers: vec![],
                consequence: String::new(),
                impact: String::new(),
                date: None,
                order: None,
                evidence: Vec::new(),
            })
            .collect(),
        ..Case::default()
    }
}

fn links(c: &Case) -> Vec<(String, String)> {
    let (_, analysis) = analyze_case(c);
    analysis.reinforcement.link_ids(c)
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn a_direct_edge_between_kinds_is_a_link_and_same_kinds_are_not() {
    let c = case(&[
        ("C1", 'c', 1, &[]),
        ("A1", 'a', 1, &["C1"]),
        ("A2", 'a', 1, &["A1"]),
        ("C2", 'c', 1, &["C1"]),
    ]);
    assert_eq!(links(&c), vec![pair("C1", "A1")]);
}

#[test]
fn links_pass_through_several_substantive_actions_but_not_through_symbolic_ones() {
    let c = case(&[
        ("C1", 'c', 1, &[]),
        ("S1", 's', 1, &["C1"]),
        ("S2", 's', 2, &["S1"]),
        ("S3", 's', 2, &["S2"]),
        ("A1", 'a', 2, &["S3"]),
        ("C2", 'c', 3, &["A1"]),
        ("A2", 'a', 3, &["C2"]),
    ]);
    // C1 ⇒ A1 through S1, S2, S3; C1 does not reach A2 because C2 is symbolic.
    assert_eq!(links(&c), vec![pair("A1", "C2"), pair("C1", "A1"), pair("C2", "A2")]);
    let (_, analysis) = analyze_case(&c);
    let r = &analysis.reinforcement;
    assert_eq!(r.longest_length, 4);
    assert_eq!(r.longest_chains[0].ids, vec!["C1", "A1", "C2", "A2"]);
    assert_eq!(r.longest_chains[0].links[0].via.to_vec(), vec!["S1", "S2", "S3"]);
    assert_eq!(r.longest_chains[0].periods, vec!["P1", "P2", "P3"]);
}

#[test]
fn a_diamond_gives_one_link_and_both_branches_as_via() {
    let c = case(&[
        ("C1", 'c', 1, &[]),
        ("S1", 's', 1, &["C1"]),
        ("S2", 's', 1, &["C1"]),
        ("S3", 's', 1, &["C1"]),
        ("A1", 'a', 2, &["S1", "S2"]),
    ]);
    assert_eq!(links(&c), vec![pair("C1", "A1")]);
    let (_, analysis) = analyze_case(&c);
    assert_eq!(
        analysis.reinforcement.longest_chains[0].links[0].via.to_vec(),
        vec!["S1", "S2"],
        "S3 leads nowhere"
    );
    assert_eq!(analysis.reinforcement.longest_count, 1);
}

#[test]
fn several_longest_chains_are_all_listed_in_order() {
    let c = case(&[
        ("C1", 'c', 1, &[]),
        ("C2", 'c', 1, &[]),
        ("A1", 'a', 2, &["C1", "C2"]),
        ("A2", 'a', 2, &["C2"]),
    ]);
    let (_, analysis) = analyze_case(&c);
    let r = &analysis.reinforcement;
    assert_eq!(r.longest_length, 2);
    assert_eq!(r.longest_count, 3);
    let chains: Vec<Vec<String>> = r.longest_chains.iter().map(|c| c.ids.clone()).collect();
    assert_eq!(chains, vec![vec!["C1", "A1"], vec!["C2", "A1"], vec!["C2", "A2"]]);
}

#[test]
fn cycles_terminate_are_reported_once_and_chains_follow_time_order_inside_them() {
    // C1 → S1 → A1 → S2 → C1: a cycle through two symbolic actions; A1 → C2 outside it.
    let mut c = case(&[
        ("C1", 'c', 1, &["S2"]),
        ("S1", 's', 1, &["C1"]),
        ("A1", 'a', 1, &["S1"]),
        ("S2", 's', 1, &["A1"]),
        ("C2", 'c', 2, &["A1"]),
    ]);
    for (i, a) in c.actions.iter_mut().enumerate() {
        a.order = Some(i as f64);
    }
    let (prepared, analysis) = analyze_case(&c);
    assert_eq!(links(&c), vec![pair("A1", "C1"), pair("A1", "C2"), pair("C1", "A1")]);
    let cycles: Vec<&Vec<String>> = prepared
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::Cycle)
        .map(|d| &d.ids)
        .collect();
    assert_eq!(
        cycles,
        vec![&vec!["C1".to_string(), "S1".into(), "A1".into(), "S2".into()]]
    );
    // A1 ⇒ C1 goes back in time inside the cycle and is not used for chains.
    assert_eq!(analysis.reinforcement.longest_chains[0].ids, vec!["C1", "A1", "C2"]);
    assert_eq!(analysis.reinforcement.longest_length, 3);
    // Without `order`, time order inside the period is id order: A1 comes before C1.
    for a in c.actions.iter_mut() {
        a.order = None;
    }
    let (_, analysis) = analyze_case(&c);
    let chains: Vec<Vec<String>> = analysis
        .reinforcement
        .longest_chains
        .iter()
        .map(|ch| ch.ids.clone())
        .collect();
    assert_eq!(chains, vec![vec!["A1", "C1"], vec!["A1", "C2"]]);
}

#[test]
fn diagnostics_cover_dangling_self_later_period_mentions_and_untriggered() {
    let mut c = case(&[
        ("A1", 's', 2, &["A1", "ZZ9"]),
        ("B1", 's', 1, &["A1"]),
        ("C1", 's', 1, &[]),
    ]);
    c.actions[1].consequence = "This prompts C 1 and nothing else.".into();
    let (prepared, _) = analyze_case(&c);
    let kinds: Vec<(DiagnosticKind, Vec<String>)> =
        prepared.diagnostics.iter().map(|d| (d.kind, d.ids.clone())).collect();
    let has = |k: DiagnosticKind, ids: &[&str]| kinds.contains(&(k, ids.iter().map(|s| s.to_string()).collect()));
    assert!(has(DiagnosticKind::SelfTrigger, &["A1"]), "{kinds:?}");
    assert!(has(DiagnosticKind::DanglingTrigger, &["A1", "ZZ9"]));
    assert!(has(DiagnosticKind::TriggerFromLaterPeriod, &["B1", "A1"]));
    assert!(has(DiagnosticKind::NoTrigger, &["C1"]));
    assert!(has(DiagnosticKind::MentionWithoutTrigger, &["B1", "C1"]));
    assert!(has(DiagnosticKind::TriggerNotMentioned, &["A1", "B1"]));
}

use regime_lens::core::builtin::telco;

#[test]
fn telco_tells_the_papers_story() {
    let c = telco();
    let (prepared, analysis) = analyze_case(&c);
    let r = &analysis.reinforcement;
    assert_eq!(prepared.graph.edge_count(), 29);
    assert_eq!(r.link_count, 12);
    assert_eq!(r.longest_chains.len(), 1);
    let chain = &r.longest_chains[0];
    assert_eq!(chain.ids, vec!["AM1", "DS2", "AM4", "DS5", "AM5", "DS8", "AM8", "MG3"]);
    assert_eq!(
        chain.periods,
        vec!["P1", "P2", "P3"],
        "the longest chain runs through all three periods"
    );
    assert_eq!(chain.links[1].via.to_vec(), vec!["AM2", "DS3", "AM3", "DS4"]);
    // The mention "AM 1" in DS1's consequence is read as AM1.
    let am1 = c.actions.iter().position(|a| a.id == "AM1").expect("AM1");
    assert!(prepared.mention_edges.contains(&(0, am1)));
}

#[test]
fn making_am4_substantive_breaks_the_chain_through_it() {
    let c = telco();
    let prepared = Prepared::new(&c);
    let mut kinds = coded_kinds(&c);
    let am4 = c.actions.iter().position(|a| a.id == "AM4").expect("AM4");
    kinds[am4] = Symbolic::Substantive;
    let r = prepared.analyze(&c, &kinds).reinforcement;
    assert!(r.longest_chains.iter().all(|ch| !ch.ids.contains(&"AM4".to_string())));
    assert_eq!(r.longest_length, 5);
    assert!(!r.link_ids(&c).contains(&pair("DS2", "AM4")));
}

#[test]
fn the_regime_matrix_counts_by_period_aspect_actor_and_kind() {
    let c = telco();
    let (_, analysis) = analyze_case(&c);
    let m = &analysis.regime_matrix;
    assert_eq!(m.cells.len(), 9);
    assert_eq!(m.cells.iter().map(|cell| cell.total).sum::<usize>(), 22);
    let p2_knowing = m
        .cells
        .iter()
        .find(|cell| &*cell.period == "P2" && cell.aspect.key() == "knowing_practices")
        .expect("cell");
    assert_eq!(p2_knowing.actions.to_vec(), vec!["AM4", "AM5", "DS7", "AM6", "AM7"]);
    assert_eq!(p2_knowing.by_kind.get(&Symbolic::Conformity), Some(&3));
    assert_eq!(p2_knowing.by_actor.get("AM"), Some(&4));
    assert!(p2_knowing.impact.contains("engage more actively"));
}

#[test]
fn a_dense_synthetic_case_of_2000_actions_is_analysed() {
    let c = synthetic_case(2000, 7);
    let (_, analysis) = analyze_case(&c);
    let r = &analysis.reinforcement;
    assert!(r.link_count > 10_000, "{}", r.link_count);
    assert!(r.longest_length > 20);
    let kinds = coded_kinds(&c);
    for (a, b) in r.links() {
        assert!(kinds[a].is_symbolic() && kinds[b].is_symbolic() && kinds[a] != kinds[b]);
    }
}

fn shuffled(c: &Case, seed: u64) -> Case {
    let mut rng = regime_lens::core::synthetic::Rng::new(seed);
    let mut out = c.clone();
    for i in (1..out.actions.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        out.actions.swap(i, j);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn every_link_alternates_kinds_and_reordering_rows_changes_nothing(n in 2usize..120, seed in any::<u64>(), shuffle in any::<u64>()) {
        let c = synthetic_case(n, seed);
        let (_, a) = analyze_case(&c);
        let kinds = coded_kinds(&c);
        for (x, y) in a.reinforcement.links() {
            prop_assert!(kinds[x].is_symbolic() && kinds[y].is_symbolic() && kinds[x] != kinds[y]);
        }
        for chain in &a.reinforcement.longest_chains {
            for w in chain.ids.windows(2) {
                let k = |id: &str| c.action(id).map(|x| x.symbolic);
                prop_assert_ne!(k(&w[0]), k(&w[1]));
            }
        }
        let d = shuffled(&c, shuffle);
        let (_, b) = analyze_case(&d);
        prop_assert_eq!(a.reinforcement.link_ids(&c), b.reinforcement.link_ids(&d));
        prop_assert_eq!(&a.reinforcement.longest_chains, &b.reinforcement.longest_chains);
        prop_assert_eq!(a.reinforcement.longest_count, b.reinforcement.longest_count);
        prop_assert_eq!(&a.reinforcement.by_period, &b.reinforcement.by_period);
    }
}

#[test]
fn a_case_whose_consequences_name_no_ids_gets_one_line_not_one_per_trigger() {
    let c = case(&[
        ("A1", 'c', 1, &[]),
        ("B1", 'a', 1, &["A1"]),
        ("A2", 'c', 2, &["B1"]),
        ("B2", 'a', 2, &["A2", "A1"]),
    ]);
    assert!(c.actions.iter().all(|a| a.consequence.is_empty()));
    let (prepared, _) = analyze_case(&c);
    let kinds: Vec<DiagnosticKind> = prepared.diagnostics.iter().map(|d| d.kind).collect();
    assert!(!kinds.contains(&DiagnosticKind::TriggerNotMentioned), "{kinds:?}");
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == DiagnosticKind::MentionCheckNotApplicable)
            .count(),
        1
    );
    // Once one consequence names an id, the check applies to every trigger.
    let mut named = c.clone();
    named.actions[0].consequence = "B1 followed".into();
    let (prepared, _) = analyze_case(&named);
    let not_mentioned = prepared
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::TriggerNotMentioned)
        .count();
    assert_eq!(not_mentioned, 3, "B1→A2, A2→B2 and A1→B2 are not named");
    assert!(prepared
        .diagnostics
        .iter()
        .all(|d| d.kind != DiagnosticKind::MentionCheckNotApplicable));
}

/// A ladder of `layers` pairs of actions, conformity and advocacy in turn, each action triggered
/// by both of the layer before: 2^layers longest chains.
fn ladder(layers: usize) -> Case {
    let mut ids: Vec<(String, char, Vec<String>)> = Vec::new();
    for l in 0..layers {
        let kind = if l % 2 == 0 { 'c' } else { 'a' };
        let before: Vec<String> = if l == 0 {
            vec![]
        } else {
            vec![format!("L{}a", l - 1), format!("L{}b", l - 1)]
        };
        ids.push((format!("L{l}a"), kind, before.clone()));
        ids.push((format!("L{l}b"), kind, before));
    }
    let rows: Vec<(&str, char, usize, Vec<&str>)> = ids
        .iter()
        .map(|(id, k, t)| (id.as_str(), *k, 1, t.iter().map(String::as_str).collect()))
        .collect();
    let refs: Vec<(&str, char, usize, &[&str])> = rows.iter().map(|(i, k, p, t)| (*i, *k, *p, t.as_slice())).collect();
    case(&refs)
}

#[test]
fn the_number_of_longest_chains_is_exact_or_a_stated_lower_bound() {
    let (_, small) = analyze_case(&ladder(10));
    let r = &small.reinforcement;
    assert_eq!(
        (r.longest_length, r.longest_count, r.longest_count_exact),
        (10, 1024, true)
    );
    let (_, big) = analyze_case(&ladder(63));
    assert_eq!(big.reinforcement.longest_count, 1u64 << 63);
    assert!(big.reinforcement.longest_count_exact, "2^63 still fits");
    let (_, huge) = analyze_case(&ladder(70));
    assert!(!huge.reinforcement.longest_count_exact, "2^70 does not fit in 64 bits");
    assert_eq!(huge.reinforcement.longest_count, u64::MAX);
}

#[test]
fn the_command_line_says_at_least_when_the_count_overflows() {
    let dir = std::env::temp_dir();
    let run = |layers: usize| {
        let path = dir.join(format!("regime-lens-ladder-{layers}-{}.json", std::process::id()));
        std::fs::write(&path, regime_lens::core::import::json::case_to_json(&ladder(layers))).expect("write");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_regime-lens"))
            .arg("analyze")
            .arg(&path)
            .output()
            .expect("runs");
        let _ = std::fs::remove_file(&path);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        (v["longest_chain_count"].clone(), v["longest_chain_count_exact"].clone())
    };
    assert_eq!(run(12), (serde_json::json!(4096), serde_json::json!(true)));
    assert_eq!(
        run(60),
        (serde_json::json!("1152921504606846976"), serde_json::json!(true))
    );
    assert_eq!(
        run(70),
        (
            serde_json::json!("at least 18446744073709551615"),
            serde_json::json!(false)
        )
    );
}

#[test]
fn with_mentions_telco_gains_the_three_edges_its_consequences_state_and_the_cycle_am5_ds6() {
    use regime_lens::core::analysis::mechanism::{reinforcing_cycles, CYCLE_LIMIT};
    use regime_lens::core::analysis::Options;
    let c = telco();
    let plain = Prepared::new(&c);
    let with = Prepared::new_with(&c, Options { with_mentions: true });
    let edges = |p: &Prepared| -> std::collections::BTreeSet<(String, String)> {
        p.graph
            .successors
            .iter()
            .enumerate()
            .flat_map(|(a, s)| s.iter().map(move |&b| (a, b)))
            .map(|(a, b)| (c.actions[a].id.clone(), c.actions[b].id.clone()))
            .collect()
    };
    let added: Vec<(String, String)> = edges(&with).difference(&edges(&plain)).cloned().collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(added, vec![pair("AM6", "AM7"), pair("AM7", "DS6"), pair("DS6", "AM5")]);
    assert_eq!(
        with.diagnostics, plain.diagnostics,
        "the data's diagnostics are the triggers' alone"
    );
    let kinds = coded_kinds(&c);
    let cycles = |p: &Prepared| reinforcing_cycles(p, &c, &p.analyze(&c, &kinds).reinforcement, CYCLE_LIMIT);
    assert_eq!(cycles(&with), (vec![vec!["AM5".to_string(), "DS6".to_string()]], true));
    assert_eq!(cycles(&plain), (Vec::<Vec<String>>::new(), true));
}

#[test]
fn a_reinforcing_cycle_is_listed_once_from_its_smallest_id() {
    use regime_lens::core::analysis::mechanism::{reinforcing_cycles, CYCLE_LIMIT};
    // C2 ⇒ A1 ⇒ C1 ⇒ A2 ⇒ C2 (through a substantive S between A2 and C2), and a 2-cycle C3 ⇄ A3.
    let c = case(&[
        ("C2", 'c', 1, &["S"]),
        ("A1", 'a', 1, &["C2"]),
        ("C1", 'c', 1, &["A1"]),
        ("A2", 'a', 1, &["C1"]),
        ("S", 's', 1, &["A2"]),
        ("C3", 'c', 2, &["A3"]),
        ("A3", 'a', 2, &["C3"]),
    ]);
    let (prepared, analysis) = analyze_case(&c);
    let (cycles, complete) = reinforcing_cycles(&prepared, &c, &analysis.reinforcement, CYCLE_LIMIT);
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(complete);
    assert_eq!(cycles, vec![ids(&["A3", "C3"]), ids(&["A1", "C1", "A2", "C2"])]);
}

#[test]
fn links_are_counted_by_aspect_pair_and_period_of_the_response() {
    use regime_lens::core::analysis::mechanism::links_by_aspect;
    use regime_lens::core::model::Aspect;
    let mut c = case(&[("C1", 'c', 1, &[]), ("A1", 'a', 2, &["C1"]), ("C2", 'c', 2, &["A1"])]);
    c.actions[0].aspect = Some(Aspect::KnowingPractices);
    c.actions[1].aspect = Some(Aspect::ValuationScheme);
    let (prepared, analysis) = analyze_case(&c);
    let aspects: Vec<_> = c.actions.iter().map(|a| a.aspect).collect();
    let rows: Vec<(String, String, String, usize)> = links_by_aspect(&c, &prepared, &analysis.reinforcement, &aspects)
        .into_iter()
        .map(|r| (r.period, r.from_aspect, r.to_aspect, r.links))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("P2".into(), "knowing_practices".into(), "valuation_scheme".into(), 1),
            ("P2".into(), "valuation_scheme".into(), "none".into(), 1),
        ]
    );
    // Under another coding of the aspects, the same links move.
    let recoded = vec![
        Some(Aspect::AuthorityArrangements),
        Some(Aspect::AuthorityArrangements),
        None,
    ];
    let moved = links_by_aspect(&c, &prepared, &analysis.reinforcement, &recoded);
    assert_eq!(moved[0].from_aspect, "authority_arrangements");
}

#[test]
fn the_unbounded_variant_is_the_analysis_itself() {
    use regime_lens::core::analysis::robustness::bounded_links;
    use regime_lens::core::analysis::Options;
    let cases = [telco(), synthetic_case(300, 11), synthetic_case(120, 3)];
    for c in &cases {
        let kinds = coded_kinds(c);
        for with_mentions in [false, true] {
            let p = Prepared::new_with(c, Options { with_mentions });
            let mut expected: Vec<(usize, usize)> = p.analyze(c, &kinds).reinforcement.links().collect();
            let mut got = bounded_links(&p, &kinds, None);
            expected.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, expected, "{} actions, mentions {with_mentions}", c.actions.len());
        }
    }
}

#[test]
fn a_link_through_k_substantive_actions_counts_from_k_on() {
    use regime_lens::core::analysis::robustness::bounded_links;
    // C1 → S1 → S2 → A1: a link through two substantive actions; C1 → A2 direct.
    let c = case(&[
        ("C1", 'c', 1, &[]),
        ("S1", 's', 1, &["C1"]),
        ("S2", 's', 1, &["S1"]),
        ("A1", 'a', 2, &["S2"]),
        ("A2", 'a', 2, &["C1"]),
    ]);
    let p = Prepared::new(&c);
    let kinds = coded_kinds(&c);
    let ids = |links: Vec<(usize, usize)>| {
        let mut v: Vec<String> = links
            .into_iter()
            .map(|(a, b)| format!("{}⇒{}", c.actions[a].id, c.actions[b].id))
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids(bounded_links(&p, &kinds, Some(0))), vec!["C1⇒A2"]);
    assert_eq!(ids(bounded_links(&p, &kinds, Some(1))), vec!["C1⇒A2"]);
    assert_eq!(ids(bounded_links(&p, &kinds, Some(2))), vec!["C1⇒A1", "C1⇒A2"]);
    assert_eq!(ids(bounded_links(&p, &kinds, None)), vec!["C1⇒A1", "C1⇒A2"]);
}

#[test]
fn the_robustness_table_marks_the_current_definition_and_restricts_to_the_incumbents() {
    use regime_lens::core::analysis::robustness::robustness;
    use regime_lens::core::analysis::Options;
    let c = telco();
    let kinds = coded_kinds(&c);
    let rows = robustness(&c, &kinds, Options::default(), None);
    assert_eq!(rows.len(), 9, "2 mention settings × 4 bounds, and the incumbents' row");
    let current: Vec<&_> = rows.iter().filter(|r| r.current).collect();
    assert_eq!(current.len(), 1);
    let (_, analysis) = analyze_case(&c);
    assert_eq!(current[0].links, analysis.reinforcement.link_count);
    assert_eq!(current[0].longest_chain_length, analysis.reinforcement.longest_length);
    assert_eq!(
        current[0].longest_chain,
        ["AM1", "DS2", "AM4", "DS5", "AM5", "DS8", "AM8", "MG3"]
            .map(String::from)
            .to_vec()
    );
    assert_eq!(
        current[0].longest_chain_span,
        Some(("P1".to_string(), "P3".to_string()))
    );
    assert!(current[0].chain_spans_every_period);
    // Bounds only remove links: monotone in k.
    let plain: Vec<usize> = rows.iter().take(4).map(|r| r.links).collect();
    assert!(plain.windows(2).all(|w| w[0] <= w[1]), "{plain:?}");
    let with_mentions = &rows[7];
    assert!(with_mentions.variant.with_mentions && with_mentions.variant.max_between.is_none());
    assert_eq!(with_mentions.cycles, vec![vec!["AM5".to_string(), "DS6".to_string()]]);
    // The incumbents (account managers have the most conformity) against the others.
    let group = &rows[8];
    assert_eq!(group.variant.incumbents.as_deref(), Some("AM"));
    assert!(group.links <= current[0].links);
    let p = Prepared::new(&c);
    let all = regime_lens::core::analysis::robustness::bounded_links(&p, &kinds, None);
    let expected = all
        .iter()
        .filter(|&&(x, y)| {
            let (conf, adv) = if kinds[x] == Symbolic::Conformity {
                (x, y)
            } else {
                (y, x)
            };
            c.actions[conf].actor == "AM" && c.actions[adv].actor != "AM"
        })
        .count();
    assert_eq!(group.links, expected);
}

/// Links per pair of periods and of actor groups, counted one by one from the links themselves.
fn pair_counts_by_hand(
    c: &Case,
    r: &regime_lens::core::analysis::reinforcement::Reinforcement,
) -> [BTreeMap<(String, String), usize>; 2] {
    let mut by_period = BTreeMap::new();
    let mut by_actor = BTreeMap::new();
    for (a, b) in r.links() {
        let (x, y) = (&c.actions[a], &c.actions[b]);
        *by_period.entry((x.period.clone(), y.period.clone())).or_insert(0) += 1;
        *by_actor.entry((x.actor.clone(), y.actor.clone())).or_insert(0) += 1;
    }
    [by_period, by_actor]
}

fn as_map(pairs: &[regime_lens::core::analysis::reinforcement::PairCount]) -> BTreeMap<(String, String), usize> {
    pairs
        .iter()
        .map(|p| ((p.from.to_string(), p.to.to_string()), p.links))
        .collect()
}

#[test]
fn links_per_pair_are_counted_alike_with_few_groups_and_with_a_group_per_row() {
    // Ten periods and three actor groups (counted with masks), then a period and an actor group
    // per row (counted link by link): both must agree with a count by hand.
    for distinct in [false, true] {
        let mut c = synthetic_case(600, 11);
        if distinct {
            c.periods = (0..c.actions.len())
                .map(|i| Period {
                    id: format!("P{i}"),
                    name: format!("P{i}"),
                    ..c.periods[0].clone()
                })
                .collect();
            c.actors = (0..c.actions.len())
                .map(|i| Actor {
                    id: format!("G{i}"),
                    name: format!("G{i}"),
                    ..c.actors[0].clone()
                })
                .collect();
            for (i, a) in c.actions.iter_mut().enumerate() {
                a.period = format!("P{i}");
                a.actor = format!("G{i}");
            }
        }
        let (_, analysis) = analyze_case(&c);
        let r = &analysis.reinforcement;
        assert!(r.link_count > 1000, "a case with many links");
        let [by_period, by_actor] = pair_counts_by_hand(&c, r);
        assert_eq!(as_map(&r.by_period), by_period, "periods, distinct = {distinct}");
        assert_eq!(as_map(&r.by_actor), by_actor, "actor groups, distinct = {distinct}");
        assert_eq!(r.by_period.iter().map(|p| p.links).sum::<usize>(), r.link_count);
        if distinct {
            assert!(r.by_period.len() > 1000, "one entry per pair of periods");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// `reinforcing_cycles` answers an acyclic trigger network without a search; with or without
    /// cycles among the triggers, it lists what the search over every link finds.
    #[test]
    fn reinforcing_cycles_are_those_of_the_searched_links(n in 2usize..80, seed in any::<u64>(), back in 0usize..12, with_mentions in any::<bool>()) {
        use regime_lens::core::analysis::mechanism::{cycles_of_links, reinforcing_cycles, CYCLE_LIMIT};
        use regime_lens::core::analysis::Options;
        let mut c = synthetic_case(n, seed);
        // Up to eleven triggers from a later row to an earlier one: cycles among the triggers.
        let mut rng = regime_lens::core::synthetic::Rng::new(seed ^ 0x5eed);
        for _ in 0..back {
            let early = (rng.next_u64() % n as u64) as usize;
            let late = (rng.next_u64() % n as u64) as usize;
            if late > early {
                let id = c.actions[late].id.clone();
                c.actions[early].triggers.push(id);
            }
        }
        let p = Prepared::new_with(&c, Options { with_mentions });
        let kinds = coded_kinds(&c);
        let a = p.analyze(&c, &kinds);
        let links: Vec<(usize, usize)> = a.reinforcement.links().collect();
        let searched = cycles_of_links(&p, &c, &links, CYCLE_LIMIT);
        prop_assert_eq!(&reinforcing_cycles(&p, &c, &a.reinforcement, CYCLE_LIMIT), &searched);
        if p.acyclic {
            prop_assert!(searched.0.is_empty() && searched.1);
        }
    }
}

/// The links come in the natural order of their ids (DS2 before DS10), source then target, and
/// ids whose natural keys are equal (AM7 and AM0007) in table order, whatever the time order:
/// checked against a sort of all the links, on cases whose ids are shuffled against the table,
/// half of which tie with another, and whose table runs backwards in time.
#[test]
fn links_come_in_natural_id_order_with_ties_in_table_order() {
    use regime_lens::core::sort::natural_key;
    for (n, seed) in [(120, 1), (300, 2), (300, 3)] {
        let mut c = synthetic_case(n, seed);
        let rename: BTreeMap<String, String> = c
            .actions
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let shuffled = (i * 7919) % n;
                let number = shuffled / 2;
                let prefix = ["DS", "AM", "X"][number % 3];
                let id = if shuffled % 2 == 1 {
                    format!("{prefix}{number:04}")
                } else {
                    format!("{prefix}{number}")
                };
                (a.id.clone(), id)
            })
            .collect();
        for a in &mut c.actions {
            a.id = rename[&a.id].clone();
            for t in &mut a.triggers {
                *t = rename.get(t).cloned().unwrap_or_else(|| t.clone());
            }
        }
        // The table backwards: its order is no longer the order in time.
        c.actions.reverse();
        let (_, analysis) = analyze_case(&c);
        let r = &analysis.reinforcement;
        assert!(r.link_count > 100, "n {n}: {} links", r.link_count);
        let key = |i: usize| (natural_key(&c.actions[i].id), i);
        let mut expected: Vec<(usize, usize)> = r.links().collect();
        expected.sort_by_key(|&(a, b)| (key(a), key(b)));
        let got = r.links_in_id_order(&c);
        assert_eq!(got, expected, "n {n}");
        // The ties are met: some link shares its source's natural key with the next link's
        // source while the sources differ.
        assert!(
            got.windows(2)
                .any(|w| w[0].0 != w[1].0 && natural_key(&c.actions[w[0].0].id) == natural_key(&c.actions[w[1].0].id)),
            "n {n}: no tie met"
        );
        // The ids agree.
        let ids: Vec<(String, String)> = got
            .iter()
            .map(|&(a, b)| (c.actions[a].id.clone(), c.actions[b].id.clone()))
            .collect();
        assert_eq!(r.link_ids(&c), ids);
    }
}
