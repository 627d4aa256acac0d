//! Browser tests: components mounted in headless Chromium by wasm-bindgen-test.
//! Run with `cargo test --target wasm32-unknown-unknown --test browser` (see `make test`).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use regime_lens::ui::state::{provide_app_state, use_app_state};
use regime_lens::ui::views::details::Details;
use regime_lens::ui::views::table::ActionTable;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// A fresh container for one test, with the browser's storage emptied so that every test starts
/// from TelCo as shipped.
fn container() -> web_sys::HtmlElement {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        storage.clear().expect("clear storage");
    }
    let el = document()
        .create_element("div")
        .expect("div")
        .unchecked_into::<web_sys::HtmlElement>();
    document().body().expect("body").append_child(&el).expect("append");
    el
}

/// Empties the app's database too, so that no project of an earlier test reopens.
async fn fresh_container() -> web_sys::HtmlElement {
    regime_lens::ui::storage::clear_all().await.expect("clear the database");
    container()
}

/// Waits until the app has read the browser's storage.
async fn until_ready(app: regime_lens::ui::state::AppState) {
    for _ in 0..200 {
        if app.saving.ready.get_untracked() && !app.saving.pending() {
            return;
        }
        tick().await;
    }
    panic!("the storage was not read within 2 s");
}

/// Lets the reactive system and the browser run pending work.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .expect("timeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.expect("tick");
}

fn rows(root: &web_sys::HtmlElement) -> Vec<String> {
    let list = root.query_selector_all("[data-testid^=action-row-]").expect("query");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute("data-testid"))
        .map(|t| t.trim_start_matches("action-row-").to_string())
        .collect()
}

#[wasm_bindgen_test]
async fn the_action_table_shows_telco_and_selects_a_row() {
    let root = fresh_container().await;
    let handle = leptos::mount::mount_to(root.clone(), || {
        provide_app_state().start_storage();
        view! { <ActionTable/><Details/> }
    });
    tick().await;
    let ids = rows(&root);
    assert_eq!(ids.len(), 22, "{ids:?}");
    assert_eq!(ids.first().map(String::as_str), Some("DS1"));

    let row = root
        .query_selector("[data-testid=action-row-DS8]")
        .expect("query")
        .expect("DS8 row");
    row.unchecked_ref::<web_sys::HtmlElement>().click();
    tick().await;
    assert_eq!(row.get_attribute("aria-selected").as_deref(), Some("true"));
    let details = root
        .query_selector("[data-testid=details-id]")
        .expect("query")
        .expect("details open");
    assert_eq!(details.text_content().as_deref(), Some("DS8"));
    let triggers = root
        .query_selector("[data-testid=details-triggers]")
        .expect("q")
        .expect("triggers");
    assert_eq!(triggers.text_content().as_deref(), Some("AM4AM5AM7"));
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn filtering_by_kind_and_a_failed_import_keep_the_case() {
    let root = fresh_container().await;
    let state = StoredValue::new(None);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_state().start_storage();
        state.set_value(Some(use_app_state()));
        view! { <ActionTable/> }
    });
    tick().await;
    until_ready(state.get_value().expect("state")).await;
    let select = root
        .query_selector("[data-testid=filter-kind]")
        .expect("q")
        .expect("kind filter")
        .unchecked_into::<web_sys::HtmlSelectElement>();
    select.set_value("advocacy");
    select
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
    tick().await;
    assert_eq!(rows(&root), vec!["DS2", "DS5", "DS6", "DS7", "DS8", "MG3"]);

    let app = state.get_value().expect("state");
    app.load_file("broken.csv", b"id,actor,period,action\nX1,A,P1,ok\nX2,A,P1\n");
    tick().await;
    assert_eq!(
        app.case.with_untracked(|c| c.actions.len()),
        22,
        "a failed import leaves the case"
    );
    let notices = app.notices.list.get_untracked();
    assert!(
        notices.iter().any(|n| n.text.contains("broken.csv, line 3")),
        "{notices:?}"
    );
    drop(handle);
    root.remove();
}

