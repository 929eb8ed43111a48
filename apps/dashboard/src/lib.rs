//! The dashboard remote: a student's overview. It greets the signed-in student
//! from the shared session, lists exam history with a score chart per topic,
//! offers to continue an unfinished attempt, and updates live when an
//! `ExamCompleted` event arrives while it is mounted.

// Leptos' #[component] makes every component `pub`.
#![allow(unreachable_pub)]

mod chart;
mod history;

use contract::events::ExamCompleted;
use contract::state::Session;
use federation::remote::{use_async, use_event, use_shared};
use leptos::prelude::*;
use ui::Spinner;

use chart::TopicChart;
use history::fetch_history;

/// The dashboard's landing view.
#[component]
fn DashboardHome() -> impl IntoView {
    let session = use_shared::<Session>();
    let latest = RwSignal::new(None::<ExamCompleted>);
    let refresh = RwSignal::new(0u32);
    let history = use_async(move || {
        refresh.track();
        fetch_history()
    });
    use_event::<ExamCompleted>(move |result| {
        latest.set(Some(result));
        refresh.update(|n| *n += 1);
    });

    let greeting = move || match &session.read().0 {
        Some(user) => format!("Welcome back, {}", user.name),
        None => String::from("Your dashboard"),
    };
    view! {
        <section class="dashboard-home" data-remote="dashboard">
            <h1 class="greeting">{greeting}</h1>
            {move || latest.get().map(|r| view! {
                <p class="latest-result" role="status">
                    "Latest result: " {r.topic.name()} ", " {r.score} " of " {r.total}
                </p>
            })}
            {move || match history.get() {
                None => view! { <Spinner label="Loading your history…"/> }.into_any(),
                Some(Err(message)) => view! { <p role="alert">{message}</p> }.into_any(),
                Some(Ok(attempts)) => {
                    let unfinished = attempts.iter().find(|a| a.finished_at.is_none()).cloned();
                    let finished: Vec<_> = attempts.into_iter().filter(|a| a.finished_at.is_some()).collect();
                    view! {
                        {unfinished.map(|a| view! {
                            <p class="continue"><a href=format!("/exam/attempt/{}/question/1", a.id)>"Continue your unfinished exam"</a></p>
                        })}
                        {if finished.is_empty() {
                            view! {
                                <div class="empty-history">
                                    <p>"No exams yet."</p>
                                    <p><a class="button" href="/exam">"Start your first practice exam"</a></p>
                                </div>
                            }.into_any()
                        } else {
                            view! {
                                <TopicChart attempts=finished.clone()/>
                                <h2>"History"</h2>
                                <table class="history">
                                    <thead><tr><th>"Date"</th><th>"Topic"</th><th>"Score"</th></tr></thead>
                                    <tbody>
                                        {finished.into_iter().map(|a| view! {
                                            <tr>
                                                <td>{history::date(a.finished_at.unwrap_or(a.started_at))}</td>
                                                <td>{a.topic.name()}</td>
                                                <td class="score">{a.score.unwrap_or(0)} " / " {a.total}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <p><a href="/exam">"Start another exam"</a></p>
                            }.into_any()
                        }}
                    }.into_any()
                }
            }}
        </section>
    }
}

federation::expose! {
    // Its history: read while the bundle downloads, not after it mounts; and
    // rendered by the server with it, so the first paint shows it.
    #[server_render]
    #[prefetch("*" => "/api/attempts")]
    DashboardHome => |_| view! { <DashboardHome/> }.into_any(),
}
