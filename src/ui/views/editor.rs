//! The action editor: one form for a new action and for editing one, every field of the format
//! with a visible label. It binds the fields of a core `ActionForm` and dispatches the edit the
//! form makes; a refusal is shown beside its field and what was typed stays.

use crate::core::model::{Aspect, Case, Symbolic};
use crate::core::project::form::{trigger_candidates, ActionForm};
use crate::core::report::EditError;
use crate::ui::state::{use_app_state, EditorFor};
use leptos::prelude::*;

/// How many trigger candidates the search lists at once.
const CANDIDATES: usize = 12;

/// The refusal of `label`'s field, shown beside it.
fn field_error(error: RwSignal<Option<EditError>>, label: &'static str) -> impl Fn() -> Option<AnyView> + Copy {
    move || {
        error.with(|e| {
            e.as_ref().filter(|e| e.field() == Some(label)).map(|e| {
                view! { <span class="field-error" role="alert" data-testid="editor-field-error">{e.to_string()}</span> }
                    .into_any()
            })
        })
    }
}

/// A field that chooses one of the case's actor groups or periods, or names a new one.
struct Choice {
    label: &'static str,
    testid: &'static str,
    new_label: &'static str,
    new_placeholder: &'static str,
    back_label: &'static str,
    value: fn(&ActionForm) -> (String, bool),
    set: fn(&mut ActionForm, String, bool),
    options: fn(&Case) -> Vec<(String, String)>,
    default: fn(&Case) -> String,
}

const ACTOR: Choice = Choice {
    label: "Actor",
    testid: "editor-actor",
    new_label: "New actor group…",
    new_placeholder: "Name of the new actor group",
    back_label: "choose an existing group",
    value: |f| (f.actor.clone(), f.new_actor),
    set: |f, v, new| {
        f.actor = v;
        f.new_actor = new;
    },
    options: |c| c.actors.iter().map(|a| (a.id.clone(), a.name.clone())).collect(),
    default: |c| c.actors.first().map(|a| a.id.clone()).unwrap_or_default(),
};

const PERIOD: Choice = Choice {
    label: "Period",
    testid: "editor-period",
    new_label: "New period…",
    new_placeholder: "Name of the new period",
    back_label: "choose an existing period",
    value: |f| (f.period.clone(), f.new_period),
    set: |f, v, new| {
        f.period = v;
        f.new_period = new;
    },
    options: |c| c.periods.iter().map(|p| (p.id.clone(), p.name.clone())).collect(),
    default: |c| c.periods.last().map(|p| p.id.clone()).unwrap_or_default(),
};

/// The value that stands for "a new one" in a [`Choice`]'s menu.
const NEW: &str = "\u{1}new";

fn choice_field(form: RwSignal<ActionForm>, error: RwSignal<Option<EditError>>, c: Choice) -> impl IntoView {
    let state = use_app_state();
    let Choice {
        label,
        testid,
        new_label,
        new_placeholder,
        back_label,
        value,
        set,
        options,
        default,
    } = c;
    let is_new = move || form.with(|f| value(f).1);
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            {move || if is_new() {
                view! {
                    <input type="text" data-testid=format!("{testid}-new") placeholder=new_placeholder
                        prop:value=move || form.with(|f| value(f).0)
                        on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v, true)) }/>
                }.into_any()
            } else {
                view! {
                    <select data-testid=testid prop:value=move || form.with(|f| value(f).0)
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|f| if v == NEW { set(f, String::new(), true) } else { set(f, v, false) });
                        }>
                        {state.case.with_untracked(|c| options(c)).into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        <option value=NEW>{new_label}</option>
                    </select>
                }.into_any()
            }}
            <Show when=move || is_new() && state.case.with(|c| !options(c).is_empty())>
                <button type="button" class="link" on:click=move |_| form.update(|f| set(f, state.case.with_untracked(|c| default(c)), false))>{back_label}</button>
            </Show>
            {field_error(error, label)}
        </label>
    }
}

