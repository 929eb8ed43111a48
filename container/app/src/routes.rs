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

/// The remote module a route mounts, and its props: what its `<RemoteView/>`
/// renders, and what the server may render ahead of it (see the server's
/// `server_render`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteModule {
    /// The remote's name.
    pub remote: &'static str,
    /// The exposed module.
    pub module: &'static str,
    /// Its props (string values).
    pub props: std::collections::BTreeMap<String, String>,
}

/// The remote module the page at `path` mounts, for the routes the server may
/// render with the student's data (`/dashboard`, `/exam` and under it).
pub fn route_module(path: &str) -> Option<RouteModule> {
    let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
    if path == "/dashboard" {
        Some(dashboard::module())
    } else if path == "/exam" || path.starts_with("/exam/") {
        Some(exam::module(path))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::route_module;

    #[test]
    fn routes_name_their_modules() {
        assert_eq!(route_module("/dashboard").map(|m| (m.remote, m.module)), Some(("dashboard", "DashboardHome")));
        let exam = route_module("/exam/attempt/3/question/1").unwrap();
        assert_eq!((exam.remote, exam.module), ("nursing", "ExamApp"));
        assert_eq!(exam.props.get("path").map(String::as_str), Some("/exam/attempt/3/question/1"));
        assert!(route_module("/login").is_none() && route_module("/examples").is_none());
    }
}
