//! oko compiles a region's education-quality data into a static website: objectivity reports per
//! organization, index charts and the published action plans.
//!
//! # Steps
//! A build is a list of named steps, each in its own module:
//! 1. [`load`]: read config.yaml, data/ and content/ into a validated [`model::Project`],
//!    collecting every problem of the inputs ([`diag`]);
//! 2. [`model`]: the organizations, per-cell result counts (never pupils), plans and pages;
//! 3. [`indicators`]: the ФИОКО markers, supplementary indicators and objectivity index;
//! 4. [`render`]: view structs and embedded tera templates turn model and indicators into pages
//!    and open data;
//! 5. [`site`]: the one writer, which puts the whole site in place at once.
//!
//! [`pipeline`] runs these steps for every command ([`build`], [`check`], `oko serve`); the `oko`
//! binary only parses the command line and prints what they return. This file only names the
//! modules and what the library offers.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod charts;
pub mod diag;
pub mod draft;
pub mod format;
pub mod generate;
pub mod i18n;
pub mod import;
pub mod indicators;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod session;
pub mod site;
pub mod starter;
pub mod transaction;

pub use pipeline::{
    build, check, cpu_time, load_project, record_release, BuildOptions, Summary, Timing,
};
