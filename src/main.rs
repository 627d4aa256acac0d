//! The wasm entry of the browser app: a panic hook, then the app mounted on the page.

#[cfg(target_arch = "wasm32")]
mod benchmark;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    regime_lens::ui::panic::install_panic_notice();
    leptos::mount::mount_to_body(regime_lens::ui::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The Regime Lens app runs in the browser: `make serve`. The command line is `regime-lens`.");
}
