//! The auth remote's calls to the platform API, and what a sign-in changes in
//! the page: the shared session, the `UserLoggedIn` event, and where to go next.

pub(crate) use contract::api::{Credentials, Registration};
use contract::events::{NavigationRequested, ToastRequested, ToastTone, UserLoggedIn};
use contract::state::{Session, SessionUser};
use federation::http::{request, HttpError};
use federation::{bus, state};

pub(crate) async fn login(credentials: &Credentials) -> Result<SessionUser, HttpError> {
    request("POST", "/api/auth/login", Some(credentials)).await
}

pub(crate) async fn register(registration: &Registration) -> Result<SessionUser, HttpError> {
    request("POST", "/api/auth/register", Some(registration)).await
}

/// Shares the new session with every module, announces it, and goes to `next`.
pub(crate) fn signed_in(user: SessionUser, next: &str) {
    state::set(&Session(Some(user.clone())));
    let message = format!("Welcome, {}!", user.name);
    report(bus::emit(&UserLoggedIn { user }));
    report(bus::emit(&ToastRequested { message, tone: ToastTone::Success }));
    report(bus::emit(&NavigationRequested { to: next.to_owned() }));
}

fn report(sent: Result<(), bus::BusError>) {
    if let Err(error) = sent {
        error.log();
    }
}
