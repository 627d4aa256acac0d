//! The pure core: parsing, validation, analytics, edits and persistence formats.
//!
//! Nothing in here depends on leptos, web-sys, gloo or js-sys; it is tested natively. Its layers,
//! each importing only those below it (`ARCHITECTURE.md` draws them):
//! 1. plain data: [`model`], [`date`], [`coding`], [`sort`], [`glossary`];
//! 2. the error vocabulary: [`report`];
//! 3. graph and analysis, pure functions: [`graph`], [`analysis`], [`table`];
//! 4. [`validate`];
//! 5. formats, bytes to a case or codings and back: [`import`], [`export`]; with [`builtin`] (the
//!    TelCo case), [`tour`], [`synthetic`] and [`persist`] (the storage rules);
//! 6. the [`project`]: its data, edits, history, apply, update, file format and QDPX;
//! 7. [`open`]: any accepted file to what it holds; [`exchange`]: what the app and its exchange
//!    worker say to each other.

pub mod analysis;
pub mod builtin;
pub mod coding;
pub mod date;
pub mod exchange;
pub mod export;
pub mod glossary;
pub mod graph;
pub mod import;
pub mod model;
pub mod open;
pub mod persist;
pub mod project;
pub mod report;
pub mod sort;
pub mod sources;
pub mod synthetic;
pub mod table;
pub mod tour;
pub mod validate;
