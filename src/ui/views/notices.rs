//! The notices panel: errors, warnings and information, as plain text.

use crate::ui::state::{use_app_state, Level};
use leptos::prelude::*;

/// Lists the store's notices, each dismissible.
#[component]
pub fn Notices() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="notices" data-testid="notices" aria-live="polite">
            <For
                each=move || state.notices.list.get()
                key=|n| n.id
                children=move |notice| {
                    let (class, label) = match notice.level {
                        Level::Error => ("notice notice-error", "Error"),
                        Level::Warning => ("notice notice-warning", "Warning"),
                        Level::Info => ("notice notice-info", "Info"),
                    };
                    let id = notice.id;
                    view! {
                        <div class=class role=if notice.level == Level::Error { "alert" } else { "status" }>
                            <strong>{label}</strong>
                            <span class="notice-text">{notice.text}</span>
                            <button class="dismiss" title="Dismiss" aria-label="Dismiss" on:click=move |_| state.notices.dismiss(id)>
                                "×"
                            </button>
                        </div>
                    }
                }
            />
        </section>
    }
}
