//! The open-data release of `treaty`: the log and its fold as six tables, each written as
//! CSV, Parquet and JSON and described by one Table Schema in a Frictionless
//! `datapackage.json`, with `SHA256SUMS`, `CHANGELOG.md`, `CITATION.cff` and an Atom feed of
//! the latest actions ([`feed`]).
//!
//! [`build`] writes a release into a temporary directory beside the output and swaps it in
//! with one atomic step, under a lock that makes publishers take turns ([`PublishLock`]); it
//! replaces only a release ([`check_output`]). The same log gives byte-identical files.

pub mod badge;
mod csv_file;
pub mod feed;
pub mod geo;
pub mod i18n;
mod json_file;
pub mod map;
mod parquet_file;
mod release;
pub mod site;
pub mod table;
pub mod tables;
mod workbook;

pub use csv_file::{neutralise, text as cell_text, write as write_csv};
pub use json_file::write as write_json;
pub use release::{
    Built, PACKAGE_NAME, PUBLISH_TIMEOUT, PUBLISH_TIMEOUT_VAR, PublishError, PublishLock, build, build_locked,
    check_output,
};
pub use tables::{CAMPAIGN_CATEGORIES, EntryInput, StreamInput, campaign_category};

/// Frees `value` on a thread of its own. A release's tables and its workbook hold millions of
/// small allocations at scale, and freeing them takes seconds (4 s for the workbook of a
/// million-event log) that nothing waits on: a command that ends first does not wait for it.
/// Where no thread can be started, it is freed here.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("treaty-free".into()).spawn(move || drop(value));
}
