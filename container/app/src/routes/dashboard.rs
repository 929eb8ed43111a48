use federation::RemoteView;
use leptos::prelude::*;
use leptos_meta::Title;

use super::RouteModule;

/// What `/dashboard` mounts.
pub(crate) const MODULE: (&str, &str) = ("dashboard", "DashboardHome");

/// The student's dashboard: the dashboard remote.
#[component]
pub(crate) fn Dashboard() -> impl IntoView {
    view! {
        <Title text="Dashboard · NurseReview"/>
        <RemoteView remote=MODULE.0 module=MODULE.1 skeleton="dashboard" loading="Loading your dashboard…"/>
    }
}

/// The module `/dashboard` mounts, without props.
pub(crate) fn module() -> RouteModule {
    RouteModule { remote: MODULE.0, module: MODULE.1, props: Default::default() }
}
