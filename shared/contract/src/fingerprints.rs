//! Fingerprints of the contract's event and state types, derived from the types
//! themselves: the JSON Schema of each type (as serde sees it, so renames and
//! tags count), without names and docs, in canonical form, hashed. A change to a
//! type's wire shape changes its fingerprint; a doc comment or a Rust-only rename
//! does not. The build tool records them in every manifest, the server in every
//! page, and the loader and the registry compare them.

use alloc::{
    string::{String, ToString},
    vec::Vec,
};

use federation::bus::Event;
use federation::state::SharedState;
use federation::{ContractInfo, TypeFingerprints};
use schemars::JsonSchema;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::{events, state};

/// [`info`](crate::info) with the fingerprint of every event and state type.
pub fn fingerprinted_info() -> ContractInfo {
    ContractInfo { types: fingerprints(), ..crate::info() }
}

/// The fingerprint of every event and state type in the contract, by wire name.
pub fn fingerprints() -> TypeFingerprints {
    let mut types = vec![
        event::<events::UserLoggedIn>(),
        event::<events::UserLoggedOut>(),
        event::<events::ExamStarted>(),
        event::<events::ProgressUpdated>(),
        event::<events::ExamCompleted>(),
        event::<events::SubscriptionChanged>(),
        event::<events::NavigationRequested>(),
        event::<events::ToastRequested>(),
        shared::<state::Session>(),
        shared::<state::Theme>(),
        shared::<state::SidebarOpen>(),
        shared::<state::ExamProgress>(),
        shared::<state::ExamHistory>(),
    ];
    types.sort();
    TypeFingerprints(types)
}

fn event<E: Event + JsonSchema>() -> (String, String) {
    (format!("event:{}", E::NAME), fingerprint::<E>())
}

fn shared<S: SharedState + JsonSchema>() -> (String, String) {
    (format!("state:{}", S::KEY), fingerprint::<S>())
}

/// The first 16 hex digits of the SHA-256 of the type's canonical schema.
fn fingerprint<T: JsonSchema>() -> String {
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Value::Null);
    let mut canonical = String::new();
    write_canonical(&schema, false, &mut canonical);
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Keys that describe a type for people, not its shape.
const NOT_SHAPE: [&str; 4] = ["title", "description", "$schema", "examples"];

/// JSON with object keys sorted and [`NOT_SHAPE`] keys left out of schemas (but
/// kept where they are names: fields under `properties`, types under `$defs`).
fn write_canonical(value: &Value, names: bool, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().filter(|k| names || !NOT_SHAPE.contains(&k.as_str())).collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                // The values of a name map are schemas again.
                let child_names = !names && matches!(key.as_str(), "properties" | "$defs" | "definitions");
                write_canonical(&map[key], child_names, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, false, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two versions of one wire type, as two builds would define it.
    mod before {
        /// The old shape.
        #[derive(serde::Serialize, schemars::JsonSchema)]
        pub(super) struct Progress {
            pub(super) answered: u32,
        }
    }
    mod docs_changed {
        /// Same shape, other docs.
        #[derive(serde::Serialize, schemars::JsonSchema)]
        pub(super) struct Progress {
            /// How many were answered.
            pub(super) answered: u32,
        }
    }
    mod field_added {
        #[derive(serde::Serialize, schemars::JsonSchema)]
        pub(super) struct Progress {
            pub(super) answered: u32,
            pub(super) total: u32,
        }
    }
    mod with_a_title_field {
        #[derive(serde::Serialize, schemars::JsonSchema)]
        pub(super) struct Note {
            pub(super) title: String,
        }
    }
    mod title_field_retyped {
        #[derive(serde::Serialize, schemars::JsonSchema)]
        pub(super) struct Note {
            pub(super) title: u32,
        }
    }

    #[test]
    fn fields_named_like_schema_metadata_count() {
        assert_ne!(fingerprint::<with_a_title_field::Note>(), fingerprint::<title_field_retyped::Note>());
    }

    mod field_renamed_on_the_wire {
        #[derive(serde::Serialize, schemars::JsonSchema)]
        pub(super) struct Progress {
            #[serde(rename = "done")]
            pub(super) answered: u32,
        }
    }

    #[test]
    fn the_shape_decides_the_fingerprint() {
        let base = fingerprint::<before::Progress>();
        assert_eq!(base.len(), 16);
        assert_eq!(fingerprint::<docs_changed::Progress>(), base);
        assert_ne!(fingerprint::<field_added::Progress>(), base);
        assert_ne!(fingerprint::<field_renamed_on_the_wire::Progress>(), base);
    }

    #[test]
    fn every_event_and_state_type_has_one() {
        let types = fingerprints();
        assert_eq!(types.0.len(), 13);
        assert!(types.get("event:exam-completed").is_some());
        assert!(types.get("state:session").is_some());
        assert_eq!(fingerprinted_info().types, types);
    }
}
