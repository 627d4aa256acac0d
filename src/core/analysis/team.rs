//! Team coding's figures: what other coders' codings agree on, what their disagreement does to
//! the findings, and the blind case a coder starts from.
//!
//! The coders' codings themselves are plain data ([`crate::core::coding::CoderCoding`]); they are
//! read from files by [`crate::core::open::read_coder`]. The measures are in
//! [`crate::core::analysis::agreement`].

use crate::core::analysis::agreement::{
    alpha_jaccard, alpha_nominal, cohen_kappa, confusion, fleiss_kappa, percent_agreement, Alpha, BOOTSTRAP_RESAMPLES,
    BOOTSTRAP_SEED,
};
use crate::core::analysis::analyze::coded_kinds;
use crate::core::analysis::bits::BitSet;
use crate::core::analysis::prepared::Prepared;
use crate::core::analysis::reinforcement::reinforcement;
use crate::core::coding::{CoderCoding, Labels};
use crate::core::model::{Aspect, Case, Symbolic};
use crate::core::sort::{natural_key, SortErased};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The case a coder starts a blind coding from: the same actions with their descriptions,
/// actors, periods, dates and order, every action substantive, without aspect, aim, note,
/// triggers, consequence or impact (which would give the coding away).
pub fn blind_case(case: &Case) -> Case {
    let mut blind = case.clone();
    for a in &mut blind.actions {
        a.symbolic = Symbolic::Substantive;
        a.symbolic_note.clear();
        a.aim.clear();
        a.aspect = None;
        a.triggers.clear();
        a.external_triggers.clear();
        a.consequence.clear();
        a.impact.clear();
        a.evidence.clear();
    }
    blind.title = format!("{} (blind coding)", case.title);
    blind
}

/// Agreement on one label (kind or aspect).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Krippendorff's alpha (nominal).
    pub alpha: Option<f64>,
    /// Its 95% bootstrap interval.
    pub alpha_ci95: Option<[f64; 2]>,
    /// Cohen's kappa for two coders, Fleiss' for three or more.
    pub kappa: Option<f64>,
    /// Which kappa: `cohen` or `fleiss`.
    pub kappa_kind: &'static str,
    /// Percent agreement over pairs of coders.
    pub percent_agreement: Option<f64>,
    /// Pairable values.
    pub values: usize,
}

/// Agreement on the triggers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriggerFigures {
    /// Krippendorff's alpha with the Jaccard distance.
    pub alpha: Option<f64>,
    /// Its 95% bootstrap interval.
    pub alpha_ci95: Option<[f64; 2]>,
    /// Percent of pairs of coders who gave the same set.
    pub percent_agreement: Option<f64>,
    /// Pairable values.
    pub values: usize,
}

/// Two coders' confusion matrices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairMatrix {
    /// The first coder (rows).
    pub first: String,
    /// The second coder (columns).
    pub second: String,
    /// Kinds, in `Symbolic::ALL` order.
    pub kind: Vec<Vec<usize>>,
    /// Aspects, in `Aspect::ALL` order.
    pub aspect: Vec<Vec<usize>>,
    /// Cohen's kappa of the two on the kind.
    pub kind_kappa: Option<f64>,
}

/// The mechanism under one coder's coding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoderFindings {
    /// The coder.
    pub coder: String,
    /// Reinforcing links.
    pub links: usize,
    /// Length of the longest chain, in actions.
    pub longest: usize,
    /// The first longest chain.
    pub chain: Vec<String>,
}

/// Where the coders differ on one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    /// The action.
    pub action: String,
    /// The labels they differ on: `kind`, `aspect`, `triggers`.
    pub fields: Vec<&'static str>,
}

/// Everything the agreement panel and `regime-lens agree` show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// The coders, in the order given.
    pub coders: Vec<String>,
    /// Actions coded by at least two coders, in natural id order.
    pub units: usize,
    /// Ids each coder lacks that some other coder has.
    pub missing: BTreeMap<String, Vec<String>>,
    /// The symbolic kind.
    pub symbolic: Figures,
    /// The aspect.
    pub aspect: Figures,
    /// The triggers.
    pub triggers: TriggerFigures,
    /// Each pair of coders.
    pub pairs: Vec<PairMatrix>,
    /// The mechanism under each coder's coding (when the case is known).
    pub findings: Vec<CoderFindings>,
    /// How many links every coder's coding produces.
    pub links_all_count: usize,
    /// How many links some coders' codings produce and others' do not.
    pub links_some_count: usize,
    /// Links every coder's coding produces (the first [`LINK_LIST_LIMIT`], by source).
    pub links_all: Vec<(String, String)>,
    /// Links some coders' codings produce and others' do not (the first [`LINK_LIST_LIMIT`]).
    pub links_some: Vec<(String, String)>,
    /// The actions the coders differ on, in natural id order.
    pub disagreements: Vec<Disagreement>,
}

