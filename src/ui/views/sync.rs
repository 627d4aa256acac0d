//! The sharing panel: join the team's sync server, who is online, and the changes two members
//! made at once, for review. The work is the sync service's ([`crate::ui::sync`]).

use crate::core::project::sync::{in_words, to_the_minute, Conflict};
use crate::ui::sync::use_sync;
use leptos::prelude::*;

fn conflict_item(c: Conflict) -> impl IntoView {
    view! {
        <li>
            <strong>{c.what.clone()}</strong>
            {format!(
                ": {} kept \u{201c}{}\u{201d} ({}); {} had \u{201c}{}\u{201d} ({}).",
                c.kept.by,
                in_words(&c.kept.v),
                to_the_minute(&c.kept.at),
                c.lost.by,
                in_words(&c.lost.v),
                to_the_minute(&c.lost.at),
            )}
        </li>
    }
}

/// The sharing panel.
#[component]
pub fn SyncPanel() -> impl IntoView {
    let sync = use_sync();
    let server = sync.server;
    let token = RwSignal::new(String::new());
    let passphrase = RwSignal::new(String::new());
    let join = move |_| {
        sync.join(
            server.get_untracked(),
            token.get_untracked(),
            passphrase.get_untracked(),
        )
    };
    view! {
        <section class="panel sync-panel" data-testid="sync-panel">
            <header class="panel-head">
                <h2>"Work as a team"</h2>
                <span class="hint">"Nothing leaves this browser unless you join a sync server your team runs. Every value is sealed here with the team's passphrase: the server stores it but cannot read it."</span>
            </header>
            <div class="sync-form">
                <label>"Server "
                    <input data-testid="sync-server" type="url" placeholder="wss://sync.example.org"
                        prop:value=move || server.get() on:input=move |ev| server.set(event_target_value(&ev))/>
                </label>
                <label>"Token "
                    <input data-testid="sync-token" type="password" autocomplete="off"
                        prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev))/>
                </label>
                <label>"Passphrase "
                    <input data-testid="sync-passphrase" type="password" autocomplete="off"
                        prop:value=move || passphrase.get() on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                </label>
                <label>"Room "
                    <input data-testid="sync-room" placeholder="made when you share"
                        prop:value=move || sync.room.get() on:input=move |ev| sync.room.set(event_target_value(&ev))/>
                </label>
                <button class="button primary" type="button" data-testid="sync-join" on:click=join>"Share or join"</button>
                <button class="button" type="button" data-testid="sync-leave" on:click=move |_| sync.leave()>"Leave"</button>
            </div>
            <p class="sync-status" data-testid="sync-status" role="status"
                class:connected=move || sync.status.with(|s| s == "Connected")
                class:offline=move || sync.status.with(|s| s == "Offline")
                class:failed=move || sync.status.with(|s| s.starts_with("Refused") || s.starts_with("Cannot decrypt"))>
                {move || {
                    let status = sync.status.get();
                    if status.is_empty() { "Not shared: this project is only in this browser.".to_string() } else { status }
                }}
            </p>
            <ul data-testid="sync-peers" aria-label="Coders online">
                {move || sync.peers.get().into_iter().map(|p| {
                    let looking = p.action.clone().map(|a| format!(" (on {a})")).unwrap_or_default();
                    let me = if p.me { " (you)" } else { "" };
                    view! { <li>{format!("{}{me}{looking}", p.name)}</li> }
                }).collect_view()}
            </ul>
            <Show when=move || sync.conflicts.with(|c| !c.is_empty())>
                <h3>"Changed at once by two members"</h3>
                <ul data-testid="sync-conflicts">
                    {move || sync.conflicts.get().into_iter().map(conflict_item).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
