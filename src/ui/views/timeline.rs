//! The period timeline and, under it on the same time axis, the case's series.

use crate::charts::overview::{draws_every_action, flows, thousands, timeline_overview_option, Cell, DETAIL_LIMIT};
use crate::charts::series::series_option;
use crate::charts::timeline::{timeline_option_in, Emphasis};
use crate::ui::charts::{EChart, FocusIds, NoActionsYet};
use crate::ui::frame::settled_option;
use crate::ui::state::{use_app_state, AppState, Shared};
use crate::ui::views::glossary::TermHelp;
use leptos::prelude::*;

/// What the charts mark whatever is selected: the reinforcing cycles and the actions the coders
/// differ on.
pub fn current_marks(state: AppState) -> Emphasis {
    let prepared = state.derived.prepared.get();
    let indices = |ids: &[String]| -> Vec<usize> { ids.iter().filter_map(|id| prepared.graph.index_of(id)).collect() };
    let cycles: Vec<Vec<usize>> = state
        .derived
        .mechanism
        .get()
        .cycles
        .iter()
        .map(|c| indices(c))
        .collect();
    let disputed: Vec<usize> = state
        .derived
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
    let prepared = state.derived.prepared.get();
    match state.highlight.get() {
        Some(chain) => {
            let indices: Vec<usize> = chain.iter().filter_map(|id| prepared.graph.index_of(id)).collect();
            Emphasis::of_actions(prepared.graph.ids.len(), &indices)
        }
        None => Emphasis::of_selection(&prepared, state.selected_index()),
    }
}

/// True when a chart shows the focus through ECharts' states rather than in its option: it
/// draws every action ([`draws_every_action`]), and they are many
/// ([`crate::charts::states::FOCUS_BY_STATE_FROM`] or more). An overview is small and shows the focus in
/// its option.
pub fn focus_by_state(detail: Memo<bool>, shown: Memo<usize>) -> Memo<bool> {
    Memo::new(move |_| detail.get() && shown.get() >= crate::charts::states::FOCUS_BY_STATE_FROM)
}

/// The level-of-detail controls of a chart: "Every action" while the chart shows more actions
/// than it draws one by one, and a note saying what an overview shows and how to zoom in.
#[component]
pub fn DetailControls(
    /// The actions the chart shows.
    shown: Memo<usize>,
    /// Draw every action whatever their number.
    every: RwSignal<bool>,
    /// Whether the chart draws every action.
    detail: Memo<bool>,
    /// `data-testid` prefix: `{prefix}-every-action`, `{prefix}-overview-note`.
    prefix: &'static str,
    /// How to zoom in, for the note ("choose a period").
    zoom: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || { shown.get() > DETAIL_LIMIT || every.get() }>
            <label class="toggle" title=format!("Draw each action even when there are more than {DETAIL_LIMIT}: slower, and crowded")>
                <input type="checkbox" data-testid=format!("{prefix}-every-action") prop:checked=move || every.get()
                    on:change=move |ev| every.set(event_target_checked(&ev))/>
                " Every action"
            </label>
        </Show>
        <Show when=move || !detail.get()>
            <p class="hint overview-note" data-testid=format!("{prefix}-overview-note") role="status">
                {move || format!("Overview of {} actions: one mark per {}, sized and labelled by its number of actions. Click a mark or {zoom} to see the actions, up to {DETAIL_LIMIT} at a time.",
                    thousands(shown.get()), if prefix == "timeline" { "period, actor group and kind" } else { "actor group and kind" })}
            </p>
        </Show>
    }
}

/// Tracks what [`option_emphasis`] reads: the marks, and the focus unless the chart shows it by
/// its states (then a selection needs no new option).
pub fn track_emphasis(state: AppState, by_state: bool) {
    state.derived.prepared.track();
    state.derived.mechanism.track();
    state.derived.agreement.track();
    if !by_state {
        state.highlight.track();
        state.selected.track();
    }
}

/// Tracks the analysis a chart draws: the case, its preparation, the coding and the analysis.
pub fn track_analysis(state: AppState) {
    state.case.track();
    state.derived.prepared.track();
    state.derived.kinds.track();
    state.derived.analysis.track();
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
        let prepared = state.derived.prepared.get();
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
        let selected = focus.selected.and_then(|i| prepared.graph.ids.get(i).cloned());
        Some(std::sync::Arc::new(crate::ui::charts::Focus { ids, selected }))
    }))
}

