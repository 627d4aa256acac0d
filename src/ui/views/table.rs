//! The action table: every action with its kind, aspect and triggers; sortable and filterable by
//! actor, period and kind. Clicking a row (or Enter on it) selects the action.

use super::{kind_class, kind_short};
use crate::core::model::Symbolic;
use crate::core::table::{visible_actions, SortKey};
use crate::ui::state::use_app_state;
use leptos::prelude::*;
use leptos::reactive::computed::Selector;
use rustc_hash::FxHashMap;

/// Rows added to the table at a time.
const ROW_PAGE: usize = 500;

/// Per-row notification of a list the rows show an entry of (the kinds, the aspects): a row
/// subscribes to its own trigger, notified only when its entry changes. With every row's cells
/// subscribed to the whole list, each change re-ran every cell and leptos unsubscribed each of
/// them from a list of all the others (O(rows²): 60 ms a recode with 500 rows).
#[derive(Clone, Copy)]
struct RowChanges {
    triggers: StoredValue<FxHashMap<usize, ArcTrigger>, LocalStorage>,
}

impl RowChanges {
    /// Follows `list`, notifying the rows whose entry differs from the last value.
    fn follow<T: Clone + PartialEq + Send + Sync + 'static>(list: Memo<Vec<T>>) -> Self {
        let changes = RowChanges {
            triggers: StoredValue::new_local(FxHashMap::default()),
        };
        Effect::new(move |previous: Option<Vec<T>>| {
            let next = list.get();
            if let Some(previous) = previous {
                changes.triggers.with_value(|triggers| {
                    for (row, trigger) in triggers {
                        if previous.get(*row) != next.get(*row) {
                            trigger.notify();
                        }
                    }
                });
            }
            next
        });
        changes
    }

    /// Subscribes the running closure to changes of the entry of `row`.
    fn track(&self, row: usize) {
        let trigger = self.triggers.try_update_value(|t| t.entry(row).or_default().clone());
        if let Some(trigger) = trigger {
            trigger.track();
        }
    }
}

