//! The app's side of its exchange worker (`public/exchange-worker.js` over `src/exchange.rs`):
//! workbooks and REFI-QDA files are read and written there, in a wasm module of their own, so the
//! app's module carries none of their readers (see [`crate::core::exchange`]).
//!
//! The worker starts on the first request, or before it when the researcher is about to choose a
//! file ([`warm`]), and stays for the next ones. Each request has an id;
//! its answer resolves the promise kept under that id. If the worker cannot start or stops, every
//! waiting request is answered with the failure and the next request starts a new worker.

use crate::core::exchange::{read_load_reply, worker_failed, worker_script};
use crate::core::open::Loaded;
use crate::core::report::ImportError;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The worker's script, marked with this build (see [`worker_script`]), from the app's own
/// file name in the page.
fn script_url() -> String {
    let app = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("link[rel=modulepreload]").ok().flatten())
        .and_then(|link| link.get_attribute("href"))
        .unwrap_or_default();
    worker_script(&app)
}

/// The requests waiting for an answer, by id.
type Pending = Rc<RefCell<HashMap<u32, Function>>>;

struct Exchange {
    worker: web_sys::Worker,
    next: u32,
    pending: Pending,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static EXCHANGE: RefCell<Option<Exchange>> = const { RefCell::new(None) };
}

/// An answer object `{id, failure}`.
fn failure(message: &str) -> JsValue {
    let answer = Object::new();
    Reflect::set(&answer, &"failure".into(), &message.into()).ok();
    answer.into()
}

/// Stops the worker (the next request starts a new one) and answers every request still waiting
/// with `message`. Its closures are dropped after the event that called this has run.
fn stop(message: &str) {
    let Some(old) = EXCHANGE.with(|e| e.borrow_mut().take()) else {
        return;
    };
    old.worker.terminate();
    let waiting: Vec<Function> = old.pending.borrow_mut().drain().map(|(_, f)| f).collect();
    for resolve in waiting {
        resolve.call1(&JsValue::NULL, &failure(message)).ok();
    }
    wasm_bindgen_futures::spawn_local(async move { drop(old) });
}

fn start() -> Result<Exchange, String> {
    let worker = web_sys::Worker::new(&script_url()).map_err(|e| format!("the worker did not start: {e:?}"))?;
    let pending: Pending = Rc::new(RefCell::new(HashMap::new()));
    let on_message = {
        let pending = pending.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            let id = Reflect::get(&data, &"id".into())
                .ok()
                .and_then(|v| v.as_f64())
                .map(|v| v as u32);
            let resolve = id.and_then(|id| pending.borrow_mut().remove(&id));
            if let Some(resolve) = resolve {
                resolve.call1(&JsValue::NULL, &data).ok();
            }
        })
    };
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        let message = Reflect::get(&event, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "its script did not load".to_string());
        stop(&format!("the worker stopped: {message}"));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Exchange {
        worker,
        next: 0,
        pending,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Starts the worker ahead of a request, when the researcher is about to choose or drop a file:
/// its module is then fetched and compiled meanwhile, off the page's thread, and a workbook
/// opens without that wait. Does nothing when the worker is running.
pub fn warm() {
    EXCHANGE.with(|e| {
        let _ = running(&mut e.borrow_mut());
    });
}

/// The worker, started if it is not running.
fn running(slot: &mut Option<Exchange>) -> Result<&mut Exchange, String> {
    if slot.is_none() {
        *slot = Some(start()?);
    }
    slot.as_mut().ok_or_else(|| "the worker did not start".to_string())
}

/// Sends `fields` (with an id added) and waits for the answer object.
async fn request(fields: &[(&str, JsValue)], transfer: Option<Array>) -> Result<JsValue, String> {
    let sent = EXCHANGE.with(|e| -> Result<Promise, String> {
        let mut slot = e.borrow_mut();
        let exchange = running(&mut slot)?;
        exchange.next = exchange.next.wrapping_add(1);
        let id = exchange.next;
        let message = Object::new();
        Reflect::set(&message, &"id".into(), &id.into()).ok();
        for (key, value) in fields {
            Reflect::set(&message, &(*key).into(), value).ok();
        }
        let pending = exchange.pending.clone();
        let promise = Promise::new(&mut |resolve, _reject| {
            pending.borrow_mut().insert(id, resolve);
        });
        let posted = match &transfer {
            Some(list) => exchange.worker.post_message_with_transfer(&message, list),
            None => exchange.worker.post_message(&message),
        };
        if posted.is_err() {
            exchange.pending.borrow_mut().remove(&id);
            return Err("the request could not be sent".into());
        }
        Ok(promise)
    })?;
    let answer = JsFuture::from(sent).await.map_err(|e| format!("{e:?}"))?;
    match Reflect::get(&answer, &"failure".into())
        .ok()
        .and_then(|f| f.as_string())
    {
        Some(message) => {
            // A module that failed may be left in any state: the next request gets a new one.
            stop(&message);
            Err(message)
        }
        None => Ok(answer),
    }
}

/// Reads a workbook or QDPX file (the named sheet of a workbook, when given), as
/// [`crate::core::open::load_file_sheet`] does.
pub async fn load(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Loaded, ImportError> {
    let data = Uint8Array::from(bytes);
    let transfer = Array::of1(&data.buffer());
    let fields = [
        ("op", JsValue::from_str("load")),
        ("name", JsValue::from_str(name)),
        ("sheet", sheet.map_or(JsValue::UNDEFINED, JsValue::from_str)),
        ("bytes", data.into()),
    ];
    let answer = request(&fields, Some(transfer))
        .await
        .map_err(|m| worker_failed(name, &m))?;
    match Reflect::get(&answer, &"reply".into()).ok().and_then(|r| r.as_string()) {
        Some(reply) => read_load_reply(name, &reply),
        None => Err(worker_failed(name, "it gave no answer")),
    }
}

/// The QDPX file of a project, given as its project file, exported at `at`.
pub async fn qdpx(project_file: String, at: String) -> Result<Vec<u8>, String> {
    let answer = request(
        &[
            ("op", "qdpx".into()),
            ("project", project_file.into()),
            ("at", at.into()),
        ],
        None,
    )
    .await?;
    Reflect::get(&answer, &"bytes".into())
        .ok()
        .and_then(|b| b.dyn_into::<Uint8Array>().ok())
        .map(|b| b.to_vec())
        .ok_or_else(|| "the worker gave no file".to_string())
}

/// The codebook as a QDC file.
pub async fn codebook() -> Result<String, String> {
    let answer = request(&[("op", "codebook".into())], None).await?;
    Reflect::get(&answer, &"text".into())
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "the worker gave no file".to_string())
}
