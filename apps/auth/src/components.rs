//! The auth remote's components.

pub mod auth_app;
pub mod login_form;

pub use auth_app::AuthApp;
pub use login_form::LoginForm;
