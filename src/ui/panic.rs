//! The last line of defence against a bug: a panic shows a visible, recoverable message instead of
//! a silently dead page.

use wasm_bindgen::JsCast;

/// A last line of defence: if the app panics, show a visible, recoverable message instead of a
/// silently dead page. Errors are handled where they happen; this only catches bugs.
pub fn install_panic_notice() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(banner) = document.create_element("div") else {
            return;
        };
        banner.set_attribute("data-testid", "panic-notice").ok();
        banner.set_attribute("role", "alert").ok();
        banner.set_class_name("panic-notice");
        banner.set_text_content(Some(
            "Regime Lens hit an internal error and stopped. Reload the page to continue; \
             please report what you were doing.",
        ));
        if let Some(body) = document.body() {
            body.prepend_with_node_1(banner.unchecked_ref()).ok();
        }
    }));
}
