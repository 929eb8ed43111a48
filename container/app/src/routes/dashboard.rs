use federation::RemoteView;
use leptos::prelude::*;
use leptos_meta::Title;

/// The student's dashboard: the dashboard remote.
#[component]
pub(crate) fn Dashboard() -> impl IntoView {
    view! {
        <Title text="Dashboard · NurseReview"/>
        <RemoteView remote="dashboard" module="DashboardHome" skeleton="dashboard" loading="Loading your dashboard…"/>
    }
}
