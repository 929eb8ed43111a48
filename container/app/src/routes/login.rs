use federation::RemoteView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Sign in or create an account: the auth remote's `AuthApp`. After signing in it
/// goes to `?next=` (a path on this site), else to the dashboard.
#[component]
pub(crate) fn Login() -> impl IntoView {
    let next = use_query_map().with_untracked(|query| query.get("next")).filter(|next| is_local_path(next));
    let props = serde_json::json!({ "next": next.unwrap_or_else(|| "/dashboard".to_owned()) }).to_string();
    view! {
        <Title text="Sign in · NurseReview"/>
        <RemoteView remote="auth" module="AuthApp" props=props skeleton="form" loading="Loading the sign-in form…"/>
    }
}

/// A path on this site, not `//other.host` or `https://…`: no open redirects.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.contains('\\')
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/exam/attempt/3/question/2"));
        for bad in ["//evil.example", "https://evil.example", "exam", "/\\evil.example"] {
            assert!(!is_local_path(bad), "{bad}");
        }
    }
}
