use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title};

use crate::admin::{AdminPage, LoadSummary, RemoteHistory};

/// `/admin`: how each remote version loads on students' phones (p50 and p95 load
/// time, error rate, bytes, budget breaches; drawn as SVG), and each remote's
/// deploy history with a rollback button. Admins only: the server answers 403
/// to everyone else.
#[component]
pub(crate) fn Admin() -> impl IntoView {
    let Some(page) = admin_page() else {
        #[cfg(feature = "ssr")]
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::FORBIDDEN);
        }
        return view! {
            <Title text="Admins only · NurseReview"/>
            <section class="admin" data-admin="forbidden">
                <h1>"Admins only"</h1>
                <p>"This page is for the platform's admins. "<a href="/">"Go to the start page"</a>"."</p>
            </section>
        }
        .into_any();
    };
    let notice = page.notice.map(|text| view! { <p class="admin-notice" role="status">{text}</p> });
    let empty = page.loads.is_empty().then(|| {
        view! { <p>"No loads reported yet: they arrive as students' browsers leave a page."</p> }
    });
    view! {
        <Title text="Admin · NurseReview"/>
        <Stylesheet href="/pkg/admin.css"/>
        <section class="admin" data-admin="ready">
            <h1>"Remotes on students' phones"</h1>
            {notice}
            {empty}
            <LoadChart loads=page.loads.clone()/>
            <LoadTable loads=page.loads/>
            <h2>"Deploys"</h2>
            {page.remotes.into_iter().map(|remote| view! { <History remote/> }).collect_view()}
        </section>
    }
    .into_any()
}

fn admin_page() -> Option<AdminPage> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<AdminPage>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    None
}

#[component]
fn LoadTable(loads: Vec<LoadSummary>) -> impl IntoView {
    let rows = loads
        .into_iter()
        .map(|l| {
            let codes = l.error_codes.iter().map(|(c, n)| format!("{c} ×{n}")).collect::<Vec<_>>().join(", ");
            view! {
                <tr data-remote=l.remote.clone() data-version=l.version.clone()>
                    <th scope="row">{format!("{}@{}", l.remote, l.version)}</th>
                    <td data-field="loads">{l.loads}</td>
                    <td data-field="p50">{l.p50_ms}" ms"</td>
                    <td data-field="p95">{l.p95_ms}" ms"</td>
                    <td data-field="phases">{format!("{} / {} / {} ms", l.download_p50_ms, l.instantiate_p50_ms, l.mount_p50_ms)}</td>
                    <td data-field="errors">{format!("{:.1}%", l.error_rate * 100.0)}" "{codes}</td>
                    <td data-field="bytes">{format!("{:.1} KB", l.bytes_p50 as f64 / 1024.0)}</td>
                    <td data-field="breaches">{format!("{} slow, {} over bytes", l.slow, l.over_budget)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="admin-table">
            <table>
                <thead>
                    <tr>
                        <th scope="col">"remote"</th>
                        <th scope="col">"loads"</th>
                        <th scope="col">"p50"</th>
                        <th scope="col">"p95"</th>
                        <th scope="col">"download / compile / mount (p50)"</th>
                        <th scope="col">"errors"</th>
                        <th scope="col">"bytes (p50)"</th>
                        <th scope="col">"budget breaches"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Width of the chart's drawing, and of the label column, in SVG units.
const CHART_WIDTH: f64 = 600.0;
const LABEL_WIDTH: f64 = 170.0;
const ROW_HEIGHT: f64 = 28.0;

/// Horizontal bars per remote version: p50 (solid) inside p95 (light), against
/// the 3 s budget (a line); failed loads' share as a red tail.
#[component]
fn LoadChart(loads: Vec<LoadSummary>) -> impl IntoView {
    if loads.is_empty() {
        return None;
    }
    let most = loads.iter().map(|l| l.p95_ms).max().unwrap_or(0).max(3_000) as f64;
    let scale = move |ms: i64| (ms as f64 / most) * (CHART_WIDTH - LABEL_WIDTH - 10.0);
    let height = ROW_HEIGHT * loads.len() as f64 + 24.0;
    let budget_x = LABEL_WIDTH + scale(3_000);
    let label = format!(
        "Load times: {}",
        loads
            .iter()
            .map(|l| format!("{}@{} p50 {} ms, p95 {} ms", l.remote, l.version, l.p50_ms, l.p95_ms))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let bars = loads
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let y = i as f64 * ROW_HEIGHT + 4.0;
            view! {
                <g data-remote=l.remote.clone()>
                    <text x="0" y=y + 16.0 class="chart-label">{format!("{}@{}", l.remote, l.version)}</text>
                    <rect x=LABEL_WIDTH y=y width=scale(l.p95_ms) height="20" class="chart-p95"/>
                    <rect x=LABEL_WIDTH y=y width=scale(l.p50_ms) height="20" class="chart-p50"/>
                    <rect x=LABEL_WIDTH + scale(l.p95_ms) y=y width=l.error_rate * 60.0 height="20" class="chart-errors"/>
                </g>
            }
        })
        .collect_view();
    Some(view! {
        <svg class="admin-chart" viewBox=format!("0 0 {CHART_WIDTH} {height}") role="img" aria-label=label>
            {bars}
            <line x1=budget_x x2=budget_x y1="0" y2=height class="chart-budget"/>
            <text x=budget_x + 4.0 y=height - 4.0 class="chart-label">"3 s budget"</text>
        </svg>
    })
}

#[component]
fn History(remote: RemoteHistory) -> impl IntoView {
    let action = format!("/admin/remotes/{}/rollback", remote.name);
    let live = remote.live.clone().unwrap_or_else(|| "nothing".into());
    let events = remote
        .history
        .into_iter()
        .take(10)
        .map(|e| view! { <li>{format!("{} {} by {} at {}", e.action, e.version, e.by, e.at)}</li> })
        .collect_view();
    view! {
        <article class="admin-remote" data-remote=remote.name.clone()>
            <h3>{remote.name.clone()}" · live: "{live}" · "{remote.health}</h3>
            <form method="post" action=action>
                <button type="submit">"Roll back to the previous version"</button>
            </form>
            <ol>{events}</ol>
        </article>
    }
}
