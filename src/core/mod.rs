//! The pure core: parsing, validation, analytics, edits and persistence formats.
//!
//! Nothing in here depends on leptos, web-sys, gloo or js-sys; it is tested natively.

pub mod agreement;
pub mod analysis;
pub mod builtin;
pub mod coding;
pub mod date;
pub mod edit;
pub mod exchange;
pub mod export;
pub mod glossary;
pub mod graph;
pub mod import;
pub mod layout;
pub mod model;
pub mod persist;
pub mod project;
pub mod qdpx;
pub mod report;
pub mod sort;
pub mod synthetic;
pub mod table;
pub mod team;
pub mod tour;
pub mod update;
pub mod validate;
