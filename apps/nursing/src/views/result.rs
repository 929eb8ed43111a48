use federation::remote::use_async;
use leptos::prelude::*;

use crate::api;
use crate::route::ExamRoute;

/// The score of a finished attempt, with each question's answer and rationale.
#[component]
pub fn ResultView(
    /// The attempt.
    attempt: u64,
) -> impl IntoView {
    let loaded = use_async(move || api::attempt(attempt));
    view! {
        <section class="exam-result" data-remote="nursing">
            {move || match loaded.get() {
                None => view! { <p role="status">"Loading your result…"</p> }.into_any(),
                Some(Err(error)) => view! { <p role="alert">{error.message}</p> }.into_any(),
                Some(Ok(a)) if a.finished_at.is_none() => view! {
                    <p>"This exam is not finished yet. "<a href=ExamRoute::question(attempt, 1)>"Continue it"</a></p>
                }.into_any(),
                Some(Ok(a)) => view! {
                    <h1>"Your result"</h1>
                    <p class="score">{a.topic.name()} ": " {a.score.unwrap_or(0)} " of " {a.total} " correct"</p>
                    <ol class="review">
                        {a.questions.into_iter().map(|q| {
                            let right = q.chosen.is_some() && q.chosen == q.answer;
                            let answer = q.answer.and_then(|i| q.choices.get(i as usize).cloned()).unwrap_or_default();
                            let chosen = q.chosen.and_then(|i| q.choices.get(i as usize).cloned());
                            view! {
                                <li class=if right { "right" } else { "wrong" }>
                                    <p class="stem">{q.stem}</p>
                                    <p>"Your answer: " {chosen.unwrap_or_else(|| "none".into())}</p>
                                    <p>"Correct answer: " {answer}</p>
                                    <p class="rationale">{q.rationale.unwrap_or_default()}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    <p><a href="/dashboard">"Back to your dashboard"</a>" · "<a href="/exam">"Another exam"</a></p>
                }.into_any(),
            }}
        </section>
    }
}
