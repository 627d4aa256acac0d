//! The `<EChart/>` component and the small wasm-bindgen binding to ECharts it needs.
//!
//! ECharts is the global `echarts` that index.html loads from the app's own origin. The option is
//! built natively-testable in [`crate::charts`]; this component only initialises ECharts once,
//! updates it with `setOption`, resizes it with its container, disposes it on cleanup and passes
//! clicks on items (by their `id`) and on empty space (`None`) to the app. A chart out of sight
//! keeps its latest option (`data-stale` on its element) and draws it when it comes into view,
//! before a print, or for a PNG export; its description follows at once.

use crate::ui::frame::after_paint;
use crate::ui::notices::{use_notices, Level};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance.
    #[derive(Clone)]
    pub type EchartsInstance;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn echarts_init_ssr(el: &JsValue, theme: &JsValue, opts: &JsValue) -> Result<EchartsInstance, JsValue>;

    #[wasm_bindgen(catch, method, js_name = renderToSVGString)]
    fn render_to_svg_string(this: &EchartsInstance) -> Result<String, JsValue>;

    #[wasm_bindgen(method, js_name = getWidth)]
    fn get_width(this: &EchartsInstance) -> f64;

    #[wasm_bindgen(method, js_name = getHeight)]
    fn get_height(this: &EchartsInstance) -> f64;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn echarts_init(el: &web_sys::HtmlElement, theme: &JsValue, opts: &JsValue) -> Result<EchartsInstance, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setOption)]
    fn set_option(this: &EchartsInstance, option: &JsValue, opts: &JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = dispatchAction)]
    fn dispatch_action(this: &EchartsInstance, payload: &JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(method)]
    fn resize(this: &EchartsInstance);

    #[wasm_bindgen(method)]
    fn dispose(this: &EchartsInstance);

    #[wasm_bindgen(method)]
    fn on(this: &EchartsInstance, event: &str, handler: &js_sys::Function);

    #[wasm_bindgen(method, js_name = getZr)]
    fn get_zr(this: &EchartsInstance) -> ZRender;

    #[wasm_bindgen(catch, method, js_name = getDataURL)]
    fn get_data_url(this: &EchartsInstance, opts: &JsValue) -> Result<String, JsValue>;

    /// The renderer under an instance: it sees clicks on empty space too.
    pub type ZRender;

    #[wasm_bindgen(method)]
    fn on(this: &ZRender, event: &str, handler: &js_sys::Function);
}

/// Hands an option (JSON text) to the chart. Series, axes and titles are replaced as a whole
/// (they come and go with the case and the view: an option for an empty case may leave out an
/// axis' categories, and the network's note that it draws only the longest chains goes when a
/// filter leaves few links; a merge would keep the old ones); the rest is merged, which lets
/// ECharts update in place.
fn apply_option(chart: StoredValue<Option<SendWrapper<EchartsInstance>>, LocalStorage>, text: &str) {
    let opts =
        js_sys::JSON::parse(r#"{"replaceMerge": ["series", "xAxis", "yAxis", "title"]}"#).unwrap_or(JsValue::UNDEFINED);
    if let Ok(js) = js_sys::JSON::parse(text) {
        chart.try_with_value(|c| {
            if let Some(c) = c {
                // A failed setOption leaves the previous picture; the page goes on.
                let _ = c.set_option(&js, &opts);
            }
        });
    }
}

/// What a chart brings forward through ECharts' states (see
/// [`crate::charts::states::FOCUS_BY_STATE_FROM`]): the focused action ids, and the selected action.
pub type FocusIds = std::sync::Arc<Focus>;

/// The focused actions' ids (empty: nothing focused) and the selected action's id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Focus {
    /// Actions kept at full strength; the rest fades.
    pub ids: std::collections::HashSet<String>,
    /// The selected action, marked apart.
    pub selected: Option<String>,
}

/// Shows `focus` on the chart through its states: everything back to normal, then the focused
/// nodes and links highlighted and the rest faded ([`crate::charts::states::focus_action`]). Returns how
/// many nodes are highlighted.
fn show_focus(instance: &EchartsInstance, option: &serde_json::Value, focus: &FocusIds) -> usize {
    let parse = |v: &serde_json::Value| js_sys::JSON::parse(&v.to_string()).unwrap_or(JsValue::UNDEFINED);
    let _ = instance.dispatch_action(&parse(&serde_json::json!({"type": "downplay", "seriesIndex": 0})));
    for action in crate::charts::states::select_actions(option, focus.selected.as_deref()) {
        let _ = instance.dispatch_action(&parse(&action));
    }
    match crate::charts::states::focus_action(option, &|id| focus.ids.contains(id)) {
        Some(action) => {
            let _ = instance.dispatch_action(&parse(&action));
            action["batch"][0]["dataIndex"].as_array().map_or(0, Vec::len)
        }
        None => 0,
    }
}

