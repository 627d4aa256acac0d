//! The details panel: every field of the selected action, as text, with its coding (kind and
//! aspect), its quotes from the field material, and the buttons that edit or delete it. Trigger
//! ids are buttons that select the trigger.

use super::{kind_class, kind_short};
use crate::core::model::{Action, Aspect, Evidence, Symbolic};
use crate::core::project::edit::Op;
use crate::ui::state::{use_app_state, EditorFor};
use crate::ui::views::glossary::TermHelp;
use leptos::prelude::*;

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

/// Shows the selected action, or a hint when none is selected.
#[component]
pub fn Details() -> impl IntoView {
    let state = use_app_state();
    let selected_action = Memo::new(move |_| {
        let id = state.selected.get()?;
        state.case.with(|c| c.action(&id).cloned())
    });
    // The panel is rebuilt when the selected action itself changes (an edit, a quote added).
    move || match selected_action.get() {
        None => view! {
            <aside class="details empty" data-testid="details">
                <p>"Select an action in the table to see all it records."</p>
            </aside>
        }
        .into_any(),
        Some(action) => details_view(action).into_any(),
    }
}

fn details_view(action: Action) -> impl IntoView {
    let state = use_app_state();
    let (actor_memo, period_memo) = state.case.with(|c| {
        (
            c.actor(&action.actor).map(|a| a.memo.clone()).unwrap_or_default(),
            c.period(&action.period).map(|p| p.memo.clone()).unwrap_or_default(),
        )
    });
    let (actor, period, followers) = state.case.with(|c| {
        (
            c.actor(&action.actor).map_or(action.actor.clone(), |a| a.name.clone()),
            c.period(&action.period)
                .map_or(action.period.clone(), |p| p.name.clone()),
            c.actions
                .iter()
                .filter(|a| a.triggers.contains(&action.id))
                .map(|a| a.id.clone())
                .collect::<Vec<_>>(),
        )
    });
    let id_buttons = |ids: Vec<String>| {
        if ids.is_empty() {
            view! { <span>"—"</span> }.into_any()
        } else {
            ids.into_iter()
                .map(|id| {
                    let target = id.clone();
                    let testid = format!("goto-{id}");
                    view! {
                        <button class="link" data-testid=testid on:click=move |_| state.select(Some(target.clone()))>
                            {id}
                        </button>
                    }
                })
                .collect_view()
                .into_any()
        }
    };
    let id = action.id.clone();
    let original = action.symbolic;
    let current = {
        let id = id.clone();
        Memo::new(move |_| state.project.with(|p| p.current_kind(&id)).unwrap_or(original))
    };
    let entry = {
        let id = id.clone();
        Memo::new(move |_| state.project.with(|p| p.coding.get(&id).cloned()))
    };
    // The memo being typed lives in the store's drafts until it is saved, so that selecting
    // another action (or a refused save) never loses it.
    let draft_key = state.draft_key(&id);
    let memo_draft = {
        let key = draft_key.clone();
        Memo::new(move |_| {
            state
                .memo_drafts
                .with(|d| d.get(&key).cloned())
                .unwrap_or_else(|| entry.get().map(|e| e.memo).unwrap_or_default())
        })
    };
    let set_draft = move |text: String| {
        state.memo_drafts.update(|d| {
            d.insert(draft_key.clone(), text);
        })
    };
    let relabel_button = {
        let id = id.clone();
        move |kind: Symbolic| {
            let id = id.clone();
            view! {
                <button
                    class=format!("relabel {}", kind_class(kind))
                    data-testid=format!("relabel-{}", kind.key())
                    aria-pressed=move || if current.get() == kind { "true" } else { "false" }
                    disabled=move || current.get() == kind
                    on:click=move |_| {
                        let memo = memo_draft.get_untracked();
                        let memo = (!memo.trim().is_empty()).then_some(memo);
                        state.relabel(&id, kind, memo);
                    }
                >
                    {kind.label()}
                </button>
            }
        }
    };
    let (memo_id, reset_id, blur_id) = (id.clone(), id.clone(), id.clone());
    let original_aspect = action.aspect;
    let current_aspect = {
        let id = id.clone();
        Memo::new(move |_| state.project.with(|p| p.current_aspect(&id)).unwrap_or(original_aspect))
    };
    let aspect_entry = {
        let id = id.clone();
        Memo::new(move |_| state.project.with(|p| p.aspects.get(&id).cloned()))
    };
    let aspect_id = id.clone();
    let reset_aspect_id = id.clone();
    let confirm_delete = RwSignal::new(false);
    let rewire = RwSignal::new(false);
    let edit_id = id.clone();
    let delete_id = id.clone();
    let has_followers = !followers.is_empty();
    let own_triggers = if action.triggers.is_empty() {
        "none".to_string()
    } else {
        action.triggers.join(", ")
    };
    let delete_texts = if has_followers {
        (
            format!("{} name {id} as a trigger.", followers.join(", ")),
            format!(" Drop {id} from their triggers"),
            format!(" Rewire them to {id}'s own triggers ({own_triggers})"),
        )
    } else {
        (
            format!("No action names {id} as a trigger."),
            String::new(),
            String::new(),
        )
    };
    let evidence = action.evidence.clone();
    let quote = RwSignal::new(Evidence::default());
    let evidence_id = id.clone();
    let external = if action.external_triggers.is_empty() {
        "—".to_string()
    } else {
        action.external_triggers.join("; ")
    };
    view! {
        <aside class="details" data-testid="details">
            <header>
                <h2 data-testid="details-id">{action.id.clone()}</h2>
                <span class=move || kind_class(current.get()) data-testid="details-kind">{move || kind_short(current.get())}</span>
                <Show when=move || current.get() != original>
                    <span class="recoded" data-testid="recoded-badge">{format!("recoded · originally {}", original.label().to_lowercase())}</span>
                </Show>
                <button class="close" aria-label="Close details" on:click=move |_| state.select(None)>"×"</button>
            </header>
            <div class="relabel-row">
                <button class="small" data-testid="edit-action" on:click=move |_| state.editor.set(Some(EditorFor::Action(edit_id.clone())))>"Edit action…"</button>
                <button class="small danger" data-testid="delete-action" on:click=move |_| confirm_delete.set(true)>"Delete…"</button>
            </div>
            {move || confirm_delete.get().then(|| {
                let delete_id = delete_id.clone();
                let question = if has_followers {
                    view! {
                        <p>{delete_texts.0.clone()}</p>
                        <label><input type="radio" name="delete-mode" data-testid="delete-drop" prop:checked=move || !rewire.get() on:change=move |_| rewire.set(false)/>
                            {delete_texts.1.clone()}</label>
                        <label><input type="radio" name="delete-mode" data-testid="delete-rewire" prop:checked=move || rewire.get() on:change=move |_| rewire.set(true)/>
                            {delete_texts.2.clone()}</label>
                    }.into_any()
                } else {
                    view! { <p>{delete_texts.0.clone()}</p> }.into_any()
                };
                view! {
                    <div class="confirm-box" role="alert" data-testid="delete-confirm">
                        {question}
                        <p class="hint">"Its codings and quotes are kept aside and can be restored; Undo brings it back too."</p>
                        <button class="small danger" data-testid="confirm-delete-action" on:click=move |_| {
                            confirm_delete.set(false);
                            if state.dispatch(Op::DeleteAction { id: delete_id.clone(), rewire: rewire.get_untracked() }) {
                                state.select(None);
                            }
                        }>"Delete action"</button>
                        <button class="small" data-testid="cancel-delete-action" on:click=move |_| confirm_delete.set(false)>"Keep it"</button>
                    </div>
                }
            })}
            <p class="description" data-testid="details-description">{action.description.clone()}</p>
            <div class="coding-box">
                <div class="relabel-row">
                    {relabel_button(Symbolic::Conformity)}
                    {relabel_button(Symbolic::Advocacy)}
                    {relabel_button(Symbolic::Substantive)}
                    <TermHelp slug="symbolic-conformity"/>
                    <TermHelp slug="symbolic-advocacy"/>
                </div>
                <label class="memo-label">
                    "Memo"
                    <textarea
                        data-testid="memo-input"
                        rows="2"
                        placeholder="Why this coding? (saved with the recode)"
                        prop:value=move || memo_draft.get()
                        on:input=move |ev| set_draft(event_target_value(&ev))
                        // Leaving the field keeps what was typed: a memo is never lost to a click
                        // elsewhere.
                        on:change={
                            let id = blur_id.clone();
                            move |_| {
                                let draft = memo_draft.get_untracked();
                                if draft != entry.get_untracked().map(|e| e.memo).unwrap_or_default() {
                                    state.set_memo(&id, draft);
                                }
                            }
                        }
                    ></textarea>
                </label>
                <div class="relabel-row">
                    <button class="small" data-testid="memo-save"
                        disabled=move || memo_draft.get() == entry.get().map(|e| e.memo).unwrap_or_default()
                        on:click=move |_| state.set_memo(&memo_id, memo_draft.get_untracked())>
                        "Save memo"
                    </button>
                    <Show when=move || current.get() != original>
                        <button class="small" data-testid="reset-coding" on:click={let id = reset_id.clone(); move |_| state.reset(&id)}>
                            {format!("Reset to {}", original.label().to_lowercase())}
                        </button>
                    </Show>
                </div>
                <Show when=move || entry.get().is_some()>
                    <p class="coding-meta" data-testid="coding-meta">
                        {move || entry.get().map(|e| format!("Coded by {} at {}{}", e.coder, e.at, if e.memo.is_empty() { String::new() } else { format!(" · memo: {}", e.memo) })).unwrap_or_default()}
                    </p>
                </Show>
                {move || entry.get().and_then(|e| e.review).map(|r| view! { <p class="review-flag" data-testid="review-flag">{format!("To review: {r}.")}</p> })}
                <label class="memo-label">
                    "Aspect targeted"
                    <select data-testid="aspect-select" prop:value=move || current_aspect.get().map_or("", |a| a.key())
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let aspect = Aspect::parse_label(&value);
                            // The memo being typed goes with the recode, as with the kind.
                            let memo = memo_draft.get_untracked();
                            let memo = (!memo.trim().is_empty()).then_some(memo);
                            state.dispatch(Op::RecodeAspect { action: aspect_id.clone(), aspect, memo });
                        }>
                        <option value="">"None"</option>
                        {Aspect::ALL.iter().map(|a| view! { <option value=a.key()>{a.label()}</option> }).collect_view()}
                    </select>
                </label>
                <Show when=move || current_aspect.get() != original_aspect>
                    <p class="coding-meta" data-testid="aspect-meta">
                        <span class="recoded">{format!("recoded · originally {}", original_aspect.map_or("none", |a| a.label()).to_lowercase())}</span>
                        {move || aspect_entry.get().map(|e| format!(" Coded by {} at {}", e.coder, e.at)).unwrap_or_default()}
                        <button class="small" data-testid="reset-aspect" on:click={let id = reset_aspect_id.clone(); move |_| { state.dispatch(Op::ResetAspect { action: id.clone() }); }}>"Reset aspect"</button>
                    </p>
                </Show>
                {move || aspect_entry.get().and_then(|e| e.review).map(|r| view! { <p class="review-flag">{format!("To review: {r}.")}</p> })}
            </div>
            <section class="evidence" data-testid="evidence">
                <h3>"Evidence"</h3>
                {if evidence.is_empty() {
                    view! { <p class="hint">"No quotes yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="quotes">
                            {evidence.into_iter().enumerate().map(|(i, q)| {
                                let id = evidence_id.clone();
                                let place = [q.source.clone(), q.location.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ");
                                view! {
                                    <li data-testid="evidence-item">
                                        <blockquote>{q.text.clone()}</blockquote>
                                        <span class="hint">{place}</span>
                                        {q.passage.clone().map(|anchor| {
                                            let focus = use_context::<crate::ui::views::sources::SourceFocus>();
                                            view! {
                                                <button class="small" data-testid="evidence-open" aria-label=format!("Show quote {} in its source", i + 1)
                                                    on:click=move |_| if let Some(f) = focus { f.0.set(Some(anchor.clone())) }>"Show in source"</button>
                                            }
                                        })}
                                        <button class="small" aria-label=format!("Remove quote {}", i + 1)
                                            on:click=move |_| { state.dispatch(Op::RemoveEvidence { action: id.clone(), index: i }); }>"Remove"</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <div class="quote-form">
                    <label class="memo-label">"Quote"
                        <textarea rows="2" data-testid="evidence-text" prop:value=move || quote.with(|q| q.text.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); quote.update(|q| q.text = v) }></textarea>
                    </label>
                    <label class="memo-label">"Source"
                        <input type="text" data-testid="evidence-source" placeholder="Interview, document, field notes" prop:value=move || quote.with(|q| q.source.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); quote.update(|q| q.source = v) }/>
                    </label>
                    <label class="memo-label">"Location"
                        <input type="text" data-testid="evidence-location" placeholder="Page, line or time" prop:value=move || quote.with(|q| q.location.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); quote.update(|q| q.location = v) }/>
                    </label>
                    <button class="small" data-testid="add-evidence" on:click={let id = id.clone(); move |_| {
                        let evidence = quote.get_untracked();
                        if state.dispatch(Op::AddEvidence { action: id.clone(), evidence }) {
                            quote.set(Evidence::default());
                        }
                    }}>"Add quote"</button>
                </div>
            </section>
            <dl>
                <dt>"Actor"</dt><dd>{actor}</dd>
                {(!actor_memo.is_empty()).then(|| view! { <dt>"Memo on the group"</dt><dd data-testid="details-actor-memo">{actor_memo.clone()}</dd> })}
                <dt>"Period"</dt><dd>{period}</dd>
                {(!period_memo.is_empty()).then(|| view! { <dt>"Memo on the period"</dt><dd data-testid="details-period-memo">{period_memo.clone()}</dd> })}
                <dt>"Original coding"</dt><dd>{action.symbolic.label()}</dd>
                <dt>"Why"</dt><dd data-testid="details-note">{or_dash(&action.symbolic_note)}</dd>
                <dt>"Aim"</dt><dd data-testid="details-aim">{or_dash(&action.aim)}</dd>
                <dt>"Aspect targeted"</dt><dd data-testid="details-aspect">{move || current_aspect.get().map_or("—", |a| a.label())}</dd>
                <dt>"Triggered by"</dt><dd data-testid="details-triggers">{id_buttons(action.triggers.clone())}</dd>
                <dt>"External triggers"</dt><dd>{external}</dd>
                <dt>"Triggered"</dt><dd data-testid="details-followers">{id_buttons(followers)}</dd>
                <dt>"Consequence"</dt><dd data-testid="details-consequence">{or_dash(&action.consequence)}</dd>
                <dt>"Impact on the regime"</dt><dd data-testid="details-impact">{or_dash(&action.impact)}</dd>
                <dt>"Date"</dt><dd>{action.date.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>"Order"</dt><dd>{action.order.map_or("—".to_string(), |o| o.to_string())}</dd>
            </dl>
        </aside>
    }
}
