//! Seeded synthetic cases for tests and benchmarks.
//!
//! [`synthetic_case`] makes N actions in time order, 30% symbolic (half conformity, half
//! advocacy), each with 3 triggers drawn backwards at a distance of 1 + an exponential variable of
//! mean 20. Such cases are dense: at N = 10,000 they hold about 1.7 million reinforcing links.

use crate::core::model::{Action, Actor, Aspect, Case, Period, Symbolic};
use crate::core::sort::SortErased;
use std::collections::BTreeMap;

/// A small, fast, seeded generator (SplitMix64); good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A synthetic case of `n` actions (see the module docs), with 4 actor groups and 10 periods.
pub fn synthetic_case(n: usize, seed: u64) -> Case {
    let mut rng = Rng::new(seed);
    let actors: Vec<Actor> = ["Incumbents", "Technologists", "Management", "Others"]
        .iter()
        .enumerate()
        .map(|(i, name)| Actor {
            id: format!("G{}", i + 1),
            name: (*name).to_string(),
            role: String::new(),
            memo: String::new(),
        })
        .collect();
    let period_count = 10usize;
    let periods: Vec<Period> = (0..period_count)
        .map(|i| Period {
            id: format!("P{}", i + 1),
            name: format!("Period {}", i + 1),
            start: None,
            end: None,
            impact: BTreeMap::new(),
            memo: String::new(),
        })
        .collect();
    let mut actions = Vec::with_capacity(n);
    for i in 0..n {
        let u = rng.unit();
        let symbolic = if u < 0.15 {
            Symbolic::Conformity
        } else if u < 0.30 {
            Symbolic::Advocacy
        } else {
            Symbolic::Substantive
        };
        let actor = match symbolic {
            Symbolic::Conformity => 0,
            Symbolic::Advocacy => 1,
            Symbolic::Substantive => 2 + (rng.next_u64() % 2) as usize,
        };
        let mut triggers = Vec::new();
        if i > 0 {
            for _ in 0..3 {
                let distance = 1 + (-20.0 * (1.0 - rng.unit()).ln()).floor() as usize;
                if distance <= i {
                    let id = format!("A{}", i - distance);
                    if !triggers.contains(&id) {
                        triggers.push(id);
                    }
                }
            }
        }
        actions.push(Action {
            id: format!("A{i}"),
            actor: actors[actor].id.clone(),
            period: periods[i * period_count / n.max(1)].id.clone(),
            description: format!("Synthetic action {i}"),
            symbolic,
            symbolic_note: String::new(),
            aim: String::new(),
            aspect: Some(Aspect::ALL[(rng.next_u64() % 3) as usize]),
            external_triggers: if triggers.is_empty() {
                vec!["Start".to_string()]
            } else {
                Vec::new()
            },
            triggers,
            consequence: String::new(),
            impact: String::new(),
            date: None,
            order: Some(i as f64),
            evidence: Vec::new(),
        });
    }
    Case {
        title: format!("Synthetic case, N = {n}, seed {seed}"),
        source: "synthetic".into(),
        actors,
        periods,
        actions,
        ..Case::default()
    }
}

/// `k` coders of a case for agreement benchmarks: coder `c` recodes a seeded tenth of the kinds,
/// a seventh of the aspects (every action gets one) and drops a trigger of a ninth of the actions.
pub fn synthetic_coders(case: &Case, k: u64) -> Vec<crate::core::coding::CoderCoding> {
    use crate::core::coding::{CoderCoding, Labels};
    use crate::core::model::{Aspect, Symbolic};
    (0..k)
        .map(|c| {
            let labels = case
                .actions
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let h = (i as u64 + 1)
                        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                        .rotate_left(c as u32 * 7 + 3);
                    let kind = if h.is_multiple_of(10) {
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
                    triggers.erased_sort();
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
                coder: format!("coder {c}"),
                source: String::new(),
                labels,
            }
        })
        .collect()
}