/// True when ECharts is on the page.
pub fn echarts_available() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("echarts")).is_ok_and(|v| !v.is_undefined())
}

fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// The chart's picture as a PNG data URL at `pixel_ratio` times its size.
pub fn chart_png(instance: &EchartsInstance, pixel_ratio: f64) -> Option<String> {
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"type".into(), &"png".into()).ok()?;
    js_sys::Reflect::set(&opts, &"pixelRatio".into(), &pixel_ratio.into()).ok()?;
    js_sys::Reflect::set(&opts, &"backgroundColor".into(), &"#ffffff".into()).ok()?;
    instance.get_data_url(&opts).ok()
}

/// The chart as an SVG document (vector shapes, text as text), drawn by ECharts' SVG renderer
/// from `option` at the size the chart has on screen.
pub fn chart_svg(instance: &EchartsInstance, option: &serde_json::Value) -> Option<String> {
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"renderer".into(), &"svg".into()).ok()?;
    js_sys::Reflect::set(&opts, &"ssr".into(), &true.into()).ok()?;
    js_sys::Reflect::set(&opts, &"width".into(), &instance.get_width().max(320.0).into()).ok()?;
    js_sys::Reflect::set(&opts, &"height".into(), &instance.get_height().max(200.0).into()).ok()?;
    let svg = echarts_init_ssr(&JsValue::NULL, &JsValue::NULL, &opts).ok()?;
    let mut option = option.clone();
    option["animation"] = serde_json::Value::Bool(false);
    option["backgroundColor"] = serde_json::Value::String("#ffffff".into());
    let js = js_sys::JSON::parse(&option.to_string()).ok()?;
    let drawn = svg
        .set_option(&js, &JsValue::UNDEFINED)
        .ok()
        .and_then(|()| svg.render_to_svg_string().ok());
    svg.dispose();
    drawn
}

