//! The sources panel: the project's field material. The list of sources, a reader for one with
//! its coded passages marked (each mark's title names its codes), the codes of the source beside
//! it, a search across every source with the words around each hit, and a filter by code. What
//! the reader shows is the core's ([`crate::core::sources::Library::segments`], `search`); the
//! panel only holds which source, query and code are chosen.

use crate::core::sources::{Hit, Library};
use crate::ui::state::use_app_state;
use leptos::prelude::*;

/// The sources panel, shown when the project holds field material.
#[component]
pub fn SourcesPanel() -> impl IntoView {
    let state = use_app_state();
    let library = Memo::new(move |_| state.project.with(|p| p.library.clone()));
    let chosen = RwSignal::new(None::<String>);
    let query = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
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
        library.with(|l| {
            l.segments(&id, filter.as_deref())
                .into_iter()
                .map(|segment| {
                    if segment.passages.is_empty() {
                        return view! { <span>{segment.text}</span> }.into_any();
                    }
                    let mut names: Vec<String> = segment
                        .passages
                        .iter()
                        .flat_map(|i| l.code_names(&l.passages[*i]))
                        .collect();
                    names.sort();
                    names.dedup();
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
                    <div class="source-text" data-testid="source-text" tabindex="0" aria-label="The source's text">{reader}</div>
                    <aside class="source-codes">
                        <h3>"Codes in this source"</h3>
                        <ul data-testid="source-codes">{codes_of_source}</ul>
                    </aside>
                </div>
            </section>
        </Show>
    }
}
