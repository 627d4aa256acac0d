//! The analysis derived from the open project, as memos: the coding-independent structure of the
//! case, the analysis under the current coding, the timeline layout, cycles and links by aspect,
//! pivotal codings (assessed in slices after each change) and the coders' agreement. Nothing here
//! is stored beside the data it comes from; each memo is a pure function of the core's.

use crate::charts::layout::{timeline_layout, TimelineLayout};
use crate::core::analysis::mechanism::{links_by_aspect, reinforcing_cycles, AspectLinks, CYCLE_LIMIT};
use crate::core::analysis::sensitivity::{aspect_pivots, AspectPivot, Pivotal, PivotalJob};
use crate::core::analysis::team::{agreement, Agreement};
use crate::core::analysis::{Analysis, Options, Prepared};
use crate::core::coding::{aspects_under, kinds_under, CoderCoding};
use crate::core::model::{Aspect, Case, Symbolic};
use crate::core::project::Project;
use crate::ui::frame::after_paint;
use leptos::prelude::*;
use std::sync::Arc;

/// Shared, immutable derived data: cheap to clone, compared by identity (a new value is a new
/// computation), so memos do not compare large structures field by field.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The mechanism beyond single links, for the chains panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Mechanism {
    /// Reinforcing cycles, each from its smallest id.
    pub cycles: Vec<Vec<String>>,
    /// False when there were more than were listed.
    pub cycles_complete: bool,
    /// Links by aspect pair and period.
    pub by_aspect: Vec<AspectLinks>,
}

/// The derived analysis. Cheap to copy: memo and signal handles.
#[derive(Clone, Copy)]
pub struct Derived {
    /// The coding-independent structure of the case.
    pub prepared: Memo<Shared<Prepared>>,
    /// The current kind of every action, in table order.
    pub kinds: Memo<Vec<Symbolic>>,
    /// The current aspect of every action, in table order.
    pub aspects: Memo<Vec<Option<Aspect>>>,
    /// The analysis under the current coding.
    pub analysis: Memo<Shared<Analysis>>,
    /// The timeline layout.
    pub layout: Memo<Shared<TimelineLayout>>,
    /// Reinforcing cycles and links by aspect pair.
    pub mechanism: Memo<Shared<Mechanism>>,
    /// Pivotal codings, as far as assessed under the current coding.
    pub pivots: RwSignal<PivotsState>,
    /// The aspect codings the movement between aspects hinges on.
    pub aspect_pivots: Memo<Shared<Vec<AspectPivot>>>,
    /// The other coders' codings of the case.
    pub coders: Memo<Vec<CoderCoding>>,
    /// Their agreement (`None` without other coders).
    pub agreement: Memo<Option<Shared<Agreement>>>,
}

impl Derived {
    /// The analyses of `project`, whose case is `case` (the project's own, shared).
    pub fn new(project: RwSignal<Project>, case: Memo<Shared<Case>>) -> Self {
        let options = Memo::new(move |_| {
            project.with(|p| Options {
                with_mentions: p.view.with_mentions,
            })
        });
        let prepared = Memo::new(move |_| {
            let options = options.get();
            Shared(Arc::new(case.with(|c| Prepared::new_with(c, options))))
        });
        let kinds = Memo::new(move |_| project.with(|p| kinds_under(&p.case, &p.coding)));
        let aspects = Memo::new(move |_| project.with(|p| aspects_under(&p.case, &p.aspects)));
        let analysis = Memo::new(move |_| {
            let prepared = prepared.get();
            kinds.with(|k| aspects.with(|x| case.with(|c| Shared(Arc::new(prepared.analyze_coded(c, k, x))))))
        });
        let layout = Memo::new(move |_| Shared(Arc::new(case.with(|c| timeline_layout(c)))));
        let mechanism = Memo::new(move |_| {
            let (prepared, analysis) = (prepared.get(), analysis.get());
            let cycles = case.with(|c| reinforcing_cycles(&prepared, c, &analysis.reinforcement, CYCLE_LIMIT));
            let by_aspect = aspects.with(|x| case.with(|c| links_by_aspect(c, &prepared, &analysis.reinforcement, x)));
            Shared(Arc::new(Mechanism {
                cycles: cycles.0,
                cycles_complete: cycles.1,
                by_aspect,
            }))
        });
        let pivots = pivots_in_slices(prepared, kinds, case);
        let coders = Memo::new(move |_| project.with(|p| p.coders.clone()));
        let agreement = Memo::new(move |_| {
            coders.with(|list| {
                (!list.is_empty()).then(|| case.with(|c| Shared(Arc::new(agreement(list, Some(c), true)))))
            })
        });
        let aspect_pivots = Memo::new(move |_| {
            let analysis = analysis.get();
            aspects.with(|x| case.with(|c| Shared(Arc::new(aspect_pivots(c, &analysis.reinforcement, x)))))
        });
        Derived {
            prepared,
            kinds,
            aspects,
            analysis,
            layout,
            mechanism,
            pivots,
            aspect_pivots,
            coders,
            agreement,
        }
    }
}