/// Shows an ECharts option. `on_click` receives the `id` of a clicked item, or `None` for a
/// click on empty space. `instance` receives the ECharts instance (for exports).
#[component]
pub fn EChart(
    /// The option, as built by [`crate::charts`].
    #[prop(into)]
    option: Signal<serde_json::Value>,
    /// The `data-testid` of the chart's element (ECharts' instance lives on it).
    testid: &'static str,
    /// CSS class setting the chart's size.
    #[prop(default = "chart")]
    class: &'static str,
    /// Called with the clicked item's id, or `None` for empty space.
    #[prop(optional)]
    on_click: Option<Callback<Option<String>>>,
    /// Offers a PNG export at print resolution under this file name (without extension).
    #[prop(optional)]
    export_name: Option<&'static str>,
    /// Height (CSS), when it depends on the data; otherwise the class sets it.
    #[prop(optional, into)]
    height: Option<Signal<String>>,
    /// Ids brought forward through ECharts' states instead of the option (`None`: the option
    /// shows the focus itself).
    #[prop(optional, into)]
    focus: Option<Signal<Option<FocusIds>>>,
    /// Receives the chart's width in pixels as it changes, in steps
    /// ([`crate::charts::stepped_width`]), for options whose labels are planned for it.
    #[prop(optional)]
    width: Option<RwSignal<f64>>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let scroller = NodeRef::<leptos::html::Div>::new();
    // Whether the chart is wider than the room it has (so that it scrolls sideways).
    let scrolls = crate::ui::scrolling::scrolls_sideways(scroller);
    let chart: StoredValue<Option<SendWrapper<EchartsInstance>>, LocalStorage> = StoredValue::new_local(None);
    let unavailable = RwSignal::new(false);
    let pending: StoredValue<Option<serde_json::Value>, LocalStorage> = StoredValue::new_local(None);
    // The option on screen, and how many nodes its focus highlights (for the page: data-focused).
    let applied: StoredValue<Option<serde_json::Value>, LocalStorage> = StoredValue::new_local(None);
    let focused_count = RwSignal::new(None::<usize>);
    // Whether the chart is on screen or near it. A chart out of sight keeps the latest option and
    // draws it when it comes into view: a recode in the table, far below the timeline and the
    // network, does not wait for them to be drawn again.
    let in_view = RwSignal::new(true);
    // True while an option waits for the chart to come into view (the page: data-stale).
    let stale = RwSignal::new(false);
    // Shows the current focus, if the chart shows it by states.
    let refocus = move || {
        let Some(focus) = focus.and_then(|f| f.get_untracked()) else {
            return;
        };
        let count = chart.with_value(|c| {
            c.as_ref()
                .and_then(|c| applied.with_value(|o| o.as_ref().map(|o| show_focus(c, o, &focus))))
        });
        focused_count.set(count);
    };
    // Draws the option waiting, if any, then shows the focus on it.
    let apply_pending = move || {
        if let Some(option) = pending.try_update_value(Option::take).flatten() {
            apply_option(chart, &serde_json::to_string(&option).unwrap_or_else(|_| "{}".into()));
            applied.set_value(Some(option));
            stale.set(false);
            refocus();
        }
    };

    Effect::new(move |_| {
        let option = option.get();
        let Some(el) = node.get() else { return };
        if chart.with_value(Option::is_none) {
            if !echarts_available() {
                unavailable.set(true);
                return;
            }
            let Ok(inst) = echarts_init(&el, &JsValue::NULL, &JsValue::UNDEFINED) else {
                unavailable.set(true);
                return;
            };
            if let Some(cb) = on_click {
                let handler = Closure::<dyn Fn(JsValue)>::new(move |params: JsValue| {
                    let data = field(&params, "data");
                    let id = field(&data, "id")
                        .as_string()
                        .or_else(|| field(&params, "name").as_string());
                    cb.run(id);
                    // ECharts selects or unselects a clicked item itself; the focus (which
                    // knows the selected action) is shown again over it.
                    if focus.is_some() {
                        gloo::timers::callback::Timeout::new(0, refocus).forget();
                    }
                });
                inst.on("click", handler.as_ref().unchecked_ref());
                handler.forget();
                let empty = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
                    if field(&event, "target").is_falsy() {
                        cb.run(None);
                    }
                });
                inst.get_zr().on("click", empty.as_ref().unchecked_ref());
                empty.forget();
            }
            // Follow the container's size.
            let resize_target = inst.clone();
            let measured: web_sys::HtmlElement = (*el).clone();
            let on_resize = Closure::<dyn Fn()>::new(move || {
                resize_target.resize();
                if let Some(width) = width {
                    let now = crate::charts::stepped_width(f64::from(measured.client_width()));
                    if now > 0.0 && width.get_untracked() != now {
                        width.set(now);
                    }
                }
            });
            if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
                observer.observe(&el);
            }
            on_resize.forget();
            let on_view = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
                // The last entry is the latest state.
                if let Some(entry) = entries.iter().last() {
                    let entry: web_sys::IntersectionObserverEntry = entry.unchecked_into();
                    in_view.set(entry.is_intersecting());
                }
            });
            let view_opts = web_sys::IntersectionObserverInit::new();
            // Within half a screen of the viewport counts as in view: drawn before it shows.
            view_opts.set_root_margin("50% 0px 50% 0px");
            if let Ok(observer) =
                web_sys::IntersectionObserver::new_with_options(on_view.as_ref().unchecked_ref(), &view_opts)
            {
                observer.observe(&el);
            }
            on_view.forget();
            // A printed page shows every chart as it is now.
            let on_print = Closure::<dyn Fn()>::new(apply_pending);
            if let Some(window) = web_sys::window() {
                let _ = window.add_event_listener_with_callback("beforeprint", on_print.as_ref().unchecked_ref());
            }
            on_print.forget();
            if focus.is_some() {
                // Leaving a hovered item clears ECharts' states; the focus comes back.
                let again = Closure::<dyn Fn(JsValue)>::new(move |_| {
                    gloo::timers::callback::Timeout::new(0, refocus).forget();
                });
                inst.on("mouseout", again.as_ref().unchecked_ref());
                inst.on("globalout", again.as_ref().unchecked_ref());
                again.forget();
            }
            chart.set_value(Some(SendWrapper::new(inst)));
        }
        // A chart is redrawn after the next paint, the latest option only: the rest of the page
        // (details, table) answers in the first frame, the charts in the next, and a burst of
        // changes costs one redraw.
        let first = pending.with_value(Option::is_none);
        if !in_view.get_untracked() {
            // Out of sight: drawn when it comes into view. Its description is current at once.
            if let Some(text) = crate::charts::description(&option) {
                let _ = el.set_attribute("aria-label", text);
            }
            stale.set(true);
        } else if first {
            after_paint(apply_pending);
        }
        pending.set_value(Some(option));
    });

    // A chart coming into view draws the option it kept.
    Effect::new(move |_| {
        if in_view.get() && pending.with_value(Option::is_some) {
            after_paint(apply_pending);
        }
    });

    // A new focus shows at once (a few milliseconds), unless a new option is on its way, which
    // shows it when applied.
    Effect::new(move |_| {
        if let Some(f) = focus {
            f.track();
            after_paint(move || {
                if pending.with_value(Option::is_none) {
                    refocus();
                }
            });
        }
    });

    on_cleanup(move || {
        chart.update_value(|c| {
            if let Some(c) = c.take() {
                c.dispose();
            }
        });
    });

    let notices = use_notices();
    let notify_error = move |message: String| notices.notify(Level::Error, message);
    let export_svg = move |_| {
        let Some(name) = export_name else { return };
        let current = option.get_untracked();
        let svg = chart.with_value(|c| c.as_ref().and_then(|c| chart_svg(c, &current)));
        let result = match svg {
            Some(svg) => crate::ui::download::download_text(&format!("{name}.svg"), "image/svg+xml", &svg),
            None => Err(format!("Could not save {name}.svg: the chart is not drawn.")),
        };
        if let Err(message) = result {
            notify_error(message);
        }
    };
    let export_csv = move |_| {
        let Some(name) = export_name else { return };
        let csv = crate::charts::option_csv(&option.get_untracked());
        if let Err(message) = crate::ui::download::download_text(&format!("{name}-data.csv"), "text/csv", &csv) {
            notify_error(message);
        }
    };
    let export_png = move |_| {
        let Some(name) = export_name else { return };
        // The picture of the latest option, even one kept while the chart was out of sight.
        apply_pending();
        // 3 × the screen size: about 300 dpi for a chart printed at its on-screen width.
        let url = chart.with_value(|c| c.as_ref().and_then(|c| chart_png(c, 3.0)));
        let result = match url {
            Some(url) => crate::ui::download::download_data_url(&format!("{name}.png"), &url),
            None => Err(format!("Could not save {name}.png: the chart is not drawn.")),
        };
        if let Err(message) = result {
            notify_error(message);
        }
    };
    view! {
        <div class="chart-frame">
            <Show when=move || export_name.is_some()>
                <span class="chart-exports">
                    <button class="small png" data-testid=format!("export-png-{testid}") title="Save the chart as a PNG at print resolution" on:click=export_png>"PNG"</button>
                    <button class="small png" data-testid=format!("export-svg-{testid}") title="Save the chart as SVG: vector shapes, text as text, sharp at any size" on:click=export_svg>"SVG"</button>
                    <button class="small png" data-testid=format!("export-csv-{testid}") title="Save the data the chart draws as CSV" on:click=export_csv>"Data"</button>
                </span>
            </Show>
            // Narrower than a chart can be drawn readably, the chart keeps its least width and
            // scrolls sideways in here; it is then a stop for the keyboard, so that it can be
            // scrolled without a mouse.
            <div class="chart-scroll" node_ref=scroller tabindex=move || scrolls.get().then_some("0")
                aria-label=move || scrolls.get().then(|| format!("The {} chart; it scrolls sideways", export_name.unwrap_or("").replace('-', " ")))
                role=move || scrolls.get().then_some("region")>
                // ECharts puts the chart's description (its option's `aria`) on this element.
                <div class=class node_ref=node data-testid=testid role="img" style:height=move || height.map(|h| h.get())
                    data-focused=move || focused_count.get().map(|n| n.to_string())
                    data-stale=move || stale.get().then_some("")></div>
            </div>
            <Show when=move || unavailable.get()>
                <p class="chart-missing">"Charts are unavailable: ECharts did not load."</p>
            </Show>
        </div>
    }
}

/// What a chart shows instead of itself while the case has no action: a project opened from
/// field material, before the first action is made.
#[component]
pub fn NoActionsYet(testid: &'static str) -> impl IntoView {
    view! {
        <p class="hint no-actions" data-testid=testid>
            "No actions yet. Make one from a passage in the Sources panel (select it, then \u{201c}Make an action of it\u{201d}), confirm a proposed one, or use Add action in the table."
        </p>
    }
}
