//! Import: the file button and the page-wide drop target. Reading the file is the browser's;
//! everything after the bytes is the core's.

use crate::ui::state::{use_app_state, AppState, Level};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Reads a browser file and hands its bytes to the store.
pub fn read_and_load(state: AppState, file: web_sys::File) {
    let name = file.name();
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => state.load_file(&name, &js_sys::Uint8Array::new(&buffer).to_vec()),
            Err(_) => state.notify(
                Level::Error,
                format!("Not imported. {name}: the browser could not read the file. Try again, or copy it to a local folder first."),
            ),
        }
    });
}

/// The import button (a labelled file input).
#[component]
pub fn ImportButton() -> impl IntoView {
    let state = use_app_state();
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            read_and_load(state, file);
        }
        // Let the same file be chosen again after it is fixed.
        input.set_value("");
    };
    view! {
        <label class="button import-button" on:pointerenter=move |_| crate::ui::exchange::warm() on:focusin=move |_| crate::ui::exchange::warm() title="Import an action table (CSV, TSV, XLSX, ODS), a JSON case, a project or a QDPX">
            "Import table or case…"
            <input
                type="file"
                data-testid="import-input"
                accept=".csv,.tsv,.txt,.json,.xlsx,.xlsm,.xls,.ods,.qdpx,.md,.docx,text/csv,text/tab-separated-values,application/json"
                on:change=on_change
            />
        </label>
    }
}

/// The button that adds sources (transcripts, documents, another tool's QDPX) to the open
/// project, several files at once, as one edit.
#[component]
pub fn SourcesButton() -> impl IntoView {
    let state = use_app_state();
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        input.set_value("");
        leptos::task::spawn_local(async move {
            let mut read = Vec::new();
            for file in files {
                let name = file.name();
                let loaded = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => {
                        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                        if crate::core::open::is_exchange_file(&name, &bytes) {
                            crate::ui::exchange::load(&name, &bytes, None).await
                        } else {
                            crate::core::open::load_text_file(&name, &bytes)
                        }
                    }
                    Err(_) => Err(crate::core::report::ImportError::in_file(
                        &name,
                        crate::core::report::ImportErrorKind::Empty,
                    )),
                };
                read.push((name, loaded));
            }
            let (library, notes) = crate::core::open::sources_to_add(read);
            if !library.sources.is_empty() {
                state.dispatch(crate::core::project::edit::Op::AddSources { library });
            }
            for note in notes {
                state.notify(note.level, note.text);
            }
        });
    };
    view! {
        <label class="button import-button" on:pointerenter=move |_| crate::ui::exchange::warm() on:focusin=move |_| crate::ui::exchange::warm() title="Add interview transcripts and documents (.docx, .md, .txt) or another tool's QDPX to this project as sources">
            "Add sources…"
            <input type="file" multiple=true data-testid="sources-input" accept=".txt,.md,.docx,.qdpx" on:change=on_change/>
        </label>
    }
}

/// Handles a drop anywhere on the page.
pub fn on_drop(state: AppState, ev: web_sys::DragEvent) {
    ev.prevent_default();
    if let Some(file) = ev
        .data_transfer()
        .and_then(|dt| dt.files())
        .and_then(|files| files.get(0))
    {
        read_and_load(state, file);
    }
}
