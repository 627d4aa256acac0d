//! The layout, and the one place the store is created.

use crate::core::export::table_template;
use crate::core::import::json::case_to_json;
use crate::core::project::file::slug;
use crate::ui::download::download_text;
use crate::ui::state::{provide_app_state, Level};
use crate::ui::views::analysis::{ChainsPanel, DiagnosticsPanel, MatrixPanel, RegimePanel, RobustnessPanel};
use crate::ui::views::case::CasePanel;
use crate::ui::views::coding::{PivotalPanel, RecodesPanel, WhatChanged};
use crate::ui::views::details::Details;
use crate::ui::views::editor::ActionEditor;
use crate::ui::views::glossary::GlossaryPanel;
use crate::ui::views::import::{on_drop, ImportButton, SourcesButton};
use crate::ui::views::network::NetworkPanel;
use crate::ui::views::notices::Notices;
use crate::ui::views::project::{Banners, ProjectBar};
use crate::ui::views::sources::SourcesPanel;
use crate::ui::views::sync::SyncPanel;
use crate::ui::views::table::ActionTable;
use crate::ui::views::team::AgreementPanel;
use crate::ui::views::timeline::TimelinePanel;
use crate::ui::views::tour::{TourButton, TourPanel};
use crate::ui::views::update::{UpdateButton, UpdateReviewPanel};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let state = provide_app_state();
    state.start_storage();
    crate::ui::sync::provide_sync();
    crate::ui::views::sources::provide_source_focus();
    // Ctrl+Z undoes, Ctrl+Shift+Z (or Ctrl+Y) redoes, except while typing in a field.
    let keys = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"));
        if typing {
            return;
        }
        match ev.key().to_lowercase().as_str() {
            "z" if ev.shift_key() => {
                ev.prevent_default();
                state.redo();
            }
            "z" => {
                ev.prevent_default();
                state.undo();
            }
            "y" => {
                ev.prevent_default();
                state.redo();
            }
            _ => {}
        }
    });
    // Another tab saved: never overwrite its work silently.
    let channel = web_sys::BroadcastChannel::new(crate::ui::storage::CHANNEL).ok();
    if let Some(channel) = &channel {
        let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |ev: web_sys::MessageEvent| {
                let Some(text) = ev.data().as_string() else { return };
                let Ok(message) = serde_json::from_str::<serde_json::Value>(&text) else {
                    return;
                };
                if message["tab"].as_str() == Some(crate::ui::storage::tab_id().as_str()) {
                    return;
                }
                if let (Some(id), Some(hash)) = (message["id"].as_str(), message["hash"].as_str()) {
                    state.other_tab_saved(id, hash);
                }
            },
        );
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    }
    // Nothing unsaved goes without a question when the tab closes.
    let closing = window_event_listener(leptos::ev::beforeunload, move |ev: web_sys::BeforeUnloadEvent| {
        if state.saving.unsaved() || state.saving.pending() {
            ev.prevent_default();
            ev.set_return_value("This project is not saved in this browser yet.");
        }
    });
    // A memo being typed is written before the tab goes away.
    let hiding = window_event_listener(leptos::ev::pagehide, move |_| state.flush_drafts());
    let hidden = window_event_listener_untyped("visibilitychange", move |_| {
        if web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
        {
            state.flush_drafts();
        }
    });
    on_cleanup(move || {
        keys.remove();
        closing.remove();
        hiding.remove();
        hidden.remove();
        if let Some(channel) = channel {
            channel.close();
        }
    });
    let dragging = RwSignal::new(false);
    let export_case = move |_| {
        let (title, json) = state.case.with(|c| (c.title.clone(), case_to_json(c)));
        let name = format!("{}.json", slug(&title));
        if let Err(message) = download_text(&name, "application/json", &json) {
            state.notify(Level::Error, message);
        }
    };
    let download_template = move |_| {
        if let Err(message) = download_text("regime-lens-template.csv", "text/csv", &table_template()) {
            state.notify(Level::Error, message);
        }
    };
    view! {
        <div
            class="app"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                if !dragging.get_untracked() {
                    dragging.set(true);
                    crate::ui::exchange::warm();
                }
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                dragging.set(false);
                on_drop(state, ev);
            }
        >
            <header class="app-header">
                <div class="brand">"Regime Lens"</div>
                <div class="case-title">
                    <h1 data-testid="case-title">{move || state.case.with(|c| c.title.clone())}</h1>
                    <p class="case-source" data-testid="case-source">{move || state.case.with(|c| c.source.clone())}</p>
                </div>
                <nav class="actions">
                    <TourButton/>
                    <a class="button" href="#glossary" data-testid="glossary-open">"Glossary"</a>
                    <button class="button" data-testid="new-case" on:click=move |_| state.new_case()>"New case"</button>
                    <ImportButton/>
                    <SourcesButton/>
                    {move || state.workbook.get().map(|book| {
                        let chosen = book.chosen().to_string();
                        view! {
                            <label class="sheet-pick">"Sheet "
                                <select data-testid="import-sheet" prop:value=chosen
                                    on:change=move |ev| state.load_sheet(&event_target_value(&ev))>
                                    {book.sheets.iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
                                </select>
                            </label>
                        }
                    })}
                    <UpdateButton/>
                    <button class="button" data-testid="download-template" on:click=download_template>"Table template (CSV)"</button>
                    <button class="button" data-testid="open-telco" on:click=move |_| state.open_telco()>"Open TelCo case"</button>
                    <button class="button" data-testid="export-case" on:click=export_case>"Export original case (JSON)"</button>
                </nav>
            </header>
            <ProjectBar/>
            <Banners/>
            <Notices/>
            <UpdateReviewPanel/>
            <ActionEditor/>
            <TourPanel/>
            <p class="drop-hint">"Drop a .csv, .tsv, .xlsx, .ods, .json or .qdpx file, or a transcript (.docx, .md, .txt), anywhere on the page to open it. Nothing leaves your browser."</p>
            <Show when=move || !state.saving.ready.get()>
                <div class="loading-veil" data-testid="loading" role="status">"Opening your saved projects…"</div>
            </Show>
            <main class="workspace" inert=move || (!state.saving.ready.get()).then_some("")>
                <div class="main-col">
                    <WhatChanged/>
                    <SourcesPanel/>
                    <TimelinePanel/>
                    <NetworkPanel/>
                    <div class="two-col">
                        <ChainsPanel/>
                        <DiagnosticsPanel/>
                    </div>
                    <div class="two-col">
                        <PivotalPanel/>
                        <RecodesPanel/>
                    </div>
                    <MatrixPanel/>
                    <RegimePanel/>
                    <RobustnessPanel/>
                    <AgreementPanel/>
                    <SyncPanel/>
                    <CasePanel/>
                    <GlossaryPanel/>
                    <ActionTable/>
                </div>
                <Details/>
            </main>
        </div>
    }
}