/// The action table with its filter bar.
#[component]
pub fn ActionTable() -> impl IntoView {
    let state = use_app_state();
    let actor_filter = RwSignal::new(String::new());
    let period_filter = RwSignal::new(String::new());
    let kind_filter = RwSignal::new(String::new());
    let sort = RwSignal::new((SortKey::Table, false));
    // Large tables show their rows a page at a time, so that opening a case stays quick.
    let shown = RwSignal::new(ROW_PAGE);
    // Actions the coders differ on (empty without other coders).
    let disputed_only = RwSignal::new(false);
    let disputed = Memo::new(move |_| {
        state
            .derived
            .agreement
            .get()
            .map(|a| {
                a.0.disagreements
                    .iter()
                    .map(|d| (d.action.clone(), d.fields.join(", ")))
                    .collect::<std::collections::HashMap<_, _>>()
            })
            .unwrap_or_default()
    });

    // A new case brings new actors and periods: filters of the old case no longer apply.
    Effect::new(move |_| {
        state.case.track();
        actor_filter.set(String::new());
        period_filter.set(String::new());
        shown.set(ROW_PAGE);
    });

    let rows = Memo::new(move |_| {
        let kind = Symbolic::parse_label(&kind_filter.get()).filter(|_| !kind_filter.get().is_empty());
        let (key, descending) = sort.get();
        let mut rows = state.derived.kinds.with(|kinds| {
            state.case.with(|case| {
                visible_actions(
                    case,
                    kinds,
                    &actor_filter.get(),
                    &period_filter.get(),
                    kind,
                    key,
                    descending,
                )
            })
        });
        if disputed_only.get() {
            disputed.with(|d| state.case.with(|c| rows.retain(|&i| d.contains_key(&c.actions[i].id))));
        }
        rows
    });

    let header = move |label: &'static str, key: SortKey| {
        let aria = move || match sort.get() {
            (k, false) if k == key => "ascending",
            (k, true) if k == key => "descending",
            _ => "none",
        };
        let arrow = move || match sort.get() {
            (k, false) if k == key => " ▲",
            (k, true) if k == key => " ▼",
            _ => "",
        };
        view! {
            <th aria-sort=aria>
                <button
                    class="sort"
                    data-testid=format!("sort-{}", label.to_lowercase())
                    on:click=move |_| {
                        sort.update(|(k, desc)| {
                            if *k == key {
                                if *desc { *k = SortKey::Table; *desc = false; } else { *desc = true; }
                            } else {
                                *k = key;
                                *desc = false;
                            }
                        })
                    }
                >
                    {label}
                    {arrow}
                </button>
            </th>
        }
    };

    let actor_options = move || {
        state.case.with(|c| {
            c.actors
                .iter()
                .map(|a| view! { <option value=a.id.clone()>{a.name.clone()}</option> })
                .collect_view()
        })
    };
    let period_options = move || {
        state.case.with(|c| {
            c.periods
                .iter()
                .map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> })
                .collect_view()
        })
    };

    // Rows are rebuilt only when the rows shown change; a relabel updates just the kind cells of
    // its row, a selection the two rows it concerns.
    let kind_changes = RowChanges::follow(state.derived.kinds);
    let aspect_changes = RowChanges::follow(state.derived.aspects);
    let selection = Selector::new(move || state.selected.get());
    let body = move || {
        let case = state.case.get();
        let shown = shown.get();
        rows.with(|rows| rows.iter().take(shown).copied().collect::<Vec<_>>())
            .into_iter()
            .map(|index| {
                let action = &case.actions[index];
                let id = action.id.clone();
                let original = action.symbolic;
                let current = move || {
                    kind_changes.track(index);
                    state.derived.kinds.with_untracked(|k| k.get(index).copied()).unwrap_or(original)
                };
                let recoded = move || current() != original;
                let is_selected = {
                    let key = Some(id.clone());
                    let selection = selection.clone();
                    move || selection.selected(&key)
                };
                let actor = case.actor(&action.actor).map_or(action.actor.clone(), |a| a.name.clone());
                let period = case.period(&action.period).map_or(action.period.clone(), |p| p.name.clone());
                let original_aspect = action.aspect;
                let aspect = move || {
                    aspect_changes.track(index);
                    state
                        .derived
                        .aspects
                        .with_untracked(|x| x.get(index).copied())
                        .unwrap_or(original_aspect)
                        .map_or("—", |a| a.label())
                };
                let mut triggers = action.triggers.clone();
                triggers.extend(action.external_triggers.iter().map(|t| format!("“{t}”")));
                let (select_id, key_id, kind_id) = (id.clone(), id.clone(), id.clone());
                let differ_id = id.clone();
                let differ = move || disputed.with(|d| d.get(&differ_id).cloned());
                view! {
                    <tr
                        data-testid=format!("action-row-{id}")
                        class:selected=is_selected.clone()
                        aria-selected=move || if is_selected() { "true" } else { "false" }
                        tabindex="0"
                        title="Enter selects; S, C, A code the action substantive, conformity, advocacy"
                        on:click=move |_| state.select(Some(select_id.clone()))
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                                return;
                            }
                            let kind = match ev.key().as_str() {
                                "Enter" | " " => {
                                    ev.prevent_default();
                                    state.select(Some(key_id.clone()));
                                    return;
                                }
                                "s" | "S" => Symbolic::Substantive,
                                "c" | "C" => Symbolic::Conformity,
                                "a" | "A" => Symbolic::Advocacy,
                                _ => return,
                            };
                            ev.prevent_default();
                            state.select(Some(key_id.clone()));
                            if kind != current() {
                                state.relabel(&key_id, kind, None);
                            }
                        }
                    >
                        <td class="id">
                            {id.clone()}
                            {move || differ().map(|fields| view! {
                                <span class="disputed-mark" title=format!("The coders differ on: {fields}")>{format!(" ≠ {fields}")}</span>
                            })}
                        </td>
                        <td>{actor}</td>
                        <td>{period}</td>
                        <td class="description">{action.description.clone()}</td>
                        <td class="kind-cell">
                            <span class=move || kind_class(current())>{move || kind_short(current())}</span>
                            <Show when=recoded>
                                <span class="recoded" title=format!("Recoded; originally {}", original.label().to_lowercase())>
                                    {format!("recoded (was {})", kind_short(original).to_lowercase())}
                                </span>
                            </Show>
                            <select
                                class="row-kind"
                                data-testid=format!("row-kind-{id}")
                                aria-label=format!("Code {id} as")
                                prop:value=move || current().key()
                                on:click=|ev| ev.stop_propagation()
                                on:change=move |ev| {
                                    if let Some(kind) = Symbolic::parse_label(&event_target_value(&ev)) {
                                        state.select(Some(kind_id.clone()));
                                        state.relabel(&kind_id, kind, None);
                                    }
                                }
                            >
                                <option value="conformity">"Conformity"</option>
                                <option value="advocacy">"Advocacy"</option>
                                <option value="substantive">"Substantive"</option>
                            </select>
                        </td>
                        <td>{aspect}</td>
                        <td class="triggers">{triggers.join(", ")}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <section class="table-panel">
            <div class="filters">
                <label>
                    "Actor "
                    <select data-testid="filter-actor" prop:value=move || actor_filter.get() on:change=move |ev| actor_filter.set(event_target_value(&ev))>
                        <option value="">"All"</option>
                        {actor_options}
                    </select>
                </label>
                <label>
                    "Period "
                    <select data-testid="filter-period" prop:value=move || period_filter.get() on:change=move |ev| period_filter.set(event_target_value(&ev))>
                        <option value="">"All"</option>
                        {period_options}
                    </select>
                </label>
                <label>
                    "Kind "
                    <select data-testid="filter-kind" prop:value=move || kind_filter.get() on:change=move |ev| kind_filter.set(event_target_value(&ev))>
                        <option value="">"All"</option>
                        <option value="conformity">"Symbolic conformity"</option>
                        <option value="advocacy">"Symbolic advocacy"</option>
                        <option value="substantive">"Substantive"</option>
                    </select>
                </label>
                <Show when=move || state.derived.agreement.with(Option::is_some)>
                    <label class="toggle">
                        <input type="checkbox" data-testid="filter-disagreements" prop:checked=move || disputed_only.get()
                            on:change=move |ev| disputed_only.set(event_target_checked(&ev))/>
                        " Only actions the coders differ on"
                    </label>
                </Show>
                <button class="button" data-testid="add-action" on:click=move |_| state.editor.set(Some(crate::ui::state::EditorFor::New))>"Add action"</button>
                <span class="count" data-testid="row-count">
                    {move || format!("{} of {} actions", rows.with(Vec::len), state.case.with(|c| c.actions.len()))}
                </span>
            </div>
            <div class="table-scroll">
                // Fixed column widths (style/main.css, `table.action-table`): a recode changes one
                // row, and the browser lays out that row instead of the whole table again.
                <table class="action-table" data-testid="action-table">
                    <colgroup>
                        <col class="col-id"/>
                        <col class="col-actor"/>
                        <col class="col-period"/>
                        <col class="col-action"/>
                        <col class="col-kind"/>
                        <col class="col-aspect"/>
                        <col class="col-triggers"/>
                    </colgroup>
                    <thead>
                        <tr>
                            {header("Id", SortKey::Id)}
                            {header("Actor", SortKey::Actor)}
                            {header("Period", SortKey::Period)}
                            <th>"Action"</th>
                            {header("Kind", SortKey::Kind)}
                            {header("Aspect", SortKey::Aspect)}
                            <th>"Triggers"</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
                <Show when=move || { rows.with(Vec::len) > shown.get() }>
                    <button class="small more" data-testid="table-more" on:click=move |_| shown.update(|n| *n += ROW_PAGE)>
                        {move || format!("Show {} more of {} rows", ROW_PAGE.min(rows.with(Vec::len) - shown.get()), rows.with(Vec::len) - shown.get())}
                    </button>
                </Show>
            </div>
        </section>
    }
}
