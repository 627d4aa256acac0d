//! The sources panel: the project's field material. The list of sources, a reader for one with
//! its coded passages marked (each mark's title names its codes), the codes of the source beside
//! it, a search across every source with the words around each hit, and a filter by code. What
//! the reader shows is the core's ([`crate::core::sources::Library::segments`], `search`); the
//! panel only holds which source, query and code are chosen, and the passage selected.
//!
//! A passage selected in the reader (the browser's own selection, by mouse or keyboard) becomes
//! a new action (the editor opens with it as description and evidence) or evidence of the
//! selected action, through the edits every other change goes through. A quote taken from a
//! passage opens its source there ([`SourceFocus`]).

use crate::core::model::Anchor;
use crate::core::project::edit::Op;
use crate::core::sources::{Hit, Library};
use crate::ui::state::{use_app_state, EditorFor};
use crate::ui::views::proposals::{CodeMeanings, Proposals};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The passage to show in the sources panel (a quote's, when the researcher opens it).
#[derive(Clone, Copy)]
pub struct SourceFocus(pub RwSignal<Option<Anchor>>);

/// Provides the passage to show, for the quotes to open.
pub fn provide_source_focus() {
    provide_context(SourceFocus(RwSignal::new(None)));
}

/// Clears the browser's selection (once a passage is taken, or another is shown).
fn clear_selection() {
    if let Some(Ok(Some(selection))) = web_sys::window().map(|w| w.get_selection()) {
        let _ = selection.remove_all_ranges();
    }
}

/// The characters of `container`'s text the browser's selection spans, when it lies in it.
fn selected_chars(container: &web_sys::Element) -> Option<(usize, usize)> {
    let window = web_sys::window()?;
    let selection = window.get_selection().ok()??;
    if selection.range_count() == 0 || selection.is_collapsed() {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let node: &web_sys::Node = container.as_ref();
    if !node.contains(Some(&range.common_ancestor_container().ok()?)) {
        return None;
    }
    let before = window.document()?.create_range().ok()?;
    before.select_node_contents(node).ok()?;
    before
        .set_end(&range.start_container().ok()?, range.start_offset().ok()?)
        .ok()?;
    // JavaScript counts UTF-16 units; a source's positions are characters.
    let start = String::from(before.to_string()).chars().count();
    let length = String::from(range.to_string()).chars().count();
    Some((start, start + length))
}

/// The sources panel, shown when the project holds field material.
#[component]
pub fn SourcesPanel() -> impl IntoView {
    let state = use_app_state();
    let library = Memo::new(move |_| state.project.with(|p| p.library.clone()));
    let chosen = RwSignal::new(None::<String>);
    let query = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let focus = use_context::<SourceFocus>().map(|f| f.0);
    // The passage selected in the reader: the source, its first character and the one after.
    let picked = RwSignal::new(None::<(String, usize, usize)>);
    let text_ref = NodeRef::<leptos::html::Div>::new();
    // A quote opened from an action: its source, its passage shown and scrolled to.
    Effect::new(move |_| {
        let Some(anchor) = focus.and_then(|f| f.get()) else {
            return;
        };
        chosen.set(Some(anchor.source.clone()));
        code.set(String::new());
        picked.set(None);
        clear_selection();
        request_animation_frame(move || {
            if let Some(mark) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("[data-testid=\"source-focus\"]").ok().flatten())
            {
                mark.scroll_into_view();
            }
        });
    });
    // The source shown: the one chosen, else the first.
    let shown = Memo::new(move |_| {
        library.with(|l| {
            chosen
                .get()
                .filter(|id| l.source(id).is_some())
                .or_else(|| l.sources.first().map(|s| s.id.clone()))
        })
    });
    let reader = move || {
        let Some(id) = shown.get() else {
            return ().into_any();
        };
        let filter = Some(code.get()).filter(|c| !c.is_empty());
        let around = focus
            .and_then(|f| f.get())
            .filter(|a| a.source == id)
            .map(|a| (a.start, a.end));
        library.with(|l| {
            l.segments_around(&id, filter.as_deref(), around)
                .into_iter()
                .map(|segment| {
                    // The codes of the passages covering the run, each once, in order.
                    let mut names: Vec<String> = segment
                        .passages
                        .iter()
                        .flat_map(|i| l.code_names(&l.passages[*i]))
                        .collect();
                    names.sort();
                    names.dedup();
                    if segment.focus {
                        let title = names.join("; ");
                        let title = if title.is_empty() {
                            "The quote".to_string()
                        } else {
                            title
                        };
                        return view! {
                            <mark class="focus" data-testid="source-focus" title=title>{segment.text}</mark>
                        }
                        .into_any();
                    }
                    if segment.passages.is_empty() {
                        return view! { <span>{segment.text}</span> }.into_any();
                    }
                    view! { <mark title=names.join("; ")>{segment.text}</mark> }.into_any()
                })
                .collect_view()
                .into_any()
        })
    };
    let codes_of_source = move || {
        let id = shown.get().unwrap_or_default();
        library.with(|l: &Library| {
            let mut counts: Vec<(String, usize)> = Vec::new();
            for p in l.passages.iter().filter(|p| p.source == id) {
                for name in l.code_names(p) {
                    match counts.iter_mut().find(|(n, _)| *n == name) {
                        Some((_, k)) => *k += 1,
                        None => counts.push((name, 1)),
                    }
                }
            }
            counts
                .into_iter()
                .map(|(name, n)| view! { <li>{format!("{name} ({n})")}</li> })
                .collect_view()
        })
    };
    let hits = move || {
        let q = query.get();
        library.with(|l| {
            let found: Vec<Hit> = l.search(&q);
            let count = found.len();
            let items = found
                .into_iter()
                .map(|h| {
                    let name = l.source(&h.source).map(|s| s.name.clone()).unwrap_or_default();
                    let source = h.source.clone();
                    view! {
                        <li>
                            <button class="hit" type="button" on:click=move |_| chosen.set(Some(source.clone()))>
                                <span class="hit-source">{name}</span>": "{if h.more_before { "…" } else { "" }}{h.before}<mark>{h.matched}</mark>{h.after}{if h.more_after { "…" } else { "" }}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            (count, items)
        })
    };
    // The selection, when it lies in the text shown.
    let pick = move || {
        let Some(element) = text_ref.get_untracked() else {
            return;
        };
        let element: &web_sys::Element = element.unchecked_ref();
        if let (Some((start, end)), Some(id)) = (selected_chars(element), shown.get_untracked()) {
            picked.set(Some((id, start, end)));
        }
    };
    // The quote of the picked passage, if it is one of the source shown.
    let quote = move || {
        let (id, start, end) = picked.get()?;
        (shown.get().as_deref() == Some(id.as_str())).then_some(())?;
        library.with(|l| l.evidence_at(&id, start, end))
    };
    let picked_text = move || quote().map(|q| q.text);
    let to_action = move || {
        if let Some(q) = quote() {
            state.editor.set(Some(EditorFor::Quote(q)));
            picked.set(None);
            clear_selection();
        }
    };
    let to_evidence = move || {
        if let (Some(q), Some(action)) = (quote(), state.selected.get_untracked()) {
            if state.dispatch(Op::AddEvidence { action, evidence: q }) {
                picked.set(None);
                clear_selection();
            }
        }
    };
    view! {
        <Show when=move || library.with(|l| !l.sources.is_empty())>
            <section class="panel sources-panel" data-testid="sources-panel">
                <header class="panel-head">
                    <h2>"Sources"</h2>
                    <span class="hint">{move || library.with(crate::core::open::library_summary)}</span>
                </header>
                <div class="sources-tools">
                    <label>"Search the sources "
                        <input data-testid="source-search" type="search" placeholder="a word or phrase"
                            prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                    </label>
                    <label>"Passages coded "
                        <select data-testid="source-code-filter" prop:value=move || code.get()
                            on:change=move |ev| code.set(event_target_value(&ev))>
                            <option value="">"any code"</option>
                            {move || library.with(|l| l.codes.iter().map(|c| view! { <option value=c.id.clone()>{c.name.clone()}</option> }).collect_view())}
                        </select>
                    </label>
                </div>
                <Show when=move || !query.with(|q| q.trim().is_empty())>
                    {move || {
                        let (count, items) = hits();
                        view! {
                            <p class="hint" data-testid="source-hit-count">{format!("{count} found")}</p>
                            <ol class="source-hits" data-testid="source-hits">{items}</ol>
                        }
                    }}
                </Show>
                <div class="sources-layout">
                    <ul class="source-list" aria-label="Sources">
                        {move || library.with(|l| l.sources.iter().map(|s| {
                            let id = s.id.clone();
                            let pressed = {
                                let id = id.clone();
                                move || shown.get().as_deref() == Some(id.as_str())
                            };
                            view! {
                                <li>
                                    <button type="button" class="source-item" data-testid=format!("source-item-{}", s.id)
                                        aria-pressed=move || pressed().to_string()
                                        on:click=move |_| chosen.set(Some(id.clone()))>{s.name.clone()}</button>
                                </li>
                            }
                        }).collect_view())}
                    </ul>
                    <div class="source-reader">
                        <div class="source-text" data-testid="source-text" tabindex="0" aria-label="The source's text"
                            node_ref=text_ref on:mouseup=move |_| pick() on:keyup=move |_| pick()>{reader}</div>
                        <div class="passage-actions">
                            <span class="hint" data-testid="passage-picked">{move || picked_text().map_or_else(
                                || "Select a passage in the text to make an action of it or to add it as evidence.".to_string(),
                                |t| format!("Selected: \u{201c}{t}\u{201d}"))}</span>
                            <button class="button" type="button" data-testid="passage-to-action"
                                disabled=move || picked_text().is_none() on:click=move |_| to_action()>"Make an action of it"</button>
                            <button class="button" type="button" data-testid="passage-to-evidence"
                                disabled=move || picked_text().is_none() || state.selected.with(Option::is_none)
                                on:click=move |_| to_evidence()>
                                {move || state.selected.get().map_or_else(|| "Add as evidence (select an action first)".to_string(), |id| format!("Add as evidence to {id}"))}
                            </button>
                        </div>
                    </div>
                    <aside class="source-codes">
                        <h3>"Codes in this source"</h3>
                        <ul data-testid="source-codes">{codes_of_source}</ul>
                    </aside>
                </div>
                <CodeMeanings library=library/>
                <Proposals library=library/>
            </section>
        </Show>
    }
}
