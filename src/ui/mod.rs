//! The browser UI: renders the core's data and dispatches the user's actions to it.
//!
//! Built for wasm32 only. [`App`] is the root; [`state`] holds the one store, with its sub-stores
//! [`derived`] (the analysis), [`saving`] (the saves) and [`notices`]; [`frame`] schedules work
//! after the next paint. [`commands`], [`opening`] and [`persistence`] are the services the views
//! call beyond a single edit; [`storage`], [`exchange`] and [`download`] face the browser.

pub mod app;
pub mod charts;
pub mod commands;
pub mod derived;
pub mod download;
pub mod exchange;
pub mod frame;
pub mod notices;
pub mod opening;
pub mod persistence;
pub mod saving;
pub mod state;
pub mod storage;
pub mod views;

pub use app::App;

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
