use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Attempt, SECONDS_PER_QUESTION};
use crate::route::ExamRoute;

/// Seconds since the Unix epoch, by the browser's clock.
fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// One question of an attempt, with progress, countdown and navigation.
#[component]
pub fn QuestionView(
    /// The attempt.
    attempt: u64,
    /// The question, from 1.
    number: u32,
) -> impl IntoView {
    let loaded = LocalResource::new(move || api::attempt(attempt));
    let current = RwSignal::new(None::<Attempt>);
    let status = RwSignal::new(None::<String>);
    let finishing = RwSignal::new(false);
    let clock = RwSignal::new(now());

    Effect::new(move |_| {
        if let Some(Ok(fresh)) = loaded.get() {
            if fresh.finished_at.is_some() {
                api::go(ExamRoute::result(attempt));
            } else {
                current.set(Some(fresh));
            }
        }
    });
    if let Ok(ticker) = set_interval_with_handle(move || clock.set(now()), std::time::Duration::from_secs(1)) {
        on_cleanup(move || ticker.clear());
    }

    let finish = move || {
        if finishing.get_untracked() {
            return;
        }
        finishing.set(true);
        spawn_local(async move {
            match api::finish(attempt).await {
                Ok(_) => api::go(ExamRoute::result(attempt)),
                Err(error) => {
                    status.set(Some(error.message));
                    finishing.set(false);
                }
            }
        });
    };
    let remaining = move || {
        current.with(|a| a.as_ref().map(|a| a.started_at + i64::from(a.total) * SECONDS_PER_QUESTION - clock.get()))
    };
    Effect::new(move |_| {
        if remaining().is_some_and(|left| left <= 0) {
            finish();
        }
    });

    let choose = move |choice: u32| {
        let Some(mut attempt_now) = current.get_untracked() else { return };
        let Some(question) = attempt_now.questions.get_mut(number as usize - 1) else { return };
        let question_id = question.id;
        question.chosen = Some(choice);
        attempt_now.answered = attempt_now.questions.iter().filter(|q| q.chosen.is_some()).count() as u32;
        current.set(Some(attempt_now.clone()));
        status.set(Some("Saving…".into()));
        spawn_local(async move {
            match api::answer(&attempt_now, question_id, choice).await {
                Ok(()) => {
                    status.set(Some("Saved".into()));
                    api::progress(&attempt_now);
                }
                Err(error) => status.set(Some(format!("Not saved: {} Choose again to retry.", error.message))),
            }
        });
    };

    view! {
        <section class="exam-question" data-remote="nursing">
            {move || match (current.get(), loaded.get()) {
                (_, Some(Err(error))) => view! { <p role="alert">{error.message}</p> }.into_any(),
                (None, _) => view! { <p role="status">"Loading the question…"</p> }.into_any(),
                (Some(a), _) => {
                    let total = a.total;
                    let Some(q) = a.questions.get(number as usize - 1).cloned() else {
                        return view! { <p role="alert">"This attempt has no question " {number} "."</p> }.into_any();
                    };
                    let left = remaining().unwrap_or(0).max(0);
                    view! {
                        <header class="exam-status">
                            <span class="exam-topic">{a.topic.name()}</span>
                            <span class="exam-position">"Question " {number} " of " {total}</span>
                            <span class="countdown" role="timer">{format!("{}:{:02} left", left / 60, left % 60)}</span>
                        </header>
                        <progress class="exam-progress" max=total value=a.answered>{a.answered} " of " {total} " answered"</progress>
                        <h1 class="stem">{q.stem.clone()}</h1>
                        <ol class="choices">
                            {q.choices.iter().enumerate().map(|(i, text)| {
                                let i = i as u32;
                                let chosen = q.chosen == Some(i);
                                view! {
                                    <li>
                                        <button type="button" class="choice" aria-pressed=chosen.to_string() on:click=move |_| choose(i)>
                                            {text.clone()}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                        <p class="save-status" role="status">{move || status.get()}</p>
                        <nav class="exam-nav" aria-label="Questions">
                            {(number > 1).then(|| view! { <a class="previous" href=ExamRoute::question(attempt, number - 1)>"Previous"</a> })}
                            {(number < total).then(|| view! { <a class="next" href=ExamRoute::question(attempt, number + 1)>"Next"</a> })}
                            <button type="button" class="finish" disabled=move || finishing.get() on:click=move |_| finish()>
                                {move || if finishing.get() { "Finishing…" } else { "Finish exam" }}
                            </button>
                        </nav>
                    }.into_any()
                }
            }}
        </section>
    }
}