/// The case as one coder coded it: `base`'s actions that the coder has, with the coder's kind,
/// aspect and (when known) triggers; triggers to actions the coder lacks are dropped.
pub fn coder_case(base: &Case, coding: &CoderCoding) -> Case {
    let mut case = base.clone();
    case.actions.retain(|a| coding.labels.contains_key(&a.id));
    let ids: BTreeSet<String> = case.actions.iter().map(|a| a.id.clone()).collect();
    for a in &mut case.actions {
        if let Some(l) = coding.labels.get(&a.id) {
            a.symbolic = l.kind;
            a.aspect = l.aspect;
            if let Some(t) = &l.triggers {
                a.triggers = t.clone();
            }
            a.triggers.retain(|t| ids.contains(t) && *t != a.id);
        }
    }
    case
}

/// Links listed at most in each of `links_all` and `links_some` (all are counted).
pub const LINK_LIST_LIMIT: usize = 500;

/// The mechanism under one coder's coding, and its links as sets over `base`'s actions.
fn findings_of(
    base: &Case,
    index: &HashMap<&str, usize>,
    coding: &CoderCoding,
) -> (CoderFindings, Vec<Option<BitSet>>) {
    let case = coder_case(base, coding);
    let prepared = Prepared::new(&case);
    let r = reinforcement(&prepared, &case, &coded_kinds(&case), 1);
    let n = base.actions.len();
    let to_base: Vec<usize> = case.actions.iter().map(|a| index[a.id.as_str()]).collect();
    let mut links: Vec<Option<BitSet>> = vec![None; n];
    for (x, targets) in r.targets_by_source(case.actions.len()).into_iter().enumerate() {
        if let Some(targets) = targets {
            let mut set = BitSet::new(n);
            for y in targets.iter() {
                set.insert(to_base[y]);
            }
            links[to_base[x]] = Some(set);
        }
    }
    (
        CoderFindings {
            coder: coding.coder.clone(),
            links: r.link_count,
            longest: r.longest_length,
            chain: r.longest_chains.first().map(|c| c.ids.clone()).unwrap_or_default(),
        },
        links,
    )
}

