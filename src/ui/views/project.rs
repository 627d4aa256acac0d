//! The project bar: coder, projects (switch, rename, delete), undo/redo and exports; and the
//! banners for storage problems and for edits made in another tab.

use crate::core::export::{coded_case_json, codings_csv};
use crate::core::persist::IndexEntry;
use crate::core::project::file::slug;
use crate::ui::download::download_text;
use crate::ui::persistence::Settle;
use crate::ui::saving::Replace;
use crate::ui::state::{use_app_state, AppState, Level};
use leptos::prelude::*;

/// Offers the open project as a JSON file.
pub fn export_project(state: AppState) {
    let (name, json) = state
        .project
        .with_untracked(|p| (format!("{}.regime-lens.json", slug(&p.name)), p.to_json()));
    if let Err(e) = download_text(&name, "application/json", &json) {
        state.notify(Level::Error, e);
    }
}

/// Asks for the coder's name in place after a coding recorded as unnamed.
#[component]
fn CoderPrompt() -> impl IntoView {
    let state = use_app_state();
    let draft = RwSignal::new(String::new());
    // Announced (role alert) but not focused: a keyboard user's place is kept.
    view! {
        <span class="coder-prompt" data-testid="coder-prompt" role="alert">
            "Done, recorded as unnamed. Who is coding? "
            <input type="text" data-testid="coder-prompt-name" aria-label="Your name as coder" placeholder="Your name"
                prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { state.name_coder(&draft.get_untracked()) }/>
            <button class="small" data-testid="coder-prompt-save" on:click=move |_| state.name_coder(&draft.get_untracked())>"Name my codings"</button>
            <button class="small" on:click=move |_| state.coder_prompt.set(false)>"Later"</button>
        </span>
    }
}

