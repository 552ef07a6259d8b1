//! Output files that appear whole or not at all: each is written to a temporary file
//! beside its target and moved into place when complete.

mod atomic_file;
mod replace;

pub use atomic_file::{AtomicFile, FinishedFile, write_atomic};
use replace::replace;