/// Pivotal codings while they are being assessed, and once they are.
#[derive(Debug, Clone, PartialEq)]
pub enum PivotsState {
    /// `done` of `of` actions assessed so far.
    Assessing { done: usize, of: usize },
    /// Every flip assessed.
    Ready(Shared<Pivotal>),
}

/// How long one slice of the pivotal assessment may hold the page, in milliseconds.
const PIVOT_SLICE_MS: f64 = 8.0;

/// Pivotal codings assessed in slices of a few milliseconds after each change of coding or case,
/// so that the change itself paints at once and input stays answered; a newer coding drops the
/// job of an older one.
fn pivots_in_slices(
    prepared: Memo<Shared<Prepared>>,
    kinds: Memo<Vec<Symbolic>>,
    case: Memo<Shared<Case>>,
) -> RwSignal<PivotsState> {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    /// One assessment: the coding it is for, and its job once made.
    struct Run {
        mine: u64,
        generation: Rc<Cell<u64>>,
        prepared: Shared<Prepared>,
        case: Shared<Case>,
        kinds: Vec<Symbolic>,
        state: RwSignal<PivotsState>,
        job: RefCell<Option<PivotalJob>>,
    }
    /// One slice in a task of its own. The first makes the job (an analysis of its own); each
    /// other steps it for up to `PIVOT_SLICE_MS`. A newer coding's run stops this one.
    fn slice(run: Rc<Run>) {
        gloo::timers::callback::Timeout::new(0, move || {
            if run.generation.get() != run.mine {
                return;
            }
            let made = run.job.borrow().is_some();
            let more = if made {
                let start = js_sys::Date::now();
                let mut more = true;
                if let Some(job) = run.job.borrow_mut().as_mut() {
                    while more && js_sys::Date::now() - start < PIVOT_SLICE_MS {
                        more = job.step(&run.prepared.0, &run.case.0);
                    }
                }
                more
            } else {
                *run.job.borrow_mut() = Some(PivotalJob::new(&run.prepared, &run.case, &run.kinds));
                true
            };
            if more {
                if let Some((done, of)) = run.job.borrow().as_ref().map(PivotalJob::progress) {
                    run.state.set(PivotsState::Assessing { done, of });
                }
                slice(run);
            } else if let Some(finished) = run.job.borrow_mut().take() {
                run.state.set(PivotsState::Ready(Shared(Arc::new(finished.finish()))));
            }
        })
        .forget();
    }
    let state = RwSignal::new(PivotsState::Assessing { done: 0, of: 0 });
    let generation = Rc::new(Cell::new(0u64));
    Effect::new(move |_| {
        generation.set(generation.get() + 1);
        // The last assessment is dropped after the paint: freeing it (every flip of every
        // action) took about 6 ms of a recode's first frame at 1,000 actions.
        let last = state.try_update(|s| std::mem::replace(s, PivotsState::Assessing { done: 0, of: 0 }));
        let run = Rc::new(Run {
            mine: generation.get(),
            generation: Rc::clone(&generation),
            prepared: prepared.get(),
            case: case.get(),
            kinds: kinds.get(),
            state,
            job: RefCell::new(None),
        });
        // The first slice waits for the paint: a timeout of 0 ms would run before the change's
        // first frame, and hold it up by a slice.
        after_paint(move || {
            drop(last);
            slice(run);
        });
    });
    state
}