/// The project bar.
#[component]
pub fn ProjectBar() -> impl IntoView {
    let state = use_app_state();
    let renaming = RwSignal::new(None::<String>);
    let confirm_delete = RwSignal::new(false);
    let export = move |what: &'static str| {
        let (file, mime, text) = state.project.with_untracked(|p| {
            let stem = slug(&p.name);
            match what {
                "codings" => (
                    format!("{stem}-codings.csv"),
                    "text/csv",
                    codings_csv(&p.case, &p.coding, &p.aspects),
                ),
                _ => (
                    format!("{stem}-case-coded.json"),
                    "application/json",
                    coded_case_json(&p.case, &p.coding, &p.aspects),
                ),
            }
        });
        if let Err(e) = download_text(&file, mime, &text) {
            state.notify(Level::Error, e);
        }
    };
    view! {
        <div class="project-bar">
            <label class="coder">
                "Coder "
                <input type="text" data-testid="coder-name" placeholder="Your name" prop:value=move || state.coder.get()
                    on:change=move |ev| state.name_coder(&event_target_value(&ev))/>
            </label>
            <Show when=move || state.coder_prompt.get()>
                <CoderPrompt/>
            </Show>
            <label>
                "Project "
                <select data-testid="project-select" prop:value=move || state.project.with(|p| p.id.clone())
                    on:change=move |ev| state.switch_to(&event_target_value(&ev))>
                    {move || {
                        let current = state.project.with(|p| (p.id.clone(), p.name.clone()));
                        let mut entries = state.saving.projects.get();
                        if !entries.iter().any(|e| e.id == current.0) {
                            entries.push(IndexEntry { id: current.0.clone(), name: current.1.clone() });
                        }
                        entries.into_iter().map(|e| view! { <option value=e.id.clone()>{e.name}</option> }).collect_view()
                    }}
                </select>
            </label>
            {move || match renaming.get() {
                Some(draft) => view! {
                    <input type="text" data-testid="project-name" prop:value=draft
                        on:input=move |ev| renaming.set(Some(event_target_value(&ev)))/>
                    <button class="small" data-testid="project-rename-save" on:click=move |_| {
                        if let Some(name) = renaming.get_untracked() { state.rename(name); }
                        renaming.set(None);
                    }>"Save name"</button>
                    <button class="small" on:click=move |_| renaming.set(None)>"Cancel"</button>
                }.into_any(),
                None => view! {
                    <button class="small" data-testid="project-rename" on:click=move |_| renaming.set(Some(state.project.with_untracked(|p| p.name.clone())))>"Rename"</button>
                }.into_any(),
            }}
            {move || if confirm_delete.get() {
                view! {
                    <span class="confirm" role="alert">
                        {format!("Delete “{}” from this browser? ", state.project.with_untracked(|p| p.name.clone()))}
                        <button class="small danger" data-testid="confirm-delete" on:click=move |_| { confirm_delete.set(false); state.delete_current(); }>"Delete"</button>
                        <button class="small" data-testid="cancel-delete" on:click=move |_| confirm_delete.set(false)>"Keep"</button>
                    </span>
                }.into_any()
            } else {
                view! { <button class="small" data-testid="project-delete" on:click=move |_| confirm_delete.set(true)>"Delete…"</button> }.into_any()
            }}
            <span class="sep"></span>
            <button class="small" data-testid="undo" title="Undo (Ctrl+Z)" disabled=move || state.project.with(|p| p.undo.is_empty())
                on:click=move |_| state.undo()>"↶ Undo"</button>
            <button class="small" data-testid="redo" title="Redo (Ctrl+Shift+Z)" disabled=move || state.project.with(|p| p.redo.is_empty())
                on:click=move |_| state.redo()>"↷ Redo"</button>
            <span class="sep"></span>
            <button class="small" data-testid="export-project" on:click=move |_| export_project(state)>"Export project"</button>
            <button class="small" data-testid="export-codings" on:click=move |_| export("codings")>"Export codings (CSV)"</button>
            <button class="small" data-testid="export-coded-case" on:click=move |_| export("case")>"Export coded case (JSON)"</button>
            <button class="small" data-testid="export-qdpx" title="REFI-QDA project, for ATLAS.ti, NVivo, MAXQDA, QualCoder" on:click=move |_| {
                let (file, project) = state.project.with_untracked(|p| (format!("{}.qdpx", slug(&p.name)), p.to_json()));
                leptos::task::spawn_local(async move {
                    let saved = match crate::ui::exchange::qdpx(project, crate::ui::state::now_iso()).await {
                        Ok(bytes) => crate::ui::download::download_bytes(&file, "application/zip", &bytes),
                        Err(e) => Err(format!("Could not write {file}: {e}. Reload the page and try again.")),
                    };
                    if let Err(e) = saved {
                        state.notify(Level::Error, e);
                    }
                });
            }>"Export QDPX"</button>
            <button class="small" data-testid="export-qdc" title="REFI-QDA codebook: the symbolic kinds and the three aspects" on:click=move |_| {
                leptos::task::spawn_local(async move {
                    let file = "regime-lens-codebook.qdc";
                    let saved = match crate::ui::exchange::codebook().await {
                        Ok(text) => download_text(file, "application/xml", &text),
                        Err(e) => Err(format!("Could not write {file}: {e}. Reload the page and try again.")),
                    };
                    if let Err(e) = saved {
                        state.notify(Level::Error, e);
                    }
                });
            }>"Export codebook (QDC)"</button>
            <span class="save-status" data-testid="save-status" role="status"
                class:not-saved=move || state.saving.status.get() == crate::ui::saving::SaveStatus::NotSaved>
                {move || state.saving.status.get().text()}
            </span>
            {move || state.saving.space.get().map(|s| {
                let kept = match state.saving.persisted.get() {
                    Some(true) => " · kept by the browser",
                    Some(false) => " · the browser may clear it when space runs short: export what you cannot lose",
                    None => "",
                };
                view! { <span class="hint storage-space" data-testid="storage-space">{format!("Browser storage: {s}{kept}")}</span> }
            })}
        </div>
    }
}