/// The editor dialog, shown while the store's `editor` is set.
#[component]
pub fn ActionEditor() -> impl IntoView {
    let state = use_app_state();
    move || state.editor.get().map(|target| view! { <EditorForm target=target/> })
}

#[component]
fn EditorForm(target: EditorFor) -> impl IntoView {
    let state = use_app_state();
    let editing: Option<String> = match &target {
        EditorFor::New | EditorFor::Quote(_) | EditorFor::Proposed(_) => None,
        EditorFor::Action(id) => Some(id.clone()),
    };
    let initial = state.project.with_untracked(|p| match (&editing, &target) {
        (None, EditorFor::Quote(quote)) => ActionForm::from_quote(&p.case, quote.clone()),
        (None, EditorFor::Proposed(proposal)) => ActionForm::from_proposal(&p.case, proposal),
        (None, _) => ActionForm::new_for(&p.case),
        (Some(id), _) => p
            .case
            .action(id)
            .map(|a| {
                let kind = p.current_kind(id).unwrap_or(a.symbolic);
                let aspect = p.current_aspect(id).unwrap_or(a.aspect);
                ActionForm::from_action(a, kind, aspect)
            })
            .unwrap_or_else(|| ActionForm::new_for(&p.case)),
    });
    let form = RwSignal::new(initial);
    let error = RwSignal::new(None::<EditError>);
    let search = RwSignal::new(String::new());
    let title = match &editing {
        None => "New action".to_string(),
        Some(id) => format!("Edit action {id}"),
    };
    let editing_for_save = editing.clone();
    let save = move || {
        let result = form.with_untracked(|f| f.to_op(editing_for_save.as_deref()));
        let result = result.and_then(|op| state.try_apply(op));
        match result {
            Ok(()) => {
                let id = form.with_untracked(|f| f.id.trim().to_string());
                error.set(None);
                state.editor.set(None);
                state.select(Some(id));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let field_error = move |label: &'static str| field_error(error, label);
    // A text field bound to one string of the form.
    let text = move |label: &'static str,
                     testid: &'static str,
                     get: fn(&ActionForm) -> String,
                     set: fn(&mut ActionForm, String)| {
        view! {
            <label class="field">
                <span class="field-label">{label}</span>
                <input type="text" data-testid=testid prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)) }/>
                {field_error(label)}
            </label>
        }
    };
    let area = move |label: &'static str,
                     testid: &'static str,
                     get: fn(&ActionForm) -> String,
                     set: fn(&mut ActionForm, String)| {
        view! {
            <label class="field wide">
                <span class="field-label">{label}</span>
                <textarea rows="2" data-testid=testid prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)) }></textarea>
                {field_error(label)}
            </label>
        }
    };
    let exclude = editing.clone().unwrap_or_default();
    let candidates = Memo::new(move |_| {
        let chosen = form.with(|f| f.triggers.clone());
        search.with(|s| {
            state
                .case
                .with(|c| trigger_candidates(c, s, &exclude, &chosen, CANDIDATES))
        })
    });
    let close = move || {
        state.editor.set(None);
    };
    // The dialog takes the focus: keyboard users start in its first field.
    let first_field = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = first_field.get() {
            let _ = input.focus();
        }
    });
    view! {
        <div class="modal-backdrop">
            <div class="modal editor" role="dialog" aria-modal="true" aria-labelledby="editor-title" data-testid="action-editor"
                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" { close() }>
                <header class="panel-head">
                    <h2 id="editor-title">{title}</h2>
                    <button class="close" aria-label="Close the editor without saving" on:click=move |_| close()>"×"</button>
                </header>
                <form class="editor-grid" on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <label class="field">
                        <span class="field-label">"Id"</span>
                        <input type="text" data-testid="editor-id" node_ref=first_field prop:value=move || form.with(|f| f.id.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.id = v) }/>
                        {field_error("Id")}
                    </label>
                    {choice_field(form, error, ACTOR)}
                    {choice_field(form, error, PERIOD)}
                    {area("Description", "editor-description", |f| f.description.clone(), |f, v| f.description = v)}
                    <label class="field">
                        <span class="field-label">"Symbolic nature"</span>
                        <select data-testid="editor-symbolic" prop:value=move || form.with(|f| f.symbolic.clone())
                            on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.symbolic = v) }>
                            {Symbolic::ALL.iter().map(|k| view! { <option value=k.key()>{k.label()}</option> }).collect_view()}
                        </select>
                        {field_error("Symbolic nature")}
                    </label>
                    <label class="field">
                        <span class="field-label">"Aspect"</span>
                        <select data-testid="editor-aspect" prop:value=move || form.with(|f| f.aspect.clone())
                            on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.aspect = v) }>
                            <option value="">"None"</option>
                            {Aspect::ALL.iter().map(|a| view! { <option value=a.key()>{a.label()}</option> }).collect_view()}
                        </select>
                        {field_error("Aspect")}
                    </label>
                    {area("Why symbolic", "editor-symbolic-note", |f| f.symbolic_note.clone(), |f, v| f.symbolic_note = v)}
                    {text("Aim", "editor-aim", |f| f.aim.clone(), |f, v| f.aim = v)}
                    <fieldset class="field wide triggers-field">
                        <legend class="field-label">"Triggers"</legend>
                        <div class="chosen" data-testid="editor-triggers">
                            {move || {
                                let chosen = form.with(|f| f.triggers.clone());
                                if chosen.is_empty() {
                                    return view! { <span class="hint">"None chosen."</span> }.into_any();
                                }
                                chosen.into_iter().map(|id| {
                                    let gone = id.clone();
                                    view! {
                                        <span class="chip">
                                            {id.clone()}
                                            <button type="button" class="chip-remove" aria-label=format!("Remove trigger {id}")
                                                on:click=move |_| form.update(|f| f.triggers.retain(|t| *t != gone))>"×"</button>
                                        </span>
                                    }
                                }).collect_view().into_any()
                            }}
                        </div>
                        <input type="search" data-testid="editor-trigger-search" aria-label="Search the case's ids for a trigger"
                            placeholder="Search ids or descriptions" prop:value=move || search.get()
                            on:input=move |ev| search.set(event_target_value(&ev))/>
                        <div class="candidates">
                            {move || candidates.get().into_iter().map(|id| {
                                let add = id.clone();
                                view! {
                                    <button type="button" class="small" data-testid=format!("editor-add-trigger-{id}")
                                        on:click=move |_| form.update(|f| f.triggers.push(add.clone()))>{format!("+ {id}")}</button>
                                }
                            }).collect_view()}
                        </div>
                        {field_error("Triggers")}
                    </fieldset>
                    {area("External triggers", "editor-external", |f| f.external_triggers.clone(), |f, v| f.external_triggers = v)}
                    {area("Consequence", "editor-consequence", |f| f.consequence.clone(), |f, v| f.consequence = v)}
                    {area("Impact", "editor-impact", |f| f.impact.clone(), |f, v| f.impact = v)}
                    {text("Date", "editor-date", |f| f.date.clone(), |f, v| f.date = v)}
                    {text("Order", "editor-order", |f| f.order.clone(), |f, v| f.order = v)}
                    <p class="hint wide">"External triggers: one per line. Date: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn."</p>
                    {move || error.with(|e| e.as_ref().filter(|e| e.field().is_none_or(|f| !crate::core::project::ACTION_FIELDS.contains(&f))).map(|e| view! {
                        <p class="field-error wide" role="alert" data-testid="editor-error">{e.to_string()}</p>
                    }))}
                    <div class="editor-buttons wide">
                        <button type="submit" class="button primary" data-testid="save-action">"Save action"</button>
                        <button type="button" class="button" data-testid="cancel-action" on:click=move |_| close()>"Cancel"</button>
                    </div>
                </form>
            </div>
        </div>
    }
}
