//! The period timeline and, under it on the same time axis, the case's series.

use crate::charts::series::series_option;
use crate::charts::timeline::{timeline_option, Emphasis};
use crate::ui::charts::EChart;
use crate::ui::state::{use_app_state, AppState};
use crate::ui::views::glossary::TermHelp;
use leptos::prelude::*;

/// What the charts emphasise: a highlighted chain, else the selection's lineage.
pub fn current_emphasis(state: AppState) -> Emphasis {
    let prepared = state.prepared.get();
    let indices = |ids: &[String]| -> Vec<usize> { ids.iter().filter_map(|id| prepared.graph.index_of(id)).collect() };
    let cycles: Vec<Vec<usize>> = state.mechanism.get().cycles.iter().map(|c| indices(c)).collect();
    let emphasis = match state.highlight.get() {
        Some(chain) => Emphasis::of_actions(prepared.graph.ids.len(), &indices(&chain)),
        None => Emphasis::of_selection(&prepared, state.selected_index()),
    };
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
    emphasis.with_cycles(cycles).with_disputed(disputed)
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
    let option = Signal::derive(move || {
        let layout = state.layout.get();
        let emphasis = current_emphasis(state);
        state
            .kinds
            .with(|kinds| state.case.with(|case| timeline_option(case, &layout, kinds, &emphasis)))
    });
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
            <EChart option=option testid="timeline-chart" class="chart chart-timeline" on_click=on_click export_name="timeline"
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