/// What would replace the open project, in words.
fn replacement_text(what: &Replace) -> String {
    match what {
        Replace::Switch(_) => "Switching to another project".into(),
        Replace::Load { name, .. } => format!("Opening {name}"),
        Replace::Telco => "Opening the TelCo case".into(),
        Replace::NewCase => "Starting a new case".into(),
        Replace::Blind => "Starting a blind coding".into(),
    }
}

/// Storage, space, two-tab and kept-aside banners, and the question before unsaved work is
/// replaced.
#[component]
pub fn Banners() -> impl IntoView {
    let state = use_app_state();
    view! {
        {move || state.saving.confirm_replace.get().map(|what| {
            let text = replacement_text(&what);
            view! {
                <div class="banner banner-warning" data-testid="replace-confirm" role="alertdialog" aria-label="The open project is not saved">
                    <strong>{format!("{text} would replace a project that is not saved in this browser. ")}</strong>
                    "Export it first to keep it."
                    <button class="small" data-testid="replace-export" on:click=move |_| export_project(state)>"Export project"</button>
                    <button class="small danger" data-testid="replace-anyway" on:click=move |_| state.replace_now(what.clone())>"Replace it anyway"</button>
                    <button class="small" data-testid="replace-cancel" on:click=move |_| state.saving.confirm_replace.set(None)>"Cancel"</button>
                </div>
            }
        })}
        <Show when=move || state.saving.problem.with(Option::is_some)>
            <div class="banner banner-warning" data-testid="storage-warning" role="alert">
                <strong>"Not saved in this browser: "</strong>
                {move || state.saving.problem.get().unwrap_or_default()}
                ". Your work stays on screen and in memory until you close the tab."
                <button class="small" data-testid="storage-export" on:click=move |_| export_project(state)>"Export project"</button>
                <button class="small" data-testid="storage-retry" on:click=move |_| state.saving.persist()>"Try saving again"</button>
            </div>
        </Show>
        {move || state.saving.space_warning.get().map(|warning| view! {
            <div class="banner banner-warning" data-testid="space-warning" role="alert">
                {warning}
                <button class="small" on:click=move |_| export_project(state)>"Export project"</button>
            </div>
        })}
        <Show when=move || state.saving.conflict.get()>
            <div class="banner banner-warning" data-testid="conflict-warning" role="alert">
                <strong>"This project was changed in another tab. "</strong>
                "Saving here would overwrite that work, so nothing is saved until you choose."
                <button class="small" data-testid="conflict-load" on:click=move |_| state.resolve_conflict(Settle::LoadTheirs)>"Load the other tab's version"</button>
                <button class="small" data-testid="conflict-keep" on:click=move |_| state.resolve_conflict(Settle::KeepMine)>"Keep this tab's version"</button>
                <button class="small" data-testid="conflict-both" on:click=move |_| state.resolve_conflict(Settle::KeepBoth)>"Keep both"</button>
            </div>
        </Show>
        {move || {
            let aside = state.saving.aside.get();
            (!aside.is_empty()).then(|| view! {
                <div class="banner banner-warning" data-testid="aside-warning" role="alert">
                    <strong>"Saved records that could not be read are kept aside, untouched: "</strong>
                    {aside.into_iter().map(|(key, text)| {
                        let file = format!("{}.unreadable.json", slug(&key));
                        let forget = key.clone();
                        view! {
                            <span class="aside-item">
                                {key.clone()}" "
                                <button class="small" data-testid="aside-export" on:click=move |_| {
                                    if let Err(e) = download_text(&file, "application/json", &text) { state.notify(Level::Error, e); }
                                }>"Export it"</button>
                                <button class="small" data-testid="aside-forget" on:click=move |_| state.forget_aside(&forget)>"Delete it"</button>
                            </span>
                        }
                    }).collect_view()}
                </div>
            })
        }}
    }
}
