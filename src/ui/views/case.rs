//! The case panel: its memo, its actor groups (add, rename, role, merge, memo), its periods (add,
//! rename, reorder, dates, impact per aspect, memo), the actions kept aside (restorable) and the
//! recodes a revised table flagged for review. Every change is dispatched as an edit.

use crate::core::model::{Actor, Aspect, Period};
use crate::core::project::edit::{Op, Target};
use crate::ui::state::use_app_state;
use leptos::prelude::*;

/// A text field that dispatches its value when it is left (change), if it changed.
fn on_change_text(label: String, testid: String, value: String, dispatch: impl Fn(String) + 'static) -> impl IntoView {
    view! {
        <label class="inline-field">
            <span class="field-label">{label}</span>
            <input type="text" data-testid=testid prop:value=value.clone()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if v != value { dispatch(v) }
                }/>
        </label>
    }
}

/// A menu of the case's actor groups bound to `chosen`.
fn actor_select(testid: &'static str, chosen: RwSignal<String>) -> impl IntoView {
    let state = use_app_state();
    view! {
        <select data-testid=testid prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
            <option value="">"choose…"</option>
            {move || state.case.with(|c| c.actors.iter().map(|a| view! { <option value=a.id.clone()>{a.name.clone()}</option> }).collect_view())}
        </select>
    }
}

