//! The details panel: every field of the selected action, as text. Trigger ids are buttons that
//! select the trigger.

use super::{kind_class, kind_short};
use crate::core::model::Action;
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
    let external = if action.external_triggers.is_empty() {
        "—".to_string()
    } else {
        action.external_triggers.join("; ")
    };
    view! {
        <aside class="details" data-testid="details">
            <header>
                <h2 data-testid="details-id">{action.id.clone()}</h2>
                <span class=kind_class(action.symbolic) data-testid="details-kind">{kind_short(action.symbolic)}</span>
                <button class="close" aria-label="Close details" on:click=move |_| state.select(None)>"×"</button>
            </header>
            <p class="description" data-testid="details-description">{action.description.clone()}</p>
            <dl>
                <dt>"Actor"</dt><dd>{actor}</dd>
                <dt>"Period"</dt><dd>{period}</dd>
                <dt>"Symbolic nature"</dt><dd>{action.symbolic.label()}</dd>
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
