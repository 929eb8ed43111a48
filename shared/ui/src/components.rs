//! One file per component.

mod badge;
mod button;
mod card;
mod form_field;
mod modal;
mod progress_bar;
mod spinner;
mod toast;

pub use badge::Badge;
pub use button::{Button, ButtonKind};
pub use card::Card;
pub use form_field::FormField;
pub use modal::Modal;
pub use progress_bar::ProgressBar;
pub use spinner::Spinner;
pub use toast::{ToastHost, TOAST_SECONDS};
