//! One component per route. Routes owned by a remote render its `<RemoteView/>`.

mod admin;
mod dashboard;
mod exam;
mod home;
mod login;
mod not_found;

pub(crate) use admin::Admin;
pub(crate) use dashboard::Dashboard;
pub(crate) use exam::Exam;
pub(crate) use home::Home;
pub(crate) use login::Login;
pub(crate) use not_found::NotFound;
