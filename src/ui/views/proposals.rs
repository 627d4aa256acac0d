//! What the imported codes mean in the lens, and the actions their passages propose. The
//! researcher maps a code of another tool's codebook to a symbolic kind, an aspect or both (an
//! edit, [`Op::MapCode`]); each passage coded so is then proposed as an action
//! ([`crate::core::sources::Library::proposals`]), which the researcher confirms one by one in the
//! editor (nothing is created before Save) or skips for this session.

use crate::core::model::{Aspect, Symbolic};
use crate::core::project::edit::Op;
use crate::core::sources::{Library, Meaning};
use crate::ui::state::{use_app_state, EditorFor};
use leptos::prelude::*;

/// The codes of the field material, each with what it means in the lens.
#[component]
pub fn CodeMeanings(library: Memo<Library>) -> impl IntoView {
    let state = use_app_state();
    let set = move |code: String, name: String, meaning: Meaning| {
        state.dispatch(Op::MapCode { code, name, meaning });
    };
    let rows = move || {
        library.with(|l| {
            l.codes
                .iter()
                .map(|c| {
                    let meaning = c.meaning.unwrap_or_default();
                    let (id, name) = (c.id.clone(), c.name.clone());
                    let (id2, name2) = (id.clone(), name.clone());
                    let kind = meaning.kind.map_or("", Symbolic::key);
                    let aspect = meaning.aspect.map_or("", Aspect::key);
                    view! {
                        <tr>
                            <th scope="row">{c.name.clone()}</th>
                            <td>
                                <select data-testid=format!("code-kind-{}", c.id) aria-label=format!("Symbolic kind of {}", c.name)
                                    prop:value=kind
                                    on:change=move |ev| set(id.clone(), name.clone(), meaning.with_kind_key(&event_target_value(&ev)))>
                                    <option value="">"—"</option>
                                    {Symbolic::ALL.map(|k| view! { <option value=k.key() selected=k.key() == kind>{k.label()}</option> }).collect_view()}
                                </select>
                            </td>
                            <td>
                                <select data-testid=format!("code-aspect-{}", c.id) aria-label=format!("Aspect of {}", c.name)
                                    prop:value=aspect
                                    on:change=move |ev| set(id2.clone(), name2.clone(), meaning.with_aspect_key(&event_target_value(&ev)))>
                                    <option value="">"—"</option>
                                    {Aspect::ALL.map(|a| view! { <option value=a.key() selected=a.key() == aspect>{a.label()}</option> }).collect_view()}
                                </select>
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || library.with(|l| !l.codes.is_empty())>
            <details class="code-meanings" data-testid="code-meanings">
                <summary>"What the codes mean in the lens"</summary>
                <p class="hint">"Map a code to a symbolic kind or an aspect, and each passage coded with it is proposed as an action below. Nothing is created until you confirm it."</p>
                <table class="code-meanings-table">
                    <thead><tr><th scope="col">"Code"</th><th scope="col">"Symbolic kind"</th><th scope="col">"Aspect"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </Show>
    }
}

/// The actions the mapped codes' passages propose, each confirmed in the editor or skipped.
#[component]
pub fn Proposals(library: Memo<Library>) -> impl IntoView {
    let state = use_app_state();
    // Skipped for this session (by passage id).
    let skipped = RwSignal::new(Vec::<String>::new());
    let all = Memo::new(move |_| {
        let case = state.project.with(|p| p.case.clone());
        library.with(|l| l.proposals(&case))
    });
    let shown = move || {
        let skipped = skipped.get();
        all.get()
            .into_iter()
            .filter(|p| !skipped.contains(&p.passage))
            .collect::<Vec<_>>()
    };
    let items = move || {
        shown()
            .into_iter()
            .map(|p| {
                let passage = p.passage.clone();
                let meaning = Meaning {
                    kind: p.kind,
                    aspect: p.aspect,
                };
                let open = p.clone();
                view! {
                    <li class="proposal" data-testid=format!("proposal-{}", p.passage)>
                        <blockquote>{p.quote.text.clone()}</blockquote>
                        <p class="hint">{format!("{}, {} · coded {} → {}", p.quote.source, p.quote.location, p.codes.join(", "), meaning.in_words())}</p>
                        <button class="button" type="button" data-testid="proposal-accept"
                            on:click=move |_| state.editor.set(Some(EditorFor::Proposed(open.clone())))>"Make this action…"</button>
                        <button class="button" type="button" data-testid="proposal-skip"
                            on:click=move |_| skipped.update(|s| s.push(passage.clone()))>"Skip"</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || !all.with(Vec::is_empty)>
            <section class="proposals" data-testid="proposals" aria-label="Proposed actions">
                <h3>{move || format!("Proposed actions ({})", shown().len())}</h3>
                <ol>{items}</ol>
                <Show when=move || !skipped.with(Vec::is_empty)>
                    <p class="hint">{move || format!("{} skipped. ", skipped.with(Vec::len))}
                        <button class="small" type="button" data-testid="proposals-unskip" on:click=move |_| skipped.set(Vec::new())>"Show them again"</button>
                    </p>
                </Show>
            </section>
        </Show>
    }
}