/// The case panel.
#[component]
pub fn CasePanel() -> impl IntoView {
    let state = use_app_state();
    let new_actor = RwSignal::new(String::new());
    let new_period = RwSignal::new(String::new());
    let merge_from = RwSignal::new(String::new());
    let merge_into = RwSignal::new(String::new());
    let actors = move || {
        state.case.with(|c| c.actors.clone()).into_iter().map(|a| {
            let (id1, id2, id3) = (a.id.clone(), a.id.clone(), a.id.clone());
            view! {
                <tr data-testid=format!("actor-{}", a.id)>
                    <td class="id">{a.id.clone()}</td>
                    <td>{on_change_text("Name".into(), format!("actor-name-{}", a.id), a.name.clone(), move |name| { state.dispatch(Op::RenameActor { id: id1.clone(), name }); })}</td>
                    <td>{on_change_text("Role".into(), format!("actor-role-{}", a.id), a.role.clone(), move |role| { state.dispatch(Op::SetActorRole { id: id2.clone(), role }); })}</td>
                    <td>{on_change_text("Memo".into(), format!("actor-memo-{}", a.id), a.memo.clone(), move |memo| { state.dispatch(Op::SetMemo { target: Target::Actor(id3.clone()), memo }); })}</td>
                </tr>
            }
        }).collect_view()
    };
    let periods = move || {
        let list = state.case.with(|c| c.periods.clone());
        let count = list.len();
        list.into_iter().enumerate().map(|(i, p)| {
            let id = &p.id;
            let (a, b, c, d) = (id.clone(), id.clone(), id.clone(), id.clone());
            let (e, f, g, h) = (id.clone(), id.clone(), id.clone(), id.clone());
            let (start, end) = (p.start.clone(), p.end.clone());
            let (start2, end2) = (p.start.clone(), p.end.clone());
            let (first, last) = (i == 0, i + 1 >= count);
            view! {
                <tr data-testid=format!("period-{}", p.id)>
                    <td class="id">{p.id.clone()}</td>
                    <td>
                        {on_change_text("Name".into(), format!("period-name-{}", p.id), p.name.clone(), move |name| { state.dispatch(Op::RenamePeriod { id: a.clone(), name }); })}
                        {on_change_text("Start".into(), format!("period-start-{}", p.id), p.start.clone().unwrap_or_default(), move |s| { state.dispatch(Op::SetPeriodDates { id: b.clone(), start: Some(s), end: end.clone() }); })}
                        {on_change_text("End".into(), format!("period-end-{}", p.id), p.end.clone().unwrap_or_default(), move |e| { state.dispatch(Op::SetPeriodDates { id: c.clone(), start: start.clone(), end: Some(e) }); })}
                        <span class="move-buttons">
                            <button class="small" aria-label=format!("Move {} earlier", p.name) disabled=first
                                on:click=move |_| { state.dispatch(Op::MovePeriod { id: d.clone(), to: i.saturating_sub(1) }); }>"↑"</button>
                            <button class="small" aria-label=format!("Move {} later", p.name) disabled=last
                                on:click=move |_| { state.dispatch(Op::MovePeriod { id: e.clone(), to: i + 1 }); }>"↓"</button>
                        </span>
                        {on_change_text("Memo".into(), format!("period-memo-{}", p.id), p.memo.clone(), move |memo| { state.dispatch(Op::SetMemo { target: Target::Period(f.clone()), memo }); })}
                        <span class="hint">{match (start2, end2) { (None, None) => "no dates".to_string(), (s, e) => format!("{} – {}", s.unwrap_or_default(), e.unwrap_or_default()) }}</span>
                    </td>
                    <td>
                        {Aspect::ALL.iter().map(|aspect| {
                            let (id, aspect) = (g.clone(), *aspect);
                            let text = p.impact.get(&aspect).cloned().unwrap_or_default();
                            view! {
                                <label class="inline-field">
                                    <span class="field-label">{format!("Impact on {}", aspect.label().to_lowercase())}</span>
                                    <textarea rows="1" data-testid=format!("period-impact-{}-{}", h, aspect.key()) prop:value=text.clone()
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            if v != text { state.dispatch(Op::SetPeriodImpact { id: id.clone(), aspect, text: v }); }
                                        }></textarea>
                                </label>
                            }
                        }).collect_view()}
                    </td>
                </tr>
            }
        }).collect_view()
    };
    let retired = move || {
        let list = state.project.with(|p| p.retired.clone());
        if list.is_empty() {
            return view! { <p class="hint">"No removed action carries codings or quotes."</p> }.into_any();
        }
        view! {
            <ul data-testid="retired-list">
                {list.into_iter().enumerate().map(|(i, r)| {
                    let mut parts = Vec::new();
                    if let Some(e) = &r.coding {
                        parts.push(format!("kind {} by {}", e.kind.key(), e.coder));
                        if !e.memo.is_empty() { parts.push(format!("memo “{}”", e.memo)); }
                    }
                    if let Some(e) = &r.aspect {
                        parts.push(format!("aspect {} by {}", e.aspect.map_or("none", |a| a.key()), e.coder));
                    }
                    if !r.action.evidence.is_empty() { parts.push(format!("{} quotes", r.action.evidence.len())); }
                    let what = format!("{} ({}, {} by {}): {}", r.action.id, r.why, r.at, r.coder, parts.join(", "));
                    view! {
                        <li>{what}" "
                            <button class="small" data-testid=format!("restore-{}", r.action.id)
                                on:click=move |_| { state.dispatch(Op::RestoreRetired { index: i }); }>"Restore"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    let review = move || {
        let list = state.project.with(|p| p.to_review());
        (!list.is_empty()).then(|| view! {
            <div class="review-list" data-testid="review-list">
                <h3>"Recodes to review"</h3>
                <ul>
                    {list.into_iter().map(|(id, why)| {
                        let target = id.clone();
                        view! { <li><button class="link" on:click=move |_| state.select(Some(target.clone()))>{id}</button>{format!(": {why}.")}</li> }
                    }).collect_view()}
                </ul>
            </div>
        })
    };
    view! {
        <details class="panel case-panel" data-testid="case-panel">
            <summary class="panel-head"><h2>"Case: actor groups, periods and memos"</h2></summary>
            <label class="field wide">
                <span class="field-label">"Memo on the case"</span>
                <textarea rows="2" data-testid="case-memo" prop:value=move || state.case.with(|c| c.memo.clone())
                    on:change=move |ev| {
                        let memo = event_target_value(&ev);
                        if memo != state.case.with_untracked(|c| c.memo.clone()) {
                            state.dispatch(Op::SetMemo { target: Target::Case, memo });
                        }
                    }></textarea>
            </label>
            <h3>"Actor groups"</h3>
            <table class="case-table">
                <thead><tr><th>"Id"</th><th>"Name"</th><th>"Role"</th><th>"Memo"</th></tr></thead>
                <tbody>{actors}</tbody>
            </table>
            <div class="inline-form">
                <label class="inline-field"><span class="field-label">"New actor group"</span>
                    <input type="text" data-testid="new-actor-name" prop:value=move || new_actor.get() on:input=move |ev| new_actor.set(event_target_value(&ev))/>
                </label>
                <button class="small" data-testid="add-actor" on:click=move |_| {
                    let name = new_actor.get_untracked().trim().to_string();
                    let actor = Actor { id: name.clone(), name, role: String::new(), memo: String::new() };
                    if state.dispatch(Op::AddActor { actor }) { new_actor.set(String::new()); }
                }>"Add group"</button>
                <label class="inline-field"><span class="field-label">"Merge"</span>
                    {actor_select("merge-from", merge_from)}
                </label>
                <label class="inline-field"><span class="field-label">"into"</span>
                    {actor_select("merge-into", merge_into)}
                </label>
                <button class="small" data-testid="merge-actors" on:click=move |_| {
                    if state.dispatch(Op::MergeActors { from: merge_from.get_untracked(), into: merge_into.get_untracked() }) {
                        merge_from.set(String::new());
                        merge_into.set(String::new());
                    }
                }>"Merge groups"</button>
            </div>
            <h3>"Periods, in time order"</h3>
            <table class="case-table">
                <thead><tr><th>"Id"</th><th>"Name, dates, order and memo"</th><th>"Impact per aspect"</th></tr></thead>
                <tbody>{periods}</tbody>
            </table>
            <div class="inline-form">
                <label class="inline-field"><span class="field-label">"New period"</span>
                    <input type="text" data-testid="new-period-name" prop:value=move || new_period.get() on:input=move |ev| new_period.set(event_target_value(&ev))/>
                </label>
                <button class="small" data-testid="add-period" on:click=move |_| {
                    let name = new_period.get_untracked().trim().to_string();
                    let period = Period { id: name.clone(), name, start: None, end: None, impact: Default::default(), memo: String::new() };
                    if state.dispatch(Op::AddPeriod { period }) { new_period.set(String::new()); }
                }>"Add period"</button>
            </div>
            {review}
            <h3>"Removed actions kept aside"</h3>
            {retired}
        </details>
    }
}
