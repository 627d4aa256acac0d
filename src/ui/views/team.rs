//! Team coding: other coders' codings in, the agreement figures, what the disagreement does to
//! the findings, and settling each disagreement. Everything computed is the core's
//! (`core::analysis::team`, `core::analysis::agreement`); this panel shows it and dispatches edits.

use crate::core::analysis::team::Agreement;
use crate::core::coding::CoderCoding;
use crate::core::coding::Settled;
use crate::core::export::blind_table_csv;
use crate::core::model::{Aspect, Symbolic};
use crate::core::project::edit::Op;
use crate::core::sort::SortErased;
use crate::ui::download::download_text;
use crate::ui::state::{use_app_state, AppState, Level};
use crate::ui::views::chain_text;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A figure to three decimals, or why there is none.
fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "undefined (no variation)".to_string(), |v| format!("{v:.3}"))
}

fn interval(ci: Option<[f64; 2]>) -> String {
    ci.map_or_else(|| "–".to_string(), |[l, h]| format!("[{l:.3}, {h:.3}]"))
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.1}%"))
}

/// Reads every chosen file, then adds them all as one edit.
fn read_coder_files(state: AppState, files: web_sys::FileList) {
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    leptos::task::spawn_local(async move {
        let mut read = Vec::new();
        for file in files {
            let name = file.name();
            match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => read.push((name, js_sys::Uint8Array::new(&buffer).to_vec())),
                Err(_) => state.notify(
                    Level::Error,
                    format!("Not added. {name}: the browser could not read the file. Try again, or copy it to a local folder first."),
                ),
            }
        }
        state.add_coder_files(read).await;
    });
}

/// One coder's label of a field, in words.
fn label_text(coding: &CoderCoding, action: &str, field: &str) -> String {
    coding
        .labels
        .get(action)
        .and_then(|l| Settled::of_coder(field, l))
        .map_or_else(|| "—".to_string(), |s| s.text())
}

