use contract::state::Topic;
use leptos::prelude::*;

use crate::history::Summary;

/// Average score per topic (percent of questions right), as an SVG bar chart.
#[component]
pub fn TopicChart(
    /// Finished attempts.
    attempts: Vec<Summary>,
) -> impl IntoView {
    let bars: Vec<(Topic, Option<u32>)> = Topic::ALL
        .iter()
        .map(|topic| {
            let (right, total) = attempts
                .iter()
                .filter(|a| a.topic == *topic)
                .fold((0, 0), |(r, t), a| (r + a.score.unwrap_or(0), t + a.total));
            (*topic, (total > 0).then(|| right * 100 / total))
        })
        .collect();
    view! {
        <figure class="topic-chart">
            <svg viewBox="0 0 320 136" role="img" aria-label="Average score per topic">
                {bars.into_iter().enumerate().map(|(row, (topic, percent))| {
                    let y = 4 + row as u32 * 33;
                    let width = percent.unwrap_or(0) * 2;
                    let label = match percent {
                        Some(p) => format!("{}: {p}%", topic.name()),
                        None => format!("{}: no exams yet", topic.name()),
                    };
                    view! {
                        <text x="0" y=y + 11 class="chart-label">{label.clone()}</text>
                        <rect x="0" y=y + 15 width="200" height="10" class="chart-track"></rect>
                        <rect x="0" y=y + 15 width=width height="10" class="chart-bar" data-topic=format!("{topic:?}")>
                            <title>{label}</title>
                        </rect>
                    }
                }).collect_view()}
            </svg>
            <figcaption>"Average score per topic"</figcaption>
        </figure>
    }
}
