use contract::events::{ToastRequested, ToastTone};
use federation::remote::use_event;
use leptos::prelude::*;

/// How long a toast stays, in seconds.
pub const TOAST_SECONDS: u64 = 4;

/// Shows the page's toasts: every `ToastRequested` event, from any module, for a
/// few seconds each. At most one per page; the platform's shell shows toasts
/// itself, so this is for pages outside it (a remote's standalone harness).
#[component]
pub fn ToastHost() -> impl IntoView {
    let toasts = RwSignal::new(Vec::<(u32, ToastRequested)>::new());
    let next_id = StoredValue::new(0u32);
    use_event::<ToastRequested>(move |toast| {
        let id = next_id.get_value();
        next_id.set_value(id.wrapping_add(1));
        toasts.update(|list| list.push((id, toast)));
        set_timeout(
            move || toasts.update(|list| list.retain(|(other, _)| *other != id)),
            std::time::Duration::from_secs(TOAST_SECONDS),
        );
    });
    view! {
        <div class="ui-toasts" aria-live="polite">
            <For each=move || toasts.get() key=|(id, _)| *id let:toast>
                <p class=match toast.1.tone {
                    ToastTone::Info => "ui-toast ui-toast-info",
                    ToastTone::Success => "ui-toast ui-toast-success",
                    ToastTone::Error => "ui-toast ui-toast-error",
                }>{toast.1.message.clone()}</p>
            </For>
        </div>
    }
}
