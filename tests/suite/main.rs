//! Every integration test, in one binary: each file below was its own test
//! binary, and linking quire with its dependencies thirty times made up most
//! of the test build. Shared fixtures are the `common`, `export_support` and
//! `pty` modules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod export_support;
mod formats_support;
mod pdf_support;
mod pty;

mod architecture;
mod cli;
mod cli_formats;
mod config;
mod config_ui;
mod corpus;
mod e2e_export_pty;
mod e2e_formats_pty;
mod e2e_pty;
mod e2e_reload;
mod export;
mod export_cli;
mod export_escape;
mod export_interchange;
mod find_select;
mod find_worker;
mod formats;
mod highlights;
mod hostile;
mod library_cli;
mod long_article;
mod markdown;
mod markdown_classes;
mod newsletters;
mod paginated;
mod pdf;
mod pdf_props;
mod persist_runner;
mod persist_transitions;
mod provisional;
mod reload;
mod render;
mod render_bookmarks;
mod search;
mod search_pane;
mod segmenter;
mod store;
mod transitions;
