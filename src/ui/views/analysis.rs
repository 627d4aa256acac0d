//! The analysis panel: the longest chains (clickable), reinforcing links per period and per pair
//! of actor groups, diagnostics (clickable) and the regime matrix.

use crate::charts::matrix::matrix_option;
use crate::core::analysis::DiagnosticKind;
use crate::ui::charts::{EChart, NoActionsYet};
use crate::ui::state::{use_app_state, Shared};
use crate::ui::views::chain_text;
use crate::ui::views::glossary::TermHelp;
use leptos::prelude::*;

fn kind_label(kind: DiagnosticKind) -> &'static str {
    match kind {
        DiagnosticKind::DanglingTrigger => "Unknown trigger",
        DiagnosticKind::SelfTrigger => "Self-trigger",
        DiagnosticKind::Cycle => "Cycle",
        DiagnosticKind::TriggerFromLaterPeriod => "Trigger from a later period",
        DiagnosticKind::MentionWithoutTrigger => "Mentioned, not a trigger",
        DiagnosticKind::TriggerNotMentioned => "Trigger not mentioned",
        DiagnosticKind::MentionCheckNotApplicable => "Mention check",
        DiagnosticKind::NoTrigger => "No trigger",
    }
}

/// The chains panel.
#[component]
pub fn ChainsPanel() -> impl IntoView {
    let state = use_app_state();
    let name_of_period = move |id: &str| {
        state
            .case
            .with(|c| c.period(id).map_or(id.to_string(), |p| p.name.clone()))
    };
    let name_of_actor = move |id: &str| {
        state
            .case
            .with(|c| c.actor(id).map_or(id.to_string(), |a| a.name.clone()))
    };
    view! {
        <section class="panel chains-panel" data-testid="chains-panel">
            <header class="panel-head"><h2>"Reinforcing chains"<TermHelp slug="reinforcing-chain"/></h2></header>
            {move || {
                let analysis = state.derived.analysis.get();
                let r = &analysis.reinforcement;
                let summary = if r.link_count == 0 {
                    "No reinforcing links: no symbolic action reaches one of the other kind through substantive actions only.".to_string()
                } else {
                    // A count past 64 bits is a lower bound (u64::MAX): said as such, not as its digits.
                    let count = if r.longest_count_exact { r.longest_count.to_string() } else { "more than 1.8 × 10¹⁹ (too many to count)".to_string() };
                    format!("{} reinforcing links. Longest chain: {} actions ({} such chains{}).", r.link_count, r.longest_length, count,
                        if (r.longest_chains.len() as u64) < r.longest_count { format!(", the first {} shown", r.longest_chains.len()) } else { String::new() })
                };
                let chains = r.longest_chains.iter().enumerate().map(|(i, chain)| {
                    let ids = chain.ids.clone();
                    let is_on = { let ids = ids.clone(); move || state.highlight.get().as_ref() == Some(&ids) };
                    let periods = chain.periods.iter().map(|p| name_of_period(p)).collect::<Vec<_>>().join(" → ");
                    // Every link's substantive actions on a case-sized chain; the first few on a huge one.
                    let with_via: Vec<String> = chain.links.iter().filter(|l| !l.via.is_empty())
                        .map(|l| format!("{} ⇒ {} via {}", l.from, l.to, l.via.join(", "))).collect();
                    let via = if with_via.len() > 8 {
                        format!("{}; … and {} more links through substantive actions", with_via[..8].join("; "), with_via.len() - 8)
                    } else {
                        with_via.join("; ")
                    };
                    view! {
                        <li>
                            <button class="chain" class:active=is_on.clone() data-testid=format!("chain-{i}")
                                on:click=move |_| {
                                    if is_on() { state.highlight.set(None) } else { state.highlight.set(Some(ids.clone())) }
                                }>
                                {chain_text(&chain.ids)}
                            </button>
                            <div class="chain-meta">{format!("Periods: {periods}")}</div>
                            <Show when={let v = via.clone(); move || !v.is_empty()}>
                                <div class="chain-meta">{format!("Through substantive actions: {via}")}</div>
                            </Show>
                        </li>
                    }
                }).collect_view();
                let by_period = r.by_period.iter().map(|p| view! {
                    <tr><td>{name_of_period(&p.from)}</td><td>{name_of_period(&p.to)}</td><td class="num">{p.links}</td></tr>
                }).collect_view();
                let by_actor = r.by_actor.iter().map(|p| view! {
                    <tr><td>{name_of_actor(&p.from)}</td><td>{name_of_actor(&p.to)}</td><td class="num">{p.links}</td></tr>
                }).collect_view();
                let mechanism = state.derived.mechanism.get();
                let cycles = if mechanism.cycles.is_empty() {
                    view! { <p class="hint" data-testid="cycles-none">"No reinforcing cycle: no conformity and advocacy that trigger each other round."</p> }.into_any()
                } else {
                    let more = (!mechanism.cycles_complete).then(|| view! { <p class="hint">"There are more; the shortest are listed."</p> });
                    view! {
                        <ul class="chains" data-testid="cycles">
                            {mechanism.cycles.iter().map(|cycle| {
                                let ids = cycle.clone();
                                let is_on = { let ids = ids.clone(); move || state.highlight.get().as_ref() == Some(&ids) };
                                let text = format!("{} ⇒ {}", cycle.join(" ⇒ "), cycle[0]);
                                view! {
                                    <li><button class="chain" class:active=is_on.clone()
                                        on:click=move |_| if is_on() { state.highlight.set(None) } else { state.highlight.set(Some(ids.clone())) }>{text}</button></li>
                                }
                            }).collect_view()}
                        </ul>
                        {more}
                    }.into_any()
                };
                let aspect_name = |k: &str| crate::core::model::Aspect::parse_label(k).map_or("no aspect", |a| a.label());
                let by_aspect = mechanism.by_aspect.iter().map(|row| view! {
                    <tr><td>{name_of_period(&row.period)}</td><td>{aspect_name(&row.from_aspect)}</td><td>{aspect_name(&row.to_aspect)}</td><td class="num">{row.links}</td></tr>
                }).collect_view();
                view! {
                    <p data-testid="chains-summary">{summary}</p>
                    <label class="toggle">
                        <input type="checkbox" data-testid="with-mentions" prop:checked=move || state.project.with(|p| p.view.with_mentions)
                            on:change=move |ev| { let on = event_target_checked(&ev); state.set_view(|v| v.with_mentions = on) }/>
                        " Count mentions in consequences as triggers"
                    </label>
                    <ol class="chains">{chains}</ol>
                    <h3 class="sub-head">"Reinforcing cycles"</h3>
                    {cycles}
                    <div class="counts">
                        <table data-testid="links-by-period"><caption>"Links per period"</caption>
                            <thead><tr><th>"From"</th><th>"To"</th><th>"Links"</th></tr></thead><tbody>{by_period}</tbody></table>
                        <table data-testid="links-by-actor"><caption>"Links per pair of actor groups"</caption>
                            <thead><tr><th>"From"</th><th>"To"</th><th>"Links"</th></tr></thead><tbody>{by_actor}</tbody></table>
                        <table data-testid="links-by-aspect"><caption>"Links per pair of aspects, by period of the response"</caption>
                            <thead><tr><th>"Period"</th><th>"From"</th><th>"To"</th><th>"Links"</th></tr></thead><tbody>{by_aspect}</tbody></table>
                    </div>
                }
            }}
        </section>
    }
}