/// The timeline panel.
#[component]
pub fn TimelinePanel() -> impl IntoView {
    let state = use_app_state();
    let log = Memo::new(move |_| state.project.with(|p| p.view.series_log));
    // The period zoomed into (its index in the case), and whether to draw every action however
    // many: transient, like the network's filters.
    let zoom = RwSignal::new(None::<usize>);
    let every = RwSignal::new(false);
    Effect::new(move |_| {
        state.case.track();
        zoom.set(None);
    });
    let shown = Memo::new(move |_| {
        let period = zoom.get();
        state.case.with(|c| match period.and_then(|p| c.periods.get(p)) {
            Some(p) => c.actions.iter().filter(|a| a.period == p.id).count(),
            None => c.actions.len(),
        })
    });
    let detail = Memo::new(move |_| draws_every_action(shown.get(), every.get()));
    let by_state = focus_by_state(detail, shown);
    // The overview's cells and flows: made again with the coding or the zoom, not the selection
    // (read only while the overview shows).
    let cells = Memo::new(move |_| {
        let (prepared, analysis, period) = (state.derived.prepared.get(), state.derived.analysis.get(), zoom.get());
        let inside = |i: usize| period.is_none_or(|p| prepared.period_of[i] == p);
        Shared(std::sync::Arc::new(
            state
                .derived
                .kinds
                .with(|kinds| flows(&prepared, &analysis, kinds, true, &inside)),
        ))
    });
    // The chart's width, which its labels are planned for.
    let width = RwSignal::new(crate::charts::USUAL_WIDTH);
    // Built after the paint that answers a click (see [`settled_option`]), from what is current then.
    let option = settled_option(
        move || {
            state.derived.layout.track();
            zoom.track();
            detail.track();
            width.track();
            track_analysis(state);
            track_emphasis(state, by_state.get());
        },
        move || {
            let layout = state.derived.layout.get();
            let period = zoom.get();
            if !detail.get() {
                let emphasis = option_emphasis(state, false);
                let cells = cells.get();
                return state
                    .case
                    .with(|case| timeline_overview_option(case, &layout, &cells, &emphasis, period, width.get()));
            }
            let by_state = by_state.get();
            let emphasis = option_emphasis(state, by_state);
            let width = width.get();
            let mut option = state.derived.kinds.with(|kinds| {
                state
                    .case
                    .with(|case| timeline_option_in(case, &layout, kinds, &emphasis, period, width))
            });
            if by_state {
                crate::charts::states::with_focus_states(&mut option, width);
            }
            option
        },
    );
    let focus = focus_ids(state, by_state);
    let series = Signal::derive(move || {
        let layout = state.derived.layout.get();
        state.case.with(|case| {
            case.series
                .first()
                .and_then(|s| series_option(s, &layout, log.get(), width.get()))
        })
    });
    let on_click = Callback::new(move |id: Option<String>| {
        // A mark of the overview zooms into its period.
        // (An action's own id comes first, however it is spelled.)
        let action = id
            .as_ref()
            .is_some_and(|id| state.case.with(|c| c.action(id).is_some()));
        if let Some(cell) = id.as_deref().filter(|_| !action).and_then(Cell::parse) {
            zoom.set(cell.period);
            return;
        }
        // Clicks on annotations (lanes, events, external triggers) select nothing.
        state.select(if action { id } else { None });
    });
    view! {
        <section class="panel timeline-panel">
            <header class="panel-head">
                <h2>"Period timeline"<TermHelp slug="substantive-action"/></h2>
                <div class="controls">
                    <label>"Period "
                        <select data-testid="timeline-period" aria-label="Show the period"
                            prop:value=move || zoom.get().map(|p| p.to_string()).unwrap_or_default()
                            on:change=move |ev| zoom.set(event_target_value(&ev).parse().ok())>
                            <option value="">"All periods"</option>
                            {move || state.case.with(|c| c.periods.iter().enumerate().map(|(i, p)| view! { <option value=i.to_string()>{p.name.clone()}</option> }).collect_view())}
                        </select>
                    </label>
                    <DetailControls shown=shown every=every detail=detail prefix="timeline" zoom="choose a period"/>
                </div>
                <p class="hint">"Click an action to select it; its triggers and what it triggered stay in focus. Click empty space to clear."</p>
            </header>
            <Show when=move || state.case.with(|c| !c.actions.is_empty()) fallback=|| view! { <NoActionsYet testid="timeline-empty"/> }>
                <EChart option=option focus=focus testid="timeline-chart" class="chart chart-timeline" on_click=on_click export_name="timeline" width=width
                    height=Signal::derive(move || format!("{}px", crate::charts::timeline::timeline_height(state.case.with(|c| c.actors.len()))))/>
            </Show>
            <Show when=move || series.with(Option::is_some) && zoom.with(Option::is_none)>
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
