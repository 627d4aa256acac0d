//! The browser UI: renders the core's data and dispatches the user's actions to it.
//!
//! Built for wasm32 only. [`app::App`] is the root; [`state`] holds the one store, with its sub-stores
//! [`derived`] (the analysis), [`saving`] (the saves) and [`notices`]; [`frame`] schedules work
//! after the next paint. [`commands`], [`opening`] and [`persistence`] are the services the views
//! call beyond a single edit; [`storage`], [`exchange`], [`download`], [`scrolling`] and [`panic`] face the
//! browser.

pub mod app;
pub mod charts;
pub mod commands;
pub mod derived;
pub mod download;
pub mod exchange;
pub mod frame;
pub mod notices;
pub mod opening;
pub mod panic;
pub mod persistence;
pub mod saving;
pub mod scrolling;
pub mod state;
pub mod storage;
pub mod sync;
pub mod views;
