//! Saving a file the user downloads, without any network request: text through a blob URL, a
//! chart picture through its data URL.

use wasm_bindgen::JsCast;

/// Follows a link with the `download` attribute: the browser saves `href` as `file_name`.
fn save_link(file_name: &str, href: &str) -> Result<(), String> {
    let fail = |what: &str| format!("Could not save {file_name}: {what}.");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let anchor = document
        .create_element("a")
        .map_err(|_| fail("no link"))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| fail("no link"))?;
    anchor.set_href(href);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}

/// Offers `part` (a string or a byte array) as a download named `file_name`, through a blob URL.
fn download_part(file_name: &str, mime: &str, part: &wasm_bindgen::JsValue) -> Result<(), String> {
    let fail = |what: &str| format!("Could not save {file_name}: {what}.");
    let parts = js_sys::Array::of1(part);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| fail("no blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("no object URL"))?;
    let saved = save_link(file_name, &url);
    web_sys::Url::revoke_object_url(&url).ok();
    saved
}

/// Offers `contents` as a download named `file_name`. Returns a message when the browser refuses.
pub fn download_text(file_name: &str, mime: &str, contents: &str) -> Result<(), String> {
    download_part(file_name, mime, &wasm_bindgen::JsValue::from_str(contents))
}

/// Offers bytes (a zip) as a download named `file_name`.
pub fn download_bytes(file_name: &str, mime: &str, contents: &[u8]) -> Result<(), String> {
    download_part(file_name, mime, &js_sys::Uint8Array::from(contents))
}

/// Offers a `data:` URL (a chart picture) as a download named `file_name`.
pub fn download_data_url(file_name: &str, url: &str) -> Result<(), String> {
    save_link(file_name, url)
}
