//! copydesk: an editorial linter for news articles.
//!
//! Data flows one way: [`document`] → [`segment`] → [`analysis`] → [`rules`] →
//! [`engine`] (levels, suppressions, safe fixes) → a front end ([`check`] for the command
//! line, [`lsp`] for editors). See ARCHITECTURE.md.

pub mod analysis;
pub mod check;
pub mod cli;
pub mod config;
pub mod data;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod eval;
pub mod fix;
pub mod lsp;
pub mod reference;
pub mod rules;
pub mod segment;
pub mod suppress;
