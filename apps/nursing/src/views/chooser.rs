use contract::state::Topic;
use federation::remote::use_async;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::route::ExamRoute;

/// Exam lengths a student can pick.
const LENGTHS: [u32; 3] = [3, 5, 10];

/// Choose a topic and a length, or continue the unfinished attempt.
#[component]
pub fn Chooser() -> impl IntoView {
    let topics = use_async(api::topics);
    let unfinished =
        use_async(|| async { api::history().await.ok().and_then(|h| h.into_iter().find(|a| a.finished_at.is_none())) });
    let topic = RwSignal::new(None::<Topic>);
    let length = RwSignal::new(LENGTHS[1]);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let start = move |_| {
        let Some(chosen) = topic.get_untracked() else {
            problem.set(Some("Choose a topic first.".into()));
            return;
        };
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            match api::start(chosen, length.get_untracked()).await {
                Ok(attempt) => api::go(ExamRoute::question(attempt.id, 1)),
                Err(error) => {
                    problem.set(Some(error.message));
                    busy.set(false);
                }
            }
        });
    };

    view! {
        <section class="exam-chooser" data-remote="nursing">
            <h1>"Exam review"</h1>
            {move || unfinished.get().flatten().map(|a| view! {
                <p class="continue">
                    <a href=ExamRoute::question(a.id, 1)>"Continue your unfinished exam (" {a.total} " questions)"</a>
                </p>
            })}
            <fieldset class="topics">
                <legend>"Topic"</legend>
                {move || match topics.get() {
                    None => view! { <p role="status">"Loading topics…"</p> }.into_any(),
                    Some(Err(error)) => view! { <p role="alert">{error.message}</p> }.into_any(),
                    Some(Ok(list)) => list.into_iter().map(|t| {
                        let id = format!("topic-{}", t.topic.id());
                        view! {
                            <label>
                                <input type="radio" name="topic" id=id value=t.topic.id()
                                    on:change=move |_| topic.set(Some(t.topic))/>
                                {t.topic.name()} " (" {t.questions} " questions)"
                            </label>
                        }
                    }).collect_view().into_any(),
                }}
            </fieldset>
            <label for="exam-length">"Questions"</label>
            <select id="exam-length" on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).parse() { length.set(n) }
            }>
                {LENGTHS.iter().map(|n| view! { <option value=n.to_string() selected=*n == LENGTHS[1]>{*n}</option> }).collect_view()}
            </select>
            <p class="form-error" role="alert">{move || problem.get()}</p>
            <button type="button" class="button start-exam" disabled=move || busy.get() on:click=start>
                {move || if busy.get() { "Starting…" } else { "Start exam" }}
            </button>
        </section>
    }
}
