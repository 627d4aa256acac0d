//! Updating the open project from a revised table: the file input, and the review of what the
//! revision adds, removes and changes (field by field) before anything changes.

use crate::ui::state::{use_app_state, Level};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The "Update from revised table…" file input.
#[component]
pub fn UpdateButton() -> impl IntoView {
    let state = use_app_state();
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            let name = file.name();
            leptos::task::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => state.review_update_file(&name, &js_sys::Uint8Array::new(&buffer).to_vec()),
                    Err(_) => state.notify(
                        Level::Error,
                        format!("Not read. {name}: the browser could not read the file. Try again."),
                    ),
                }
            });
        }
        input.set_value("");
    };
    view! {
        <label class="button import-button" on:pointerenter=move |_| crate::ui::exchange::warm() on:focusin=move |_| crate::ui::exchange::warm() title="Read a revised CSV, TSV or JSON of this case and review what changes before applying it">
            "Update from revised table…"
            <input type="file" data-testid="update-input"
                accept=".csv,.tsv,.txt,.json,text/csv,text/tab-separated-values,application/json"
                on:change=on_change/>
        </label>
    }
}

fn id_list(ids: &[String]) -> String {
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.join(", ")
    }
}

/// The review of a revised table, with the button that applies it as one undoable edit.
#[component]
pub fn UpdateReviewPanel() -> impl IntoView {
    let state = use_app_state();
    move || {
        state.pending_update.get().map(|pending| {
            let r = pending.review.clone();
            let nothing = r.is_empty();
            view! {
                <section class="panel update-review" data-testid="update-review" aria-live="polite">
                    <header class="panel-head">
                        <h2>{format!("Update from {}", pending.file)}</h2>
                        <span class="hint">"Nothing has changed yet. Review, then apply or cancel."</span>
                    </header>
                    {nothing.then(|| view! { <p data-testid="update-nothing">"The revised table holds the same actions as the project."</p> })}
                    <p data-testid="update-added"><strong>"Added: "</strong>{id_list(&r.added)}</p>
                    <p data-testid="update-removed"><strong>"Removed: "</strong>{id_list(&r.removed)}
                        {(!r.retired.is_empty()).then(|| format!(" ({} carry codings or quotes; they are kept aside and can be restored)", id_list(&r.retired)))}
                    </p>
                    {(!r.actors_added.is_empty() || !r.periods_added.is_empty()).then(|| view! {
                        <p><strong>"New actor groups: "</strong>{id_list(&r.actors_added)}<strong>" · New periods: "</strong>{id_list(&r.periods_added)}</p>
                    })}
                    {(!r.to_review.is_empty()).then(|| view! {
                        <p class="review-flag" data-testid="update-to-review">{format!("Recodes whose original coding changes, kept and flagged for review: {}", id_list(&r.to_review))}</p>
                    })}
                    <h3>{format!("Changed: {} actions", r.changed.len())}</h3>
                    <table class="update-changes" data-testid="update-changed">
                        <thead><tr><th>"Action"</th><th>"Field"</th><th>"Now"</th><th>"Revised"</th></tr></thead>
                        <tbody>
                            {r.changed.iter().flat_map(|c| c.fields.iter().map(move |f| (c.id.clone(), f.clone()))).map(|(id, f)| view! {
                                <tr data-testid=format!("update-change-{id}")>
                                    <td class="id">{id.clone()}</td><td>{f.field}</td><td class="before">{f.before}</td><td class="after">{f.after}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <div class="relabel-row">
                        <button class="button primary" data-testid="apply-update" on:click=move |_| state.apply_update()>"Apply update"</button>
                        <button class="button" data-testid="cancel-update" on:click=move |_| state.pending_update.set(None)>"Cancel"</button>
                    </div>
                </section>
            }
        })
    }
}
