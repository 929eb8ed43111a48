//! The auth remote's components.

pub mod auth_app;
mod form;
pub mod login_form;
pub mod register_form;

pub use auth_app::AuthApp;
pub use login_form::LoginForm;
pub use register_form::RegisterForm;
