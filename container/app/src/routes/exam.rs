use std::collections::BTreeMap;

use federation::RemoteView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use super::RouteModule;

/// What `/exam` and the pages under it mount.
pub(crate) const MODULE: (&str, &str) = ("nursing", "ExamApp");

/// Exam review, `/exam` and everything under it (`/exam/attempt/12/question/3`):
/// the nursing remote's `ExamApp`, told the path so deep links survive a reload.
#[component]
pub(crate) fn Exam() -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    let props = serde_json::to_string(&props(&path)).unwrap_or_default();
    view! {
        <Title text="Exam review · NurseReview"/>
        // Static labels: rendered here, not loaded as a remote (ui-components
        // costs 53 KB brotli for two badges).
        <p class="exam-badges">
            <span class="badge">"4 topics"</span>
            <span class="badge">"Answers saved as you go"</span>
        </p>
        <RemoteView remote=MODULE.0 module=MODULE.1 props=props skeleton="exam" loading="Loading the exam…"/>
    }
}

/// `ExamApp`'s props on the page at `path`.
fn props(path: &str) -> BTreeMap<String, String> {
    BTreeMap::from([(String::from("path"), path.to_owned())])
}

/// The module the exam page at `path` mounts, with its props.
pub(crate) fn module(path: &str) -> RouteModule {
    RouteModule { remote: MODULE.0, module: MODULE.1, props: props(path) }
}