fn click(root: &web_sys::HtmlElement, selector: &str) {
    root.query_selector(selector)
        .expect("query")
        .unwrap_or_else(|| panic!("{selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn text(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .expect("query")
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn relabelling_in_the_details_panel_updates_the_table_and_undo_restores_it() {
    let root = fresh_container().await;
    let state = StoredValue::new(None);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_state().start_storage();
        state.set_value(Some(use_app_state()));
        view! { <ActionTable/><Details/> }
    });
    tick().await;
    let app = state.get_value().expect("state");
    until_ready(app).await;
    app.coder.set("Test coder".into());
    click(&root, "[data-testid=action-row-AM4]");
    tick().await;
    click(&root, "[data-testid=relabel-substantive]");
    tick().await;
    assert_eq!(text(&root, "[data-testid=action-row-AM4] .badge"), "Substantive");
    assert!(text(&root, "[data-testid=recoded-badge]").contains("originally symbolic conformity"));
    assert_eq!(app.derived.analysis.with_untracked(|a| a.reinforcement.link_count), 8);
    assert_eq!(
        app.project
            .with_untracked(|p| p.coding.get("AM4").map(|e| e.coder.clone())),
        Some("Test coder".into())
    );
    app.undo();
    tick().await;
    assert_eq!(text(&root, "[data-testid=action-row-AM4] .badge"), "Conformity");
    assert_eq!(app.derived.analysis.with_untracked(|a| a.reinforcement.link_count), 12);
    drop(handle);
    root.remove();
}

fn input_value(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .expect("query")
        .unwrap_or_else(|| panic!("{selector}"))
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

fn type_into(root: &web_sys::HtmlElement, selector: &str, value: &str) {
    let input = root
        .query_selector(selector)
        .expect("query")
        .unwrap_or_else(|| panic!("{selector}"))
        .unchecked_into::<web_sys::HtmlInputElement>();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
}

#[wasm_bindgen_test]
async fn the_editor_shows_an_action_refuses_a_used_id_and_saves_an_edit() {
    use regime_lens::ui::state::EditorFor;
    use regime_lens::ui::views::editor::ActionEditor;
    let root = fresh_container().await;
    let state = StoredValue::new(None);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_state().start_storage();
        state.set_value(Some(use_app_state()));
        view! { <ActionTable/><ActionEditor/> }
    });
    tick().await;
    let app = state.get_value().expect("state");
    until_ready(app).await;
    app.editor.set(Some(EditorFor::Action("AM4".into())));
    tick().await;
    assert_eq!(input_value(&root, "[data-testid=editor-id]"), "AM4");
    assert_eq!(input_value(&root, "[data-testid=editor-trigger-search]"), "");
    assert!(text(&root, "[data-testid=editor-triggers]").contains("DS4"));
    // A used id is refused beside its field; the form stays open with what was typed.
    type_into(&root, "[data-testid=editor-id]", "DS4");
    type_into(&root, "[data-testid=editor-aim]", "Keep the accounts");
    click(&root, "[data-testid=save-action]");
    tick().await;
    assert!(text(&root, "[data-testid=editor-field-error]").starts_with("Id: \"DS4\" is the id of another action"));
    assert_eq!(input_value(&root, "[data-testid=editor-aim]"), "Keep the accounts");
    assert_eq!(app.project.with_untracked(|p| p.undo.len()), 0, "nothing was applied");
    // Renamed to a free id, it saves as one edit, and the table follows.
    type_into(&root, "[data-testid=editor-id]", "AM4b");
    click(&root, "[data-testid=save-action]");
    tick().await;
    assert!(app.editor.get_untracked().is_none(), "the editor closes");
    assert!(rows(&root).contains(&"AM4b".to_string()));
    assert_eq!(
        app.case.with_untracked(|c| c.action("AM4b").map(|a| a.aim.clone())),
        Some("Keep the accounts".into())
    );
    assert_eq!(app.project.with_untracked(|p| p.undo.len()), 1);
    drop(handle);
    root.remove();
}

#[path = "common/mod.rs"]
mod common;

fn select(root: &web_sys::HtmlElement, selector: &str, value: &str) {
    let select = root
        .query_selector(selector)
        .expect("query")
        .unwrap_or_else(|| panic!("{selector}"))
        .unchecked_into::<web_sys::HtmlSelectElement>();
    select.set_value(value);
    select
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
}

fn count(root: &web_sys::HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).expect("query").length()
}

#[wasm_bindgen_test]
async fn a_mapped_code_proposes_its_passage_which_is_skipped_or_opened_in_the_editor() {
    use regime_lens::core::project::edit::Op;
    use regime_lens::ui::views::editor::ActionEditor;
    use regime_lens::ui::views::sources::SourcesPanel;
    let root = fresh_container().await;
    let state = StoredValue::new(None);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_state().start_storage();
        state.set_value(Some(use_app_state()));
        view! { <SourcesPanel/><ActionEditor/> }
    });
    tick().await;
    let app = state.get_value().expect("state");
    until_ready(app).await;
    app.coder.set("Test coder".into());
    assert!(app.dispatch(Op::AddSources {
        library: common::interview_library("one"),
    }));
    tick().await;
    assert_eq!(count(&root, "[data-testid=proposals]"), 0, "no code means anything yet");
    select(&root, "[data-testid=code-kind-code-one-wd]", "conformity");
    tick().await;
    assert_eq!(
        app.project
            .with_untracked(|p| p.library.codes[1].meaning.and_then(|m| m.kind)),
        Some(regime_lens::core::model::Symbolic::Conformity)
    );
    assert_eq!(count(&root, "li.proposal"), 1);
    assert!(text(&root, "li.proposal").contains("coded Window dressing → Symbolic conformity"));
    click(&root, "[data-testid=proposal-skip]");
    tick().await;
    assert_eq!(count(&root, "li.proposal"), 0);
    click(&root, "[data-testid=proposals-unskip]");
    tick().await;
    click(&root, "[data-testid=proposal-accept]");
    tick().await;
    let description = root
        .query_selector("[data-testid=editor-description]")
        .expect("query")
        .expect("the editor");
    assert_eq!(
        js_sys::Reflect::get(&description, &"value".into())
            .ok()
            .and_then(|v| v.as_string()),
        Some("“Gérard’s 🙂".to_string())
    );
    assert_eq!(
        root.query_selector("[data-testid=editor-symbolic]")
            .expect("query")
            .expect("the kind")
            .unchecked_into::<web_sys::HtmlSelectElement>()
            .value(),
        "conformity"
    );
    let actions = app.case.with_untracked(|c| c.actions.len());
    assert_eq!(
        app.project.with_untracked(|p| p.undo.len()),
        2,
        "the sources and the mapping; no action yet"
    );
    assert_eq!(app.case.with_untracked(|c| c.actions.len()), actions);
    drop(handle);
    root.remove();
}
