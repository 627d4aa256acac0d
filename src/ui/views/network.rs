//! The action-trigger network with its layout, reinforcing-link toggle and filters.

use crate::charts::network::{network_option, visible, NetworkView};
use crate::charts::overview::{draws_every_action, flows, network_overview_option, Cell};
use crate::core::model::{Aspect, Symbolic};
use crate::ui::charts::{EChart, NoActionsYet};
use crate::ui::frame::settled_option;
use crate::ui::state::{use_app_state, Shared};
use crate::ui::views::glossary::TermHelp;
use crate::ui::views::timeline::{
    focus_by_state, focus_ids, option_emphasis, track_analysis, track_emphasis, DetailControls,
};
use leptos::prelude::*;

/// The network panel.
#[component]
pub fn NetworkPanel() -> impl IntoView {
    let state = use_app_state();
    // Filters are transient; layout and the reinforcing-link toggle are saved with the project.
    let view_state = RwSignal::new(NetworkView::default());
    let saved = Memo::new(move |_| state.project.with(|p| (p.view.network_force, p.view.reinforcing_links)));
    // Filters of another case do not apply.
    Effect::new(move |_| {
        state.case.track();
        view_state.update(|v| {
            v.actor = None;
            v.period = None;
        });
    });
    // The view with its saved part (layout, reinforcing links).
    let view = Memo::new(move |_| {
        let mut view = view_state.get();
        (view.force, view.reinforcing) = saved.get();
        view
    });
    let shown = Memo::new(move |_| {
        view.with(|view| {
            state.derived.kinds.with(|kinds| {
                state.case.with(|case| {
                    (0..case.actions.len())
                        .filter(|&i| visible(case, kinds, view, i))
                        .count()
                })
            })
        })
    });
    let every = RwSignal::new(false);
    let detail = Memo::new(move |_| draws_every_action(shown.get(), every.get()));
    let by_state = focus_by_state(detail, shown);
    // The overview's cells and flows: made again with the coding or the filters, not the
    // selection (read only while the overview shows).
    let cells = Memo::new(move |_| {
        let (prepared, analysis) = (state.derived.prepared.get(), state.derived.analysis.get());
        let made = view.with(|view| {
            state.derived.kinds.with(|kinds| {
                state.case.with(|case| {
                    let shown = |i: usize| visible(case, kinds, view, i);
                    flows(&prepared, &analysis, kinds, false, &shown)
                })
            })
        });
        Shared(std::sync::Arc::new(made))
    });
    // The chart's width, which the nodes' sizes and the ids shown through the states are planned for.
    let width = RwSignal::new(crate::charts::USUAL_WIDTH);
    // Built after the paint that answers a click (see [`settled_option`]), from what is current then.
    let option = settled_option(
        move || {
            view.track();
            // The overview is the same at any width.
            if detail.get() {
                width.track();
            }
            track_analysis(state);
            track_emphasis(state, by_state.get());
        },
        move || {
            let prepared = state.derived.prepared.get();
            let analysis = state.derived.analysis.get();
            let view = view.get();
            if !detail.get() {
                let emphasis = option_emphasis(state, false);
                let cells = cells.get();
                let links = analysis.reinforcement.link_count;
                return state
                    .case
                    .with(|case| network_overview_option(case, &cells, links, &view, &emphasis));
            }
            let by_state = by_state.get();
            let emphasis = option_emphasis(state, by_state);
            let width = width.get();
            let mut option = state.derived.kinds.with(|kinds| {
                state
                    .case
                    .with(|case| network_option(case, &prepared, &analysis, kinds, &view, &emphasis, width))
            });
            if by_state {
                crate::charts::states::with_focus_states(&mut option, width);
            }
            option
        },
    );
    let focus = focus_ids(state, by_state);
    let on_click = Callback::new(move |id: Option<String>| {
        // A node of the overview zooms into its actor group.
        // (An action's own id comes first, however it is spelled.)
        let action = id
            .as_ref()
            .is_some_and(|id| state.case.with(|c| c.action(id).is_some()));
        if let Some(cell) = id.as_deref().filter(|_| !action).and_then(Cell::parse) {
            let actor = state.case.with(|c| c.actors.get(cell.actor).map(|a| a.id.clone()));
            view_state.update(|v| v.actor = actor);
            return;
        }
        state.select(if action { id } else { None });
    });
    let opt = |v: Option<String>| v.unwrap_or_default();
    view! {
        <section class="panel network-panel">
            <header class="panel-head">
                <h2>"Action-trigger network"<TermHelp slug="reinforcing-link"/></h2>
                <div class="controls">
                    <label>"Layout "
                        <select data-testid="network-layout" prop:value=move || if saved.get().0 { "force" } else { "layered" }
                            on:change=move |ev| { let force = event_target_value(&ev) == "force"; state.set_view(|v| v.network_force = force) }>
                            <option value="layered">"Layered"</option>
                            <option value="force">"Force"</option>
                        </select>
                    </label>
                    <label class="toggle">
                        <input type="checkbox" data-testid="toggle-reinforcing" prop:checked=move || saved.get().1
                            on:change=move |ev| { let on = event_target_checked(&ev); state.set_view(|v| v.reinforcing_links = on) }/>
                        " Reinforcing links"
                    </label>
                    <select data-testid="network-filter-actor" aria-label="Filter by actor"
                        prop:value=move || view_state.with(|v| opt(v.actor.clone()))
                        on:change=move |ev| { let x = event_target_value(&ev); view_state.update(|v| v.actor = (!x.is_empty()).then_some(x)) }>
                        <option value="">"All actors"</option>
                        {move || state.case.with(|c| c.actors.iter().map(|a| view! { <option value=a.id.clone()>{a.name.clone()}</option> }).collect_view())}
                    </select>
                    <select data-testid="network-filter-period" aria-label="Filter by period"
                        prop:value=move || view_state.with(|v| opt(v.period.clone()))
                        on:change=move |ev| { let x = event_target_value(&ev); view_state.update(|v| v.period = (!x.is_empty()).then_some(x)) }>
                        <option value="">"All periods"</option>
                        {move || state.case.with(|c| c.periods.iter().map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> }).collect_view())}
                    </select>
                    <select data-testid="network-filter-kind" aria-label="Filter by kind"
                        on:change=move |ev| { let x = event_target_value(&ev); view_state.update(|v| v.kind = Symbolic::parse_label(&x).filter(|_| !x.is_empty())) }>
                        <option value="">"All kinds"</option>
                        {Symbolic::ALL.iter().map(|k| view! { <option value=k.key()>{k.label()}</option> }).collect_view()}
                    </select>
                    <select data-testid="network-filter-aspect" aria-label="Filter by aspect"
                        on:change=move |ev| { let x = event_target_value(&ev); view_state.update(|v| v.aspect = Aspect::parse_label(&x)) }>
                        <option value="">"All aspects"</option>
                        {Aspect::ALL.iter().map(|a| view! { <option value=a.key()>{a.label()}</option> }).collect_view()}
                    </select>
                    <DetailControls shown=shown every=every detail=detail prefix="network" zoom="choose an actor group and a period"/>
                </div>
            </header>
            <Show when=move || state.case.with(|c| !c.actions.is_empty()) fallback=|| view! { <NoActionsYet testid="network-empty"/> }>
                <p class="hint legend-note">"Colour: symbolic kind. Shape: actor group ("
                    {move || state.case.with(|c| c.actors.iter().enumerate().map(|(i, a)| format!("{} {}", shape_name(i), a.name)).collect::<Vec<_>>().join(", "))}
                    "). Solid arrows: triggers; dashed: mentioned only; dotted: external triggers; thick curves: reinforcing links."</p>
                <EChart option=option focus=focus testid="network-chart" class="chart chart-network" on_click=on_click export_name="network" width=width/>
            </Show>
        </section>
    }
}

fn shape_name(actor: usize) -> &'static str {
    ["●", "■", "◆", "▲", "▢", "📍", "➤"][actor % 7]
}
