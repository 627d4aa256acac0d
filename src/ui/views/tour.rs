//! The guided tour: a step-by-step walk through a case (a tour file, `core::tour`), emphasising
//! each step's actions in every view, with next, back and leave by mouse and keyboard; a student
//! who leaves resumes where they were.

use crate::core::tour::Tour;
use crate::ui::state::{use_app_state, AppState};
use crate::ui::storage;
use leptos::prelude::*;

/// Shows step `k` of the tour in every view and remembers it.
fn show_step(state: AppState, tour: &Tour, k: usize) {
    let Some(step) = tour.steps.get(k) else { return };
    state.selected.set(step.select.clone());
    state
        .highlight
        .set((!step.actions.is_empty()).then(|| step.actions.clone()));
    state.tour_step.set(Some(k));
    storage::set_tour_step(Some(k));
    if let Some(panel) = &step.panel {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&format!("[data-testid=\"{panel}\"]")).ok().flatten())
        {
            el.scroll_into_view();
        }
    }
}

/// Leaves the tour: the emphasis ends; the step is kept to resume.
fn leave(state: AppState) {
    state.tour_step.set(None);
    state.highlight.set(None);
}

/// The button that starts (or resumes) the tour.
#[component]
pub fn TourButton() -> impl IntoView {
    let state = use_app_state();
    let start = move |_| {
        if let Some(tour) = state.tour.get_untracked() {
            let k = storage::tour_step().filter(|k| *k < tour.steps.len()).unwrap_or(0);
            show_step(state, &tour, k);
        }
    };
    view! {
        <Show when=move || state.tour.with(Option::is_some)>
            <button class="button tour-button" data-testid="tour-start" on:click=start>
                {move || match (state.tour_step.get(), storage::tour_step()) {
                    (None, Some(k)) if k > 0 => format!("Resume the tour (step {})", k + 1),
                    _ => "Guided tour".to_string(),
                }}
            </button>
        </Show>
    }
}

/// The tour's step, in a dialog that leaves the views visible.
#[component]
pub fn TourPanel() -> impl IntoView {
    let state = use_app_state();
    let dialog = NodeRef::<leptos::html::Section>::new();
    // The dialog takes the focus when it opens, so that the keys work at once.
    Effect::new(move |was_open: Option<bool>| {
        let open = state.tour_step.get().is_some();
        if open && was_open != Some(true) {
            // After the dialog is in the page.
            gloo::timers::callback::Timeout::new(0, move || {
                if let Some(el) = dialog.get_untracked() {
                    let _ = el.focus();
                }
            })
            .forget();
        }
        open
    });
    let go = move |delta: isize| {
        let (Some(tour), Some(k)) = (state.tour.get_untracked(), state.tour_step.get_untracked()) else {
            return;
        };
        let next = k as isize + delta;
        if next < 0 {
            return;
        }
        if next as usize >= tour.steps.len() {
            storage::set_tour_step(None);
            leave(state);
            return;
        }
        show_step(state, &tour, next as usize);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "ArrowRight" => {
            ev.prevent_default();
            go(1);
        }
        "ArrowLeft" => {
            ev.prevent_default();
            go(-1);
        }
        "Escape" => {
            ev.prevent_default();
            leave(state);
        }
        _ => {}
    };
    view! {
        <Show when=move || state.tour_step.get().is_some()>
            <section class="tour" data-testid="tour" role="dialog" aria-modal="false" aria-labelledby="tour-title"
                tabindex="-1" node_ref=dialog on:keydown=on_key>
                {move || {
                    let tour = state.tour.get()?;
                    let k = state.tour_step.get()?;
                    let step = tour.steps.get(k)?.clone();
                    let n = tour.steps.len();
                    let invite = step.invite.as_deref() == Some("recode");
                    Some(view! {
                        <p class="tour-count" data-testid="tour-count">{format!("Step {} of {n}", k + 1)}</p>
                        <h2 id="tour-title" data-testid="tour-title">{step.title.clone()}</h2>
                        <p data-testid="tour-text">{step.text.clone()}</p>
                        <Show when=move || invite>
                            <p class="tour-invite" data-testid="tour-invite">"Your turn: recode the action in the details panel, look at the chains, then undo."</p>
                        </Show>
                        <blockquote class="tour-quote">
                            <p>{format!("“{}”", step.quote)}</p>
                            <footer>{format!("— the TelCo study, {}", step.section)}</footer>
                        </blockquote>
                        <div class="tour-nav">
                            <button class="small" data-testid="tour-back" disabled=move || k == 0 on:click=move |_| go(-1)>"← Back"</button>
                            <button class="small primary" data-testid="tour-next" on:click=move |_| go(1)>
                                {if k + 1 == n { "Finish" } else { "Next →" }}
                            </button>
                            <button class="small" data-testid="tour-leave" on:click=move |_| leave(state)>"Leave the tour"</button>
                        </div>
                        <p class="hint">"Keys: → next, ← back, Esc leaves (you can resume)."</p>
                    })
                }}
            </section>
        </Show>
    }
}
