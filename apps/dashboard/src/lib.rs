//! The dashboard remote: a student's overview. It greets the signed-in student
//! from the shared session and shows exam results as they arrive on the event bus.

// Leptos' #[component] makes every component `pub`.
#![allow(unreachable_pub)]

use contract::events::ExamCompleted;
use contract::state::{Session, Topic};
use federation::remote::{use_event, use_shared};
use leptos::prelude::*;

/// The dashboard's landing view.
#[component]
fn DashboardHome() -> impl IntoView {
    let session = use_shared::<Session>();
    let latest = RwSignal::new(None::<ExamCompleted>);
    use_event::<ExamCompleted>(move |result| latest.set(Some(result)));

    let greeting = move || match &session.read().0 {
        Some(user) => format!("Welcome back, {}", user.name),
        None => String::from("Your dashboard"),
    };
    view! {
        <section class="dashboard-home" data-remote="dashboard">
            <h1 class="greeting">{greeting}</h1>
            <p>"Pick up where you left off, or start a practice exam."</p>
            <a href="/exam">"Start reviewing"</a>
            {move || latest.get().map(|r| view! {
                <p class="latest-result" role="status">
                    "Latest result: " {topic_name(r.topic)} ", " {r.score} " of " {r.total}
                </p>
            })}
        </section>
    }
}

fn topic_name(topic: Topic) -> &'static str {
    match topic {
        Topic::Fundamentals => "Fundamentals",
        Topic::Pharmacology => "Pharmacology",
        Topic::MedicalSurgical => "Medical-surgical",
        Topic::MaternalChild => "Maternal and child health",
    }
}

federation::expose! {
    DashboardHome => |_| view! { <DashboardHome/> }.into_any(),
}
