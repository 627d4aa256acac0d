//! The paint scheduler: work that waits for the next painted frame ([`after_paint`],
//! [`painted`]), and chart options built after the paint that answers a change ([`settled`],
//! [`settled_option`]), so that the page answers a click in its first frame and the charts and
//! the bookkeeping follow in the next.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// Work waiting for the next paint, run in one task (see [`after_paint`]).
    static AFTER_PAINT: std::cell::RefCell<Vec<Box<dyn FnOnce()>>> = const { std::cell::RefCell::new(Vec::new()) };
    /// True from a flush of that work until the next animation frame: work asked for then (by
    /// the flushed work's own effects) is already past a paint and runs at once.
    static SETTLING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` after the next frame is painted (a timeout started from an animation frame). Every
/// update waiting for that paint runs in the same task, in the order asked, so that the browser
/// paints once after all of them rather than once after each. Work asked for by that work (a
/// chart's option built after the paint, then applied) runs right after it, not a frame later.
pub fn after_paint(f: impl FnOnce() + 'static) {
    let first = AFTER_PAINT.with(|q| {
        let mut q = q.borrow_mut();
        q.push(Box::new(f));
        q.len() == 1
    });
    if !first {
        return;
    }
    let flush = move || {
        SETTLING.with(|s| s.set(true));
        loop {
            // Work added while flushing (a chart's focus after its option) runs in this task too.
            let batch = AFTER_PAINT.with(|q| std::mem::take(&mut *q.borrow_mut()));
            if batch.is_empty() {
                break;
            }
            for f in batch {
                f();
            }
        }
        let settled = Closure::once_into_js(move || SETTLING.with(|s| s.set(false)));
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(settled.unchecked_ref());
        }
    };
    if SETTLING.with(std::cell::Cell::get) {
        wasm_bindgen_futures::spawn_local(async move { flush() });
        return;
    }
    let flush = Closure::once_into_js(flush);
    let after = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(flush.unchecked_ref(), 0);
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(after.unchecked_ref());
    }
}

/// Resolves after the next frame is painted ([`after_paint`]).
pub async fn painted() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        after_paint(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A tick that moves after the next paint whenever something `track` reads changes. A chart
/// option that reads its data untracked behind this tick is built after the page has answered
/// the click that changed it (the table and the details in the first frame), not before.
pub fn settled(track: impl Fn() + 'static) -> Signal<u64> {
    let tick = RwSignal::new(0u64);
    Effect::new(move |first: Option<()>| {
        track();
        // The first option is built as the chart mounts.
        if first.is_some() {
            after_paint(move || tick.update(|t| *t += 1));
        }
    });
    tick.into()
}

/// A chart option built by `build` after the paint that answers a change of what `track`
/// reads ([`settled`]), from what is current then: `build` reads untracked.
pub fn settled_option(
    track: impl Fn() + 'static,
    build: impl Fn() -> serde_json::Value + Send + Sync + 'static,
) -> Signal<serde_json::Value> {
    let ready = settled(track);
    Signal::derive(move || {
        ready.track();
        leptos::reactive::graph::untrack(&build)
    })
}
