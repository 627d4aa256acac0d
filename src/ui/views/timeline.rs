//! The period timeline and, under it on the same time axis, the case's series.

use crate::charts::series::series_option;
use crate::charts::timeline::{timeline_option, Emphasis};
use crate::ui::charts::{EChart, FocusIds};
use crate::ui::state::{use_app_state, AppState};
use crate::ui::views::glossary::TermHelp;
use leptos::prelude::*;

/// What the charts mark whatever is selected: the reinforcing cycles and the actions the coders
/// differ on.
pub fn current_marks(state: AppState) -> Emphasis {
    let prepared = state.prepared.get();
    let indices = |ids: &[String]| -> Vec<usize> { ids.iter().filter_map(|id| prepared.graph.index_of(id)).collect() };
    let cycles: Vec<Vec<usize>> = state.mechanism.get().cycles.iter().map(|c| indices(c)).collect();
    let disputed: Vec<usize> = state
        .agreement
        .get()
        .map(|a| {
            a.0.disagreements
                .iter()
                .filter_map(|d| prepared.graph.index_of(&d.action))
                .collect()
        })
        .unwrap_or_default();
    Emphasis::default().with_cycles(cycles).with_disputed(disputed)
}

/// What the charts bring forward: a highlighted chain, else the selection's lineage.
pub fn current_focus(state: AppState) -> Emphasis {
    let prepared = state.prepared.get();
    match state.highlight.get() {
        Some(chain) => {
            let indices: Vec<usize> = chain.iter().filter_map(|id| prepared.graph.index_of(id)).collect();
            Emphasis::of_actions(prepared.graph.ids.len(), &indices)
        }
        None => Emphasis::of_selection(&prepared, state.selected_index()),
    }
}

/// True when the charts show the focus through ECharts' states rather than in their option
/// ([`crate::charts::FOCUS_BY_STATE_FROM`] actions or more).
pub fn focus_by_state(state: AppState) -> Memo<bool> {
    Memo::new(move |_| {
        state
            .case
            .with(|c| c.actions.len() >= crate::charts::FOCUS_BY_STATE_FROM)
    })
}

/// The option's emphasis: the marks, and the focus too unless the chart shows it by its states.
pub fn option_emphasis(state: AppState, by_state: bool) -> Emphasis {
    let marks = current_marks(state);
    if by_state {
        return marks;
    }
    current_focus(state)
        .with_cycles(marks.cycles)
        .with_disputed(marks.disputed)
}

/// The ids a chart showing its focus by states brings forward (`None` when it shows it in its
/// option; an empty set when nothing is focused).
pub fn focus_ids(state: AppState, by_state: Memo<bool>) -> Signal<Option<FocusIds>> {
    // A memo: the chart reads it again when it re-applies the focus, without recomputing it.
    Signal::from(Memo::new(move |_| {
        if !by_state.get() {
            return None;
        }
        let focus = current_focus(state);
        let prepared = state.prepared.get();
        let ids: std::collections::HashSet<String> = if focus.focus.is_empty() {
            Default::default()
        } else {
            prepared
                .graph
                .ids
                .iter()
                .enumerate()
                .filter(|&(i, _)| focus.is_focused(i))
                .map(|(_, id)| id.clone())
                .collect()
        };
        Some(std::sync::Arc::new(ids))
    }))
}

/// Room for event labels and the time axis, plus a lane per actor group.
fn timeline_height(lanes: usize) -> usize {
    (130 + 75 * lanes.max(1)).max(380)
}

/// The timeline panel.
#[component]
pub fn TimelinePanel() -> impl IntoView {
    let state = use_app_state();
    let log = Memo::new(move |_| state.project.with(|p| p.view.series_log));
    let by_state = focus_by_state(state);
    let option = Signal::derive(move || {
        let layout = state.layout.get();
        let by_state = by_state.get();
        let emphasis = option_emphasis(state, by_state);
        let mut option = state
            .kinds
            .with(|kinds| state.case.with(|case| timeline_option(case, &layout, kinds, &emphasis)));
        if by_state {
            crate::charts::with_focus_states(&mut option);
        }
        option
    });
    let focus = focus_ids(state, by_state);
    let series = Signal::derive(move || {
        let layout = state.layout.get();
        state
            .case
            .with(|case| case.series.first().and_then(|s| series_option(s, &layout, log.get())))
    });
    let on_click = Callback::new(move |id: Option<String>| {
        // Clicks on annotations (lanes, events, external triggers) select nothing.
        let known = id
            .as_ref()
            .is_some_and(|id| state.case.with(|c| c.action(id).is_some()));
        state.select(if known { id } else { None });
    });
    view! {
        <section class="panel timeline-panel">
            <header class="panel-head">
                <h2>"Period timeline"<TermHelp slug="substantive-action"/></h2>
                <p class="hint">"Click an action to select it; its triggers and what it triggered stay in focus. Click empty space to clear."</p>
            </header>
            <EChart option=option focus=focus testid="timeline-chart" class="chart chart-timeline" on_click=on_click export_name="timeline"
                height=Signal::derive(move || format!("{}px", timeline_height(state.case.with(|c| c.actors.len()))))/>
            <Show when=move || series.with(Option::is_some)>
                <div class="series-head">
                    <label class="toggle">
                        <input type="checkbox" data-testid="series-log" prop:checked=move || log.get()
                            on:change=move |ev| { let on = event_target_checked(&ev); state.set_view(|v| v.series_log = on) }/>
                        " Log scale"
                    </label>
                </div>
                <EChart option=Signal::derive(move || series.get().unwrap_or_default()) testid="series-chart" class="chart chart-series" export_name="series"/>
            </Show>
        </section>
    }
}