/// Agreement of the coders. `base` is the case the findings are computed on (the open case);
/// without it there are no findings. `ci` computes the bootstrap intervals (the slow part).
pub fn agreement(coders: &[CoderCoding], base: Option<&Case>, ci: bool) -> Agreement {
    let names: Vec<String> = coders.iter().map(|c| c.coder.clone()).collect();
    // Every id any coder has, with each coder's labels: one pass over each coder's labels.
    let mut unit_of: HashMap<&str, usize> = HashMap::default();
    let mut table: Vec<(&str, Vec<Option<&Labels>>)> = Vec::new();
    for (c, coding) in coders.iter().enumerate() {
        for (id, labels) in &coding.labels {
            let u = *unit_of.entry(id.as_str()).or_insert_with(|| {
                table.push((id.as_str(), vec![None; coders.len()]));
                table.len() - 1
            });
            table[u].1[c] = Some(labels);
        }
    }
    table.erased_sort_by_cached_key(|(id, _)| natural_key(id));
    let mut missing = BTreeMap::new();
    for (c, coding) in coders.iter().enumerate() {
        let lacks: Vec<String> = table
            .iter()
            .filter(|(_, l)| l[c].is_none())
            .map(|(id, _)| id.to_string())
            .collect();
        if !lacks.is_empty() {
            missing.insert(coding.coder.clone(), lacks);
        }
    }
    table.retain(|(_, l)| l.iter().flatten().count() >= 2);
    let ids: Vec<&str> = table.iter().map(|(id, _)| *id).collect();

    let kind_index = |k: Symbolic| Symbolic::ALL.iter().position(|x| *x == k).unwrap_or(0) as u32;
    let aspect_index = |a: Aspect| Aspect::ALL.iter().position(|x| *x == a).unwrap_or(0) as u32;
    let mut trigger_ids: HashMap<&str, u32> = HashMap::default();
    let mut set_index: HashMap<Vec<u32>, u32> = HashMap::default();
    let mut sets: Vec<Vec<u32>> = Vec::new();
    let (mut kinds, mut aspects, mut triggers) = (Vec::new(), Vec::new(), Vec::new());
    for (_, labels) in &table {
        kinds.push(labels.iter().map(|l| l.map(|l| kind_index(l.kind))).collect::<Vec<_>>());
        aspects.push(
            labels
                .iter()
                .map(|l| l.and_then(|l| l.aspect).map(aspect_index))
                .collect::<Vec<_>>(),
        );
        let mut row = Vec::with_capacity(labels.len());
        for l in labels {
            row.push(l.and_then(|l| l.triggers.as_ref()).map(|t| {
                let mut set: Vec<u32> = t
                    .iter()
                    .map(|x| {
                        let next = trigger_ids.len() as u32;
                        *trigger_ids.entry(x.as_str()).or_insert(next)
                    })
                    .collect();
                set.erased_sort();
                set.dedup();
                match set_index.get(&set) {
                    Some(&i) => i,
                    None => {
                        let i = sets.len() as u32;
                        set_index.insert(set.clone(), i);
                        sets.push(set);
                        i
                    }
                }
            }));
        }
        triggers.push(row);
    }
    let with_ci = |a: Alpha| {
        if ci {
            a.with_ci(BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED)
        } else {
            a
        }
    };
    let figures = |units: &[Vec<Option<u32>>], categories: usize| {
        let alpha = with_ci(alpha_nominal(units));
        let (kappa, kappa_kind) = if coders.len() == 2 {
            (cohen_kappa(&confusion(units, 0, 1, categories)), "cohen")
        } else {
            (fleiss_kappa(units, categories), "fleiss")
        };
        Figures {
            alpha: alpha.alpha,
            alpha_ci95: alpha.ci95,
            kappa,
            kappa_kind,
            percent_agreement: percent_agreement(units),
            values: alpha.values,
        }
    };
    let trigger_alpha = with_ci(alpha_jaccard(&triggers, &sets));
    let mut pairs = Vec::new();
    for i in 0..coders.len() {
        for j in i + 1..coders.len() {
            let kind = confusion(&kinds, i, j, Symbolic::ALL.len());
            pairs.push(PairMatrix {
                first: names[i].clone(),
                second: names[j].clone(),
                kind_kappa: cohen_kappa(&kind),
                kind,
                aspect: confusion(&aspects, i, j, Aspect::ALL.len()),
            });
        }
    }
    let differ = |unit: &Vec<Option<u32>>| {
        let mut values = unit.iter().flatten();
        let first = values.next();
        values.any(|v| Some(v) != first)
    };
    let disagreements = ids
        .iter()
        .enumerate()
        .filter_map(|(u, id)| {
            let fields: Vec<&'static str> = [("kind", &kinds[u]), ("aspect", &aspects[u]), ("triggers", &triggers[u])]
                .into_iter()
                .filter(|(_, unit)| differ(unit))
                .map(|(f, _)| f)
                .collect();
            (!fields.is_empty()).then(|| Disagreement {
                action: id.to_string(),
                fields,
            })
        })
        .collect();

    let (mut findings, mut links_all, mut links_some) = (Vec::new(), Vec::new(), Vec::new());
    let (mut all_count, mut some_count) = (0, 0);
    if let Some(base) = base.filter(|_| !coders.is_empty()) {
        let index: HashMap<&str, usize> = base
            .actions
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let results: Vec<(CoderFindings, Vec<Option<BitSet>>)> =
            coders.iter().map(|c| findings_of(base, &index, c)).collect();
        let n = base.actions.len();
        let empty = BitSet::new(n);
        let id = |v: usize| base.actions[v].id.clone();
        for x in 0..n {
            let sets: Vec<&BitSet> = results.iter().map(|(_, l)| l[x].as_ref().unwrap_or(&empty)).collect();
            if sets.iter().all(|s| s.is_empty()) {
                continue;
            }
            let mut union = BitSet::new(n);
            for s in &sets {
                union.union_with(s);
            }
            let mut every = union.clone();
            for s in &sets {
                every.intersect_with(s);
            }
            all_count += every.len();
            some_count += union.len() - every.len();
            for y in every.iter() {
                if links_all.len() < LINK_LIST_LIMIT {
                    links_all.push((id(x), id(y)));
                }
            }
            for y in union.difference(&every) {
                if links_some.len() < LINK_LIST_LIMIT {
                    links_some.push((id(x), id(y)));
                }
            }
        }
        let order =
            |v: &mut Vec<(String, String)>| v.erased_sort_by_cached_key(|(a, b)| (natural_key(a), natural_key(b)));
        order(&mut links_all);
        order(&mut links_some);
        findings = results.into_iter().map(|(f, _)| f).collect();
    }
    Agreement {
        coders: names,
        units: ids.len(),
        missing,
        symbolic: figures(&kinds, Symbolic::ALL.len()),
        aspect: figures(&aspects, Aspect::ALL.len()),
        triggers: TriggerFigures {
            alpha: trigger_alpha.alpha,
            alpha_ci95: trigger_alpha.ci95,
            percent_agreement: percent_agreement(&triggers),
            values: trigger_alpha.values,
        },
        pairs,
        findings,
        links_all_count: all_count,
        links_some_count: some_count,
        links_all,
        links_some,
        disagreements,
    }
}
