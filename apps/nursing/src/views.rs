//! The exam's pages.

mod chooser;
mod question;
mod result;

pub use chooser::Chooser;
pub use question::QuestionView;
pub use result::ResultView;
