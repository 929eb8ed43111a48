use federation::remote::use_async;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Attempt, SECONDS_PER_QUESTION};
use crate::outbox::{self, Change};
use crate::route::ExamRoute;

/// How often answers not sent yet are tried again.
const RETRY_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Where the student's answers are on their way to the server, as the page says it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Delivery {
    /// Nothing given yet on this page.
    Idle,
    /// Being sent.
    Saving,
    /// The server has every answer.
    Saved,
    /// This many kept on the phone; the server cannot be reached.
    Waiting(usize),
    /// Back online: this many being sent.
    Syncing(usize),
    /// The server refused one, with its message.
    Refused(String),
}

impl Delivery {
    /// `data-sync`: `saving`, `saved`, `offline`, `syncing` or `error` (empty when idle).
    fn state(&self) -> &'static str {
        match self {
            Self::Idle => "",
            Self::Saving => "saving",
            Self::Saved => "saved",
            Self::Waiting(_) => "offline",
            Self::Syncing(_) => "syncing",
            Self::Refused(_) => "error",
        }
    }

    fn message(&self, finishing: bool) -> String {
        let answers = |n: &usize| if *n == 1 { String::from("1 answer") } else { format!("{n} answers") };
        match self {
            Self::Idle => String::new(),
            Self::Saving => String::from("Saving…"),
            Self::Saved => String::from("Saved"),
            Self::Waiting(_) if finishing => {
                String::from("Offline: finished on this phone; your score comes when you are back online.")
            }
            Self::Waiting(n) => {
                format!("Offline: {} kept on this phone, sent when you are back online.", answers(n))
            }
            Self::Syncing(n) => format!("Back online: sending {}…", answers(n)),
            Self::Refused(why) => format!("Not saved: {why}"),
        }
    }
}

/// Sends what the outbox keeps, then shows where things are; goes to the result
/// once the finish of `attempt` reached the server.
async fn deliver(attempt: u64, delivery: RwSignal<Delivery>, finishing: RwSignal<bool>) {
    let Some(flushed) = outbox::flush().await else { return };
    if flushed.finished.contains(&attempt) {
        api::go(ExamRoute::result(attempt));
        return;
    }
    let now = match flushed.refused {
        Some(why) => {
            finishing.try_set(false);
            Delivery::Refused(why)
        }
        None if flushed.waiting > 0 => Delivery::Waiting(flushed.waiting),
        None => Delivery::Saved,
    };
    delivery.try_set(now);
}

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
    let loaded = use_async(move || api::attempt(attempt));
    let current = RwSignal::new(None::<Attempt>);
    let delivery = RwSignal::new(Delivery::Idle);
    let finishing = RwSignal::new(false);
    let clock = RwSignal::new(now());

    Effect::new(move |_| {
        if let Some(Ok(fresh)) = loaded.get() {
            spawn_local(async move {
                // What the server has, and on top what this phone kept and has not sent yet.
                let kept: Vec<_> = outbox::entries().await.into_iter().filter(|e| e.attempt == attempt).collect();
                let mut fresh = fresh;
                for entry in &kept {
                    match entry.change {
                        Change::Answer { question, choice } => {
                            if let Some(q) = fresh.questions.iter_mut().find(|q| q.id == question) {
                                q.chosen = Some(choice);
                            }
                        }
                        Change::Finish => drop(finishing.try_set(true)),
                    }
                }
                fresh.answered = fresh.questions.iter().filter(|q| q.chosen.is_some()).count() as u32;
                if fresh.finished_at.is_some() {
                    api::go(ExamRoute::result(attempt));
                    return;
                }
                current.try_set(Some(fresh));
                if !kept.is_empty() {
                    delivery.try_set(Delivery::Waiting(kept.len()));
                    deliver(attempt, delivery, finishing).await;
                }
            });
        }
    });
    if let Ok(ticker) = set_interval_with_handle(move || clock.set(now()), std::time::Duration::from_secs(1)) {
        on_cleanup(move || ticker.clear());
    }
    // Not sent yet: try again every few seconds (a flaky connection often
    // comes back without the browser noticing it was gone).
    let retry = move || {
        if matches!(delivery.get_untracked(), Delivery::Waiting(_) | Delivery::Syncing(_) | Delivery::Saving) {
            spawn_local(deliver(attempt, delivery, finishing));
        }
    };
    if let Ok(ticker) = set_interval_with_handle(retry, RETRY_EVERY) {
        on_cleanup(move || ticker.clear());
    }
    let online = window_event_listener(leptos::ev::online, move |_| {
        if let Delivery::Waiting(n) = delivery.get_untracked() {
            delivery.set(Delivery::Syncing(n));
        }
        spawn_local(deliver(attempt, delivery, finishing));
    });
    on_cleanup(move || online.remove());

    let finish = move || {
        if finishing.get_untracked() {
            return;
        }
        finishing.set(true);
        spawn_local(async move {
            outbox::keep(attempt, Change::Finish).await;
            deliver(attempt, delivery, finishing).await;
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
        api::progress(&attempt_now);
        current.set(Some(attempt_now));
        delivery.set(Delivery::Saving);
        spawn_local(async move {
            outbox::keep(attempt, Change::Answer { question: question_id, choice }).await;
            deliver(attempt, delivery, finishing).await;
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
                        <p class="save-status" role="status" data-sync=move || delivery.get().state()>
                            {move || delivery.get().message(finishing.get())}
                        </p>
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