/// One confusion matrix: the first coder's labels as rows, the second's as columns.
fn confusion_table(caption: String, labels: &[&'static str], counts: &[Vec<usize>]) -> impl IntoView {
    let head = labels
        .iter()
        .map(|l| view! { <th scope="col">{*l}</th> })
        .collect_view();
    let body = labels
        .iter()
        .zip(counts)
        .map(|(l, row)| {
            let cells = row.iter().map(|n| view! { <td>{*n}</td> }).collect_view();
            view! { <tr><th scope="row">{*l}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table>
            <caption>{caption}</caption>
            <thead><tr><td></td>{head}</tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}

/// The team coding panel.
#[component]
pub fn AgreementPanel() -> impl IntoView {
    let state = use_app_state();
    let settling = RwSignal::new(None::<String>);
    let on_files = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        if let Some(files) = input.files() {
            read_coder_files(state, files);
        }
        input.set_value("");
    };
    let blind_table = move |_| {
        let (title, csv) = state.case.with(|c| (c.title.clone(), blind_table_csv(c)));
        let name = format!("{}-blind-coding.csv", crate::core::project::file::slug(&title));
        if let Err(message) = download_text(&name, "text/csv", &csv) {
            state.notify(Level::Error, message);
        }
    };
    view! {
        <section class="panel agreement-panel" data-testid="agreement-panel">
            <header class="panel-head">
                <h2>"Team coding and agreement"</h2>
                <span class="hint">"Code the case independently, add each coder's coding, see where and how much you differ and what it does to the findings, and settle each difference with a memo."</span>
            </header>
            <div class="controls">
                <label class="button import-button" on:pointerenter=move |_| crate::ui::exchange::warm() on:focusin=move |_| crate::ui::exchange::warm()>
                    "Add coders' codings…"
                    <input type="file" multiple data-testid="coders-input"
                        accept=".csv,.tsv,.txt,.json,.xlsx,.xls,.ods,.qdpx,text/csv,text/tab-separated-values,application/json"
                        on:change=on_files/>
                </label>
                <button class="button" data-testid="blind-table" on:click=blind_table>"Blind coding table (CSV)"</button>
                <button class="button" data-testid="blind-coding" on:click=move |_| state.start_blind_coding()>"Start a blind coding"</button>
            </div>
            {move || match state.derived.agreement.get() {
                None => view! {
                    <p class="hint" data-testid="agreement-empty">"No other coder yet. Each coder starts from a blind coding (the actions with nothing coded, in the app or as a table), then their table, project file or codings CSV is added here; actions are matched by id. Your own coding joins as a coder the first time."</p>
                }.into_any(),
                Some(a) => agreement_view(state, &a.0, settling).into_any(),
            }}
            {move || settling.get().map(|action| view! { <SettleForm action=action settling=settling/> })}
            {settlements_view(state)}
        </section>
    }
}

fn agreement_view(state: AppState, a: &Agreement, settling: RwSignal<Option<String>>) -> impl IntoView {
    let coders = state.derived.coders.get_untracked();
    let coder_items = coders
        .iter()
        .map(|c| {
            let name = c.coder.clone();
            let remove = name.clone();
            view! {
                <li>
                    <strong>{name.clone()}</strong>
                    <span class="hint">{format!(" ({}, {} actions) ", c.source, c.labels.len())}</span>
                    <button class="small" aria-label=format!("Remove the coding of {name}")
                        on:click=move |_| { state.dispatch(Op::RemoveCoder { coder: remove.clone() }); }>"Remove"</button>
                </li>
            }
        })
        .collect_view();
    let missing = a
        .missing
        .iter()
        .map(|(coder, ids)| view! { <li>{format!("{coder} lacks {}: {}", ids.len(), ids.join(", "))}</li> })
        .collect_view();
    let kappa =
        |k: Option<f64>, kind: &str| format!("{} ({})", figure(k), if kind == "cohen" { "Cohen" } else { "Fleiss" });
    let rows = view! {
        <tr>
            <th scope="row">"Symbolic kind"</th>
            <td>{figure(a.symbolic.alpha)}</td><td>{interval(a.symbolic.alpha_ci95)}</td>
            <td>{kappa(a.symbolic.kappa, a.symbolic.kappa_kind)}</td><td>{percent(a.symbolic.percent_agreement)}</td><td>{a.symbolic.values}</td>
        </tr>
        <tr>
            <th scope="row">"Aspect"</th>
            <td>{figure(a.aspect.alpha)}</td><td>{interval(a.aspect.alpha_ci95)}</td>
            <td>{kappa(a.aspect.kappa, a.aspect.kappa_kind)}</td><td>{percent(a.aspect.percent_agreement)}</td><td>{a.aspect.values}</td>
        </tr>
        <tr>
            <th scope="row">"Triggers (Jaccard distance)"</th>
            <td>{figure(a.triggers.alpha)}</td><td>{interval(a.triggers.alpha_ci95)}</td>
            <td>"–"</td><td>{percent(a.triggers.percent_agreement)}</td><td>{a.triggers.values}</td>
        </tr>
    };
    let matrices = a
        .pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            view! {
                <div class="confusion" data-testid=format!("confusion-{i}")>
                    {confusion_table(
                        format!("Kind: {} (rows) by {} (columns); Cohen's kappa {}", p.first, p.second, figure(p.kind_kappa)),
                        &Symbolic::ALL.map(Symbolic::label),
                        &p.kind,
                    )}
                    {confusion_table(
                        format!("Aspect: {} (rows) by {} (columns)", p.first, p.second),
                        &Aspect::ALL.map(Aspect::label),
                        &p.aspect,
                    )}
                </div>
            }
        })
        .collect_view();
    let findings = a
        .findings
        .iter()
        .map(|f| view! { <tr><th scope="row">{f.coder.clone()}</th><td>{f.links}</td><td>{f.longest}</td><td class="chain">{chain_text(&f.chain)}</td></tr> })
        .collect_view();
    let some_links = a
        .links_some
        .iter()
        .take(30)
        .map(|(x, y)| format!("{x} ⇒ {y}"))
        .collect::<Vec<_>>()
        .join(", ");
    let disagreements = a
        .disagreements
        .iter()
        .map(|d| {
            let action = d.action.clone();
            let open = action.clone();
            let fields = d.fields.join(", ");
            view! {
                <li>
                    <button class="link" data-testid=format!("settle-open-{action}")
                        on:click=move |_| { state.select(Some(open.clone())); settling.set(Some(open.clone())); }>
                        {format!("{action}: {fields}")}
                    </button>
                </li>
            }
        })
        .collect_view();
    let few = a.coders.len() < 2;
    let has_missing = !a.missing.is_empty();
    view! {
        <h3 class="sub-head">"Coders"</h3>
        <ul class="coder-list" data-testid="coder-list">{coder_items}</ul>
        <Show when=move || few>
            <p class="hint">"Add at least one more coding to compare."</p>
        </Show>
        <div class="hint" data-testid="agreement-missing">
            <Show when=move || has_missing>
                <p>"Ids some coders lack (compared among the coders who have them, never guessed):"</p>
            </Show>
            <ul>{missing}</ul>
        </div>
        <h3 class="sub-head">{format!("Agreement over {} actions coded by at least two coders", a.units)}</h3>
        <table class="figures" data-testid="agreement-figures">
            <thead><tr>
                <th scope="col">"Label"</th><th scope="col">"Krippendorff's α"</th><th scope="col">"95% interval (bootstrap)"</th>
                <th scope="col">"κ"</th><th scope="col">"Agreement"</th><th scope="col">"Values"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <details class="matrices">
            <summary>"Confusion matrices of each pair of coders"</summary>
            {matrices}
        </details>
        <h3 class="sub-head">"What the disagreement does to the findings"</h3>
        <table class="figures" data-testid="agreement-findings">
            <thead><tr><th scope="col">"Coding"</th><th scope="col">"Reinforcing links"</th><th scope="col">"Longest chain"</th><th scope="col">"First longest chain"</th></tr></thead>
            <tbody>{findings}</tbody>
        </table>
        <p data-testid="links-agreement">{format!(
            "{} links in every coder's coding; {} in some codings only{}",
            a.links_all_count, a.links_some_count,
            if some_links.is_empty() { ".".to_string() } else { format!(": {some_links}{}", if a.links_some_count > 30 { ", …" } else { "" }) }
        )}</p>
        <h3 class="sub-head">{format!("Disagreements ({})", a.disagreements.len())}</h3>
        <ul class="disagreements" data-testid="disagreements">{disagreements}</ul>
    }
}

/// The settlements so far, newest first.
fn settlements_view(state: AppState) -> impl IntoView {
    let items = move || {
        state.project.with(|p| {
            p.settlements
                .iter()
                .rev()
                .take(50)
                .map(|s| {
                    let from = s.adopted.as_ref().map_or_else(|| "entered".to_string(), |c| format!("adopted from {c}"));
                    let memo = if s.memo.is_empty() { String::new() } else { format!(" — {}", s.memo) };
                    view! { <li>{format!("{}: {} {} ({from}, by {}){memo}", s.action, s.label.field(), s.label.text(), s.by)}</li> }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || state.project.with(|p| !p.settlements.is_empty() || !p.coders.is_empty())>
            <h3 class="sub-head">"Settled"</h3>
            <ul class="settlements" data-testid="settlements">{items}</ul>
        </Show>
    }
}

/// The coders' labels of one action side by side, and the settling of each label they differ on.
#[component]
fn SettleForm(action: String, settling: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_app_state();
    let memo = RwSignal::new(String::new());
    let coders = state.derived.coders.get_untracked();
    let fields: Vec<&'static str> = state
        .derived
        .agreement
        .get_untracked()
        .and_then(|a| {
            a.0.disagreements
                .iter()
                .find(|d| d.action == action)
                .map(|d| d.fields.clone())
        })
        .unwrap_or_else(|| vec!["kind", "aspect", "triggers"]);
    let rows = coders
        .iter()
        .map(|c| {
            let l = c.labels.get(&action);
            view! {
                <tr>
                    <th scope="row">{c.coder.clone()}</th>
                    <td>{label_text(c, &action, "kind")}</td>
                    <td>{label_text(c, &action, "aspect")}</td>
                    <td>{label_text(c, &action, "triggers")}</td>
                    <td class="memo">{l.map(|l| l.memo.clone()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let settle_field = {
        let action = action.clone();
        move |field: &'static str| {
            let choice = RwSignal::new(String::new());
            let typed = RwSignal::new(String::new());
            let mut options: Vec<(String, String)> = coders
                .iter()
                .filter_map(|c| {
                    c.labels
                        .get(&action)
                        .and_then(|l| Settled::of_coder(field, l))
                        .map(|s| (format!("adopt:{}", c.coder), format!("{}'s: {}", c.coder, s.text())))
                })
                .collect();
            match field {
                "kind" => options.extend(Symbolic::ALL.iter().map(|k| {
                    (
                        format!("kind:{}", k.key()),
                        format!("Another: {}", k.label().to_lowercase()),
                    )
                })),
                "aspect" => {
                    options.extend(Aspect::ALL.iter().map(|a| {
                        (
                            format!("aspect:{}", a.key()),
                            format!("Another: {}", a.label().to_lowercase()),
                        )
                    }));
                    options.push(("aspect:".into(), "Another: no aspect".into()));
                }
                _ => options.push(("triggers:".into(), "Another: the ids typed here".into())),
            }
            if let Some((first, _)) = options.first() {
                choice.set(first.clone());
            }
            let coders = coders.clone();
            let action = action.clone();
            let submit = move |_| {
                let value = choice.get_untracked();
                let (label, adopted) = if let Some(name) = value.strip_prefix("adopt:") {
                    let label = coders
                        .iter()
                        .find(|c| c.coder == name)
                        .and_then(|c| c.labels.get(&action))
                        .and_then(|l| Settled::of_coder(field, l));
                    (label, Some(name.to_string()))
                } else if let Some(k) = value.strip_prefix("kind:") {
                    (Symbolic::parse_label(k).map(Settled::Kind), None)
                } else if let Some(a) = value.strip_prefix("aspect:") {
                    (Some(Settled::Aspect(Aspect::parse_label(a))), None)
                } else {
                    let mut ids: Vec<String> = typed
                        .get_untracked()
                        .split([',', ';', ' '])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect();
                    ids.erased_sort();
                    ids.dedup();
                    (Some(Settled::Triggers(ids)), None)
                };
                let Some(label) = label else { return };
                if state.dispatch(Op::Settle {
                    action: action.clone(),
                    label,
                    adopted,
                    memo: memo.get_untracked(),
                }) {
                    state.notify(Level::Info, format!("Settled the {field} of {action}."));
                }
            };
            let select_id = format!("settle-choice-{field}");
            view! {
                <div class="settle-field">
                    <label>{format!("Settle the {field}: ")}
                        <select data-testid=select_id prop:value=move || choice.get() on:change=move |ev| choice.set(event_target_value(&ev))>
                            {options.into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
                        </select>
                    </label>
                    <Show when=move || field == "triggers">
                        <label>" Ids: "
                            <input type="text" data-testid="settle-triggers" placeholder="e.g. DS5, DS7"
                                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                        </label>
                    </Show>
                    <button class="button primary" data-testid=format!("settle-{field}") on:click=submit>{format!("Settle the {field}")}</button>
                </div>
            }
        }
    };
    let forms = fields.into_iter().map(settle_field).collect_view();
    view! {
        <div class="settle-form" data-testid="settle-form" role="group" aria-label=format!("Settle {action}")>
            <h3 class="sub-head">{format!("Settle {action}")}</h3>
            <table class="figures">
                <thead><tr><th scope="col">"Coder"</th><th scope="col">"Kind"</th><th scope="col">"Aspect"</th><th scope="col">"Triggers"</th><th scope="col">"Memo"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <label class="block">"Why (memo, kept with the settlement) "
                <textarea data-testid="settle-memo" prop:value=move || memo.get() on:input=move |ev| memo.set(event_target_value(&ev))></textarea>
            </label>
            {forms}
            <button class="small" on:click=move |_| settling.set(None)>"Close"</button>
        </div>
    }
}
