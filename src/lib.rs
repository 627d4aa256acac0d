//! Regime Lens: regime-of-knowing analysis of coded field-study action tables.
//!
//! [`core`] is pure Rust (import, validation, analysis); `ui` is the leptos app, built for wasm32
//! only.

pub mod charts;
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