/// The diagnostics list.
#[component]
pub fn DiagnosticsPanel() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="panel diagnostics-panel" data-testid="diagnostics">
            <header class="panel-head"><h2>"Diagnostics"</h2></header>
            {move || {
                let prepared = state.derived.prepared.get();
                if prepared.diagnostics.is_empty() {
                    return view! { <p>"No diagnostics: the coding is consistent."</p> }.into_any();
                }
                let shown = prepared.diagnostics.iter().take(200).map(|d| {
                    let ids = d.ids.iter().filter(|id| state.case.with(|c| c.action(id).is_some())).map(|id| {
                        let target = id.clone();
                        view! { <button class="link" on:click=move |_| state.select(Some(target.clone()))>{id.clone()}</button> }
                    }).collect_view();
                    view! { <li><span class="diag-kind">{kind_label(d.kind)}</span>" "{d.message.clone()}" "{ids}</li> }
                }).collect_view();
                let more = prepared.diagnostics.len().saturating_sub(200);
                view! {
                    <ul class="diagnostics">{shown}</ul>
                    <Show when=move || { more > 0 }><p>{format!("… and {more} more.")}</p></Show>
                }.into_any()
            }}
        </section>
    }
}

/// The regime matrix heatmap.
#[component]
pub fn MatrixPanel() -> impl IntoView {
    let state = use_app_state();
    // The chart's width, which the aspects' names are wrapped to.
    let width = RwSignal::new(crate::charts::USUAL_WIDTH);
    let option = Signal::derive(move || {
        let analysis = state.derived.analysis.get();
        state
            .case
            .with(|case| matrix_option(case, &analysis.regime_matrix, width.get()))
    });
    view! {
        <section class="panel matrix-panel">
            <header class="panel-head">
                <h2>"Regime matrix"</h2>
                <p class="hint">"Actions per period and aspect of the regime; hover a cell for its actions and the case's impact text."</p>
            </header>
            <Show when=move || state.case.with(|c| !c.actions.is_empty()) fallback=|| view! { <NoActionsYet testid="matrix-empty"/> }>
                <EChart option=option testid="regime-matrix" class="chart chart-matrix" export_name="regime-matrix" width=width/>
            </Show>
        </section>
    }
}

