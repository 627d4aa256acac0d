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

/// One cell of a code's meaning: a select of `choices` (key, label) after "—", the one of
/// `current` chosen; `pick` takes the key chosen.
fn meaning_cell(
    testid: String,
    label: String,
    current: &'static str,
    choices: Vec<(&'static str, &'static str)>,
    pick: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <td>
            <select data-testid=testid aria-label=label prop:value=current on:change=move |ev| pick(event_target_value(&ev))>
                <option value="">"—"</option>
                {choices.into_iter().map(|(key, text)| view! { <option value=key selected=key == current>{text}</option> }).collect_view()}
            </select>
        </td>
    }
}

/// The codes of the field material, each with what it means in the lens.
#[component]
pub fn CodeMeanings(library: Memo<Library>) -> impl IntoView {
    let state = use_app_state();
    // On a narrow screen the table scrolls sideways (and can then be scrolled by keyboard).
    let scroll = NodeRef::<leptos::html::Div>::new();
    let scrolls = crate::ui::scrolling::scrolls_sideways(scroll);
    let rows = move || {
        library.with(|l| {
            l.codes
                .iter()
                .map(|c| {
                    let meaning = c.meaning.unwrap_or_default();
                    // The code's meaning with the key picked put in by `with`.
                    let set = |with: fn(Meaning, &str) -> Meaning| {
                        let (code, name) = (c.id.clone(), c.name.clone());
                        move |key: String| {
                            state.dispatch(Op::MapCode {
                                code: code.clone(),
                                name: name.clone(),
                                meaning: with(meaning, &key),
                            });
                        }
                    };
                    view! {
                        <tr>
                            <th scope="row">{c.name.clone()}</th>
                            {meaning_cell(format!("code-kind-{}", c.id), format!("Symbolic kind of {}", c.name),
                                meaning.kind.map_or("", Symbolic::key), Symbolic::ALL.map(|k| (k.key(), k.label())).to_vec(),
                                set(Meaning::with_kind_key))}
                            {meaning_cell(format!("code-aspect-{}", c.id), format!("Aspect of {}", c.name),
                                meaning.aspect.map_or("", Aspect::key), Aspect::ALL.map(|a| (a.key(), a.label())).to_vec(),
                                set(Meaning::with_aspect_key))}
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
                <div class="code-meanings-scroll" node_ref=scroll tabindex=move || scrolls.get().then_some("0")
                    role=move || scrolls.get().then_some("region")
                    aria-label=move || scrolls.get().then_some("The codes and what they mean; it scrolls sideways")>
                    <table class="code-meanings-table">
                        <thead><tr><th scope="col">"Code"</th><th scope="col">"Symbolic kind"</th><th scope="col">"Aspect"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
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
