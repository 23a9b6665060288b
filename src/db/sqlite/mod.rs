//! SQLite's side of the database layer: one group-committing writer per database file, the
//! thread that copies its WAL back into the file, and the registry that lets a write
//! transaction on any pooled connection find its file's writer.

mod checkpoints;
mod registry;
mod writer;
mod writing;

pub(super) use checkpoints::truncate;
pub(super) use registry::{identify, shared_writer, writer_of};
pub(super) use writer::SqliteWriter;
pub(super) use writing::WritingFlag;
