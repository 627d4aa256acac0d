//! Regions that scroll sideways: whether an element is narrower than its content, followed as
//! either changes size, so that such a region can be made a keyboard stop while it scrolls.

use leptos::prelude::*;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

/// Whether the element of `node` is narrower than its content, so that it scrolls sideways,
/// followed as the element and its content change size. Such a region must be reachable by the
/// keyboard (WCAG 2.1.1; axe's `scrollable-region-focusable`), so its callers make it a stop
/// (`tabindex="0"`, a `region` with a name) while it scrolls, and no stop otherwise.
pub fn scrolls_sideways(node: NodeRef<leptos::html::Div>) -> ReadSignal<bool> {
    let (scrolls, set_scrolls) = signal(false);
    Effect::new(move |_: Option<Option<Watch>>| {
        // (The previous watch, if any, has been dropped: its observer is disconnected.)
        let el = node.get()?;
        let frame: web_sys::HtmlElement = (*el).clone();
        let measure = Closure::<dyn Fn()>::new(move || {
            let overflows = frame.scroll_width() > frame.client_width() + 1;
            if scrolls.get_untracked() != overflows {
                set_scrolls.set(overflows);
            }
        });
        let observer = web_sys::ResizeObserver::new(measure.as_ref().unchecked_ref()).ok()?;
        observer.observe(&el);
        // The content too: a wider table or chart in a panel of the same width.
        if let Some(child) = el.first_element_child() {
            observer.observe(&child);
        }
        Some(Watch(observer, measure))
    });
    scrolls
}

/// A resize observer of an element on the page and its callback, kept until the element is
/// replaced or its view is gone; dropped, it stops observing before its callback goes.
struct Watch(
    web_sys::ResizeObserver,
    // Held only to keep the callback alive while the observer may call it.
    #[allow(dead_code)] Closure<dyn Fn()>,
);

impl Drop for Watch {
    fn drop(&mut self) {
        self.0.disconnect();
    }
}
