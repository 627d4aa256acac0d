//! The coding panels: what the last edit changed, every recode against the original, and the
//! pivotal codings on which the mechanism hinges.

use crate::core::model::Symbolic;
use crate::ui::derived::PivotsState;
use crate::ui::state::use_app_state;
use crate::ui::views::chain_text;
use leptos::prelude::*;

fn links_text(links: &[(String, String)]) -> String {
    if links.is_empty() {
        "none".to_string()
    } else {
        links
            .iter()
            .map(|(a, b)| format!("{a} ⇒ {b}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// "What changed": the last edit's effect on links and the longest chain.
#[component]
pub fn WhatChanged() -> impl IntoView {
    let state = use_app_state();
    view! {
        <Show when=move || state.last_change.with(Option::is_some)>
            <section class="panel what-changed" data-testid="what-changed" aria-live="polite">
                {move || state.last_change.get().map(|last| {
                    let c = &last.change;
                    view! {
                        <header class="panel-head">
                            <h2>"What changed"</h2>
                            <span class="hint">{last.what.clone()}</span>
                            <button class="close" aria-label="Close" on:click=move |_| state.last_change.set(None)>"×"</button>
                        </header>
                        <p data-testid="what-changed-links">
                            {format!("Reinforcing links: {} → {}. Gained: {}. Lost: {}.", c.before.links, c.after.links, links_text(&c.gained), links_text(&c.lost))}
                        </p>
                        <p data-testid="what-changed-chain">
                            {format!("Longest chain before ({} actions): {}. After ({} actions): {}.", c.before.longest, chain_text(&c.before.chain), c.after.longest, chain_text(&c.after.chain))}
                        </p>
                    }
                })}
            </section>
        </Show>
    }
}

/// Every recode against the original coding, with coder, time and memo.
#[component]
pub fn RecodesPanel() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="panel recodes-panel" data-testid="recodes-panel">
            <header class="panel-head"><h2>"Recodes"</h2><span class="hint">"Every kind and aspect coded differently from the case as loaded."</span></header>
            {move || {
                // Kind recodes, then aspect recodes: (test id, action, coding, original, now, coder, time, memo).
                let rows = state.project.with(|p| {
                    let kinds = p.recoded().into_iter().map(|(id, original, e)| {
                        (format!("recode-{id}"), id.to_string(), "Kind", original.label(), e.kind.label(), e.coder.clone(), e.at.clone(), e.memo.clone())
                    });
                    let aspect = |a: Option<crate::core::model::Aspect>| a.map_or("none", |a| a.label());
                    let aspects = p.aspect_recoded().into_iter().map(|(id, original, e)| {
                        (format!("recode-aspect-{id}"), id.to_string(), "Aspect", aspect(original), aspect(e.aspect), e.coder.clone(), e.at.clone(), e.memo.clone())
                    });
                    kinds.chain(aspects).collect::<Vec<_>>()
                });
                if rows.is_empty() {
                    return view! { <p class="hint">"No recodes yet. Select an action and code it in the details panel, or press S, C or A on a table row."</p> }.into_any();
                }
                view! {
                    <table class="recodes">
                        <thead><tr><th>"Action"</th><th>"Coding"</th><th>"Original"</th><th>"Now"</th><th>"Coder"</th><th>"Time"</th><th>"Memo"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(testid, id, what, original, now, coder, at, memo)| {
                                let target = id.clone();
                                view! {
                                    <tr data-testid=testid>
                                        <td><button class="link" on:click=move |_| state.select(Some(target.clone()))>{id.clone()}</button></td>
                                        <td>{what}</td>
                                        <td>{original}</td>
                                        <td>{now}</td>
                                        <td>{coder}</td>
                                        <td>{at}</td>
                                        <td class="memo">{memo}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

fn kind_word(kind: Symbolic) -> &'static str {
    match kind {
        Symbolic::Conformity => "conformity",
        Symbolic::Advocacy => "advocacy",
        Symbolic::Substantive => "substantive",
    }
}

/// Pivotal codings: what flipping each action would do, most consequential first.
#[component]
pub fn PivotalPanel() -> impl IntoView {
    let state = use_app_state();
    let show_all = RwSignal::new(false);
    view! {
        <section class="panel pivotal-panel" data-testid="pivotal-panel">
            <header class="panel-head">
                <h2>"Pivotal codings"</h2>
                <span class="hint">"On which coding decisions does the mechanism hinge? Each line: one flip (to substantive, or conformity ⇄ advocacy), its effect on the longest chain and the links."</span>
            </header>
            {move || {
                let pivotal = match state.derived.pivots.get() {
                    PivotsState::Ready(p) => p,
                    PivotsState::Assessing { done, of } => {
                        return view! {
                            <p class="hint" data-testid="pivotal-assessing" role="status">
                                {if of == 0 { "Assessing every flip…".to_string() } else { format!("Assessing every flip… {done} of {of} actions so far.") }}
                            </p>
                        }.into_any();
                    }
                };
                let list = &pivotal.pivots;
                let sampled = (pivotal.assessed < pivotal.of).then(|| view! {
                    <p class="hint" data-testid="pivotal-sampled">{format!(
                        "A sample: the {} most central actions of {} (most reinforcing links and trigger edges) are assessed; every action is for cases of up to {} actions.",
                        pivotal.assessed, pivotal.of, crate::core::analysis::sensitivity::PIVOTAL_LIMIT)}</p>
                });
                let limit = if show_all.get() { list.len() } else { 12.min(list.len()) };
                let items = list.iter().take(limit).enumerate().map(|(i, p)| {
                    let target = p.action.clone();
                    let text = format!(
                        "{} {} → {}: longest chain {} → {}, links +{} −{}",
                        p.action, kind_word(p.from), kind_word(p.to), p.before.longest, p.after.longest, p.gained, p.lost
                    );
                    view! {
                        <li>
                            <button class="link pivot" data-testid=format!("pivot-{i}") on:click=move |_| state.select(Some(target.clone()))>{text}</button>
                        </li>
                    }
                }).collect_view();
                let more = list.len() - limit;
                view! {
                    {sampled}
                    <ol class="pivots">{items}</ol>
                    <Show when=move || { more > 0 }>
                        <button class="small" on:click=move |_| show_all.set(true)>{format!("Show all {} flips", more + limit)}</button>
                    </Show>
                }.into_any()
            }}
            <h3 class="sub-head">"Aspect codings the movement between aspects hinges on"</h3>
            <ol class="pivots" data-testid="aspect-pivots">
                {move || state.derived.aspect_pivots.get().iter().take(6).map(|p| {
                    let target = p.action.clone();
                    let text = format!("{} ({}): recoding its aspect moves {} links to another pair of aspects",
                        p.action, p.aspect.map_or("no aspect", |a| a.label()).to_lowercase(), p.links_moved);
                    view! { <li><button class="link pivot" on:click=move |_| state.select(Some(target.clone()))>{text}</button></li> }
                }).collect_view()}
            </ol>
        </section>
    }
}
