//! The details panel: every field of the selected action, as text. Trigger ids are buttons that
//! select the trigger.

use super::{kind_class, kind_short};
use crate::core::model::{Action, Symbolic};
use crate::ui::state::use_app_state;
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
            <p class="description" data-testid="details-description">{action.description.clone()}</p>
            <div class="coding-box">
                <div class="relabel-row">
                    {relabel_button(Symbolic::Conformity)}
                    {relabel_button(Symbolic::Advocacy)}
                    {relabel_button(Symbolic::Substantive)}
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
            </div>
            <dl>
                <dt>"Actor"</dt><dd>{actor}</dd>
                <dt>"Period"</dt><dd>{period}</dd>
                <dt>"Original coding"</dt><dd>{action.symbolic.label()}</dd>
                <dt>"Why"</dt><dd data-testid="details-note">{or_dash(&action.symbolic_note)}</dd>
                <dt>"Aim"</dt><dd data-testid="details-aim">{or_dash(&action.aim)}</dd>
                <dt>"Aspect targeted"</dt><dd data-testid="details-aspect">{action.aspect.map_or("—", |a| a.label())}</dd>
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