/// The regime before and after (the case's own statement, with a quote) beside each period's
/// impact on each aspect: the transformation the actions add up to, in one view.
#[component]
pub fn RegimePanel() -> impl IntoView {
    let regime_scroll = NodeRef::<leptos::html::Div>::new();
    let regime_scrolls = crate::ui::scrolling::scrolls_sideways(regime_scroll);
    let state = use_app_state();
    view! {
        <section class="panel regime-panel" data-testid="regime-panel">
            <header class="panel-head">
                <h2>"The regime, before and after"<TermHelp slug="regime-of-knowing"/></h2>
                <p class="hint">"Each aspect of the regime of knowing as it was, what each period did to it, and as it ended."</p>
            </header>
            {move || state.case.with(|case| {
                let rows = crate::core::analysis::regime::transformation(case);
                let (before_when, after_when) = case.regime.as_ref().map_or((String::new(), String::new()), |r| (r.before.when.clone(), r.after.when.clone()));
                let stated = case.regime.is_some();
                let side = |a: Option<crate::core::model::RegimeAspect>| match a {
                    Some(a) => view! { <td class="regime-side"><p>{a.statement}</p>{(!a.quote.is_empty()).then(|| view! { <blockquote>{a.quote}</blockquote> })}</td> }.into_any(),
                    None => view! { <td class="regime-side hint">"—"</td> }.into_any(),
                };
                let periods: Vec<String> = case.periods.iter().map(|p| p.name.clone()).collect();
                view! {
                    {(!stated).then(|| view! { <p class="hint">"This case does not state the regime before and after; the periods' impacts are shown."</p> })}
                    <div class="regime-scroll" node_ref=regime_scroll tabindex=move || regime_scrolls.get().then_some("0")
                        role=move || regime_scrolls.get().then_some("region")
                        aria-label=move || regime_scrolls.get().then_some("The regime, before and after; it scrolls sideways")>
                        <table class="regime-table">
                            <thead><tr>
                                <th>"Aspect"</th>
                                <th>{format!("Before {before_when}")}</th>
                                {periods.into_iter().map(|p| view! { <th>{format!("Impact of {p}")}</th> }).collect_view()}
                                <th>{format!("After {after_when}")}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! {
                                    <tr data-testid=format!("regime-{}", row.aspect.key())>
                                        <th scope="row">{row.aspect.label()}</th>
                                        {side(row.before)}
                                        {row.impacts.into_iter().map(|(_, text)| view! { <td>{if text.is_empty() { "—".to_string() } else { text }}</td> }).collect_view()}
                                        {side(row.after)}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })}
        </section>
    }
}

/// The robustness table being computed, a definition per task.
struct RobustnessJob {
    /// The generation it belongs to: a newer one (the panel closed, the coding changed) stops it.
    mine: u64,
    plan: Vec<(crate::core::analysis::robustness::Variant, bool)>,
    done: Vec<crate::core::analysis::robustness::Finding>,
    case: Shared<crate::core::model::Case>,
    kinds: Vec<crate::core::model::Symbolic>,
    /// The case prepared without and with mentions, once needed.
    prepared: [Option<crate::core::analysis::Prepared>; 2],
}

impl RobustnessJob {
    /// Computes the next definition in a task of its own; the rows once all are done.
    fn next(
        mut self,
        generation: StoredValue<u64>,
        rows: RwSignal<Option<Vec<crate::core::analysis::robustness::Finding>>>,
        progress: RwSignal<(usize, usize)>,
    ) {
        use crate::core::analysis::{Options, Prepared};
        gloo::timers::callback::Timeout::new(0, move || {
            if generation.get_value() != self.mine {
                return;
            }
            if let Some((variant, current)) = self.plan.get(self.done.len()) {
                let (case, kinds) = (&self.case, &self.kinds);
                let slot = usize::from(variant.with_mentions);
                match &self.prepared[slot] {
                    Some(prepared) => {
                        let row =
                            crate::core::analysis::robustness::robustness_row(case, prepared, kinds, variant, *current);
                        self.done.push(row);
                    }
                    // Preparing the case is a task of its own.
                    None => {
                        let options = Options {
                            with_mentions: variant.with_mentions,
                        };
                        self.prepared[slot] = Some(Prepared::new_with(case, options));
                    }
                }
            }
            if self.done.len() < self.plan.len() {
                progress.set((self.done.len(), self.plan.len()));
                self.next(generation, rows, progress);
            } else {
                rows.set(Some(self.done));
            }
        })
        .forget();
    }
}

/// How much the headline findings depend on the definition of a link: computed when opened, a
/// definition per task (at 10,000 actions each takes a fifth of a second, all of them together
/// held the page for more than a second and a half), with its progress said.
#[component]
pub fn RobustnessPanel() -> impl IntoView {
    use crate::core::analysis::robustness::{robustness_plan, Finding};
    use crate::core::analysis::Options;
    let state = use_app_state();
    let open = RwSignal::new(false);
    // The rows once every definition is computed; how many are done before that.
    let rows = RwSignal::new(None::<Vec<Finding>>);
    let progress = RwSignal::new((0usize, 0usize));
    let generation = StoredValue::new(0u64);
    let with_mentions = Memo::new(move |_| state.project.with(|p| p.view.with_mentions));
    Effect::new(move |_| {
        rows.set(None);
        generation.update_value(|g| *g += 1);
        if !open.get() {
            return;
        }
        let options = Options {
            with_mentions: with_mentions.get(),
        };
        let (case, kinds) = (state.case.get(), state.derived.kinds.get());
        let plan = robustness_plan(&case, &kinds, options, None);
        progress.set((0, plan.len()));
        let job = RobustnessJob {
            mine: generation.get_value(),
            plan,
            done: Vec::new(),
            case,
            kinds,
            prepared: [None, None],
        };
        job.next(generation, rows, progress);
    });
    view! {
        <details class="panel robustness-panel" data-testid="robustness-panel" on:toggle=move |ev| {
            use wasm_bindgen::JsCast;
            let is_open = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open());
            open.set(is_open);
        }>
            <summary class="panel-head"><h2>"Robustness: the findings under other definitions"</h2></summary>
            <p class="hint">"A reviewer will ask whether the finding survives another reasonable definition. Each row recomputes the links; the row in use is marked."</p>
            <Show when=move || open.get() && rows.with(Option::is_none)>
                <p class="hint" data-testid="robustness-computing" role="status">
                    {move || { let (done, of) = progress.get(); format!("Computing the findings under each definition… {done} of {of}.") }}
                </p>
            </Show>
            {move || rows.get().map(|rows| view! {
                <table class="robustness" data-testid="robustness-table">
                    <thead><tr><th>"Definition"</th><th>"Links"</th><th>"Longest chain"</th><th>"Span"</th><th>"A chain from the first period to the last"</th><th>"Cycles"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let cycles = if r.cycles.is_empty() { "none".to_string() } else { r.cycles.iter().map(|c| c.join(" ⇄ ")).collect::<Vec<_>>().join("; ") };
                            view! {
                                <tr class:current=r.current data-testid=if r.current { "robustness-current" } else { "robustness-row" }>
                                    <td>{r.description.clone()}{r.current.then_some(" (in use)")}</td>
                                    <td class="num">{r.links}</td>
                                    <td>{format!("{} actions", r.longest_chain_length)}</td>
                                    <td>{r.longest_chain_span.map_or("—".to_string(), |(a, b)| format!("{a} → {b}"))}</td>
                                    <td>{if r.chain_spans_every_period { "yes" } else { "no" }}</td>
                                    <td>{cycles}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </details>
    }
}
