//! Manifest parsing and validation against fixture manifests, one folder per case
//! under `tests/fixtures/`.

use super::*;

fn fixture(case: &str) -> String {
    let path = format!("{}/tests/fixtures/{case}/manifest.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

fn valid_json() -> serde_json::Value {
    serde_json::from_str(&fixture("valid")).unwrap()
}

fn parse(value: serde_json::Value) -> Result<Manifest, ManifestError> {
    Manifest::from_json(&value.to_string())
}

#[test]
fn a_valid_manifest_parses_with_every_field() {
    let manifest = Manifest::from_json(&fixture("valid")).unwrap();
    assert_eq!(manifest.name.as_str(), "auth");
    assert_eq!(manifest.version, Version::new(0, 1, 0));
    assert_eq!(manifest.contract.name, "nursing-review");
    assert!(manifest.exposes("LoginForm") && manifest.exposes("AuthApp"));
    assert!(!manifest.exposes("Dashboard"));
    assert!(manifest.assets.css.is_some());
    assert_eq!(manifest.assets.iter().count(), 3);
    let total = manifest.assets.total();
    assert_eq!(total.raw, manifest.assets.iter().map(|(_, a)| a.size.raw).sum::<u64>());
}

#[test]
fn round_trips_through_json() {
    let manifest = Manifest::from_json(&fixture("valid")).unwrap();
    assert_eq!(Manifest::from_json(&manifest.to_json()).unwrap(), manifest);
}

#[test]
fn a_missing_field_names_the_field() {
    let err = Manifest::from_json(&fixture("missing-wasm")).unwrap_err();
    assert_eq!(err.code(), "FED-101");
    assert!(err.to_string().contains("missing field `wasm`"), "{err}");
}

#[test]
fn a_wrong_type_names_the_expected_type() {
    let mut value = valid_json();
    value["assets"]["js"]["size"]["raw"] = "big".into();
    let err = parse(value).unwrap_err();
    assert_eq!(err.code(), "FED-101");
    assert!(err.to_string().contains("expected u64"), "{err}");
}

#[test]
fn a_malformed_version_is_reported() {
    let mut value = valid_json();
    value["version"] = "1.0".into();
    let err = parse(value).unwrap_err();
    assert!(err.to_string().contains("`1.0` is not a version"), "{err}");
}

#[test]
fn a_bad_integrity_format_is_refused() {
    let err = Manifest::from_json(&fixture("bad-integrity")).unwrap_err();
    assert_eq!(err.code(), "FED-104");
    assert!(err.to_string().contains("auth-5f2c9a1b.wasm"), "{err}");
}

#[test]
fn an_unknown_contract_major_parses_but_is_refused_by_the_host() {
    let manifest = Manifest::from_json(&fixture("unknown-contract-major")).unwrap();
    let host =
        ContractInfo { name: "nursing-review".into(), version: Version::new(1, 2, 0), types: Default::default() };
    let err = host.accepts(&manifest.contract).unwrap_err();
    assert!(err.to_string().contains("not compatible"), "{err}");
}

#[test]
fn unknown_fields_are_refused_rather_than_ignored() {
    let mut value = valid_json();
    value["exposes_typo"] = serde_json::json!([]);
    assert_eq!(parse(value).unwrap_err().code(), "FED-101");
}

#[test]
fn a_newer_or_no_schema_is_refused() {
    for schema in [MANIFEST_SCHEMA + 1, 0] {
        let mut value = valid_json();
        value["schema"] = schema.into();
        assert_eq!(parse(value).unwrap_err().code(), "FED-102", "schema {schema}");
    }
}

#[test]
fn a_newer_schema_with_fields_unknown_here_says_newer_schema_not_malformed() {
    let mut value = valid_json();
    value["schema"] = (MANIFEST_SCHEMA + 1).into();
    value["a_field_of_the_future"] = serde_json::json!({});
    let error = parse(value).unwrap_err();
    assert_eq!(error.code(), "FED-102");
    assert!(error.to_string().contains(&format!("schema {}", MANIFEST_SCHEMA + 1)), "{error}");
}

#[test]
fn every_older_schema_is_read() {
    for schema in 1..=MANIFEST_SCHEMA {
        let mut value = valid_json();
        value["schema"] = schema.into();
        assert_eq!(parse(value).unwrap().schema, schema);
    }
}

#[test]
fn a_manifest_needs_the_oldest_schema_that_has_its_fields() {
    let mut manifest = Manifest::from_json(&fixture("valid")).unwrap();
    manifest.prefetch.clear();
    manifest.assets.prerendered = None;
    assert_eq!(manifest.oldest_schema(), 1, "readable by containers that know only schema 1");
    manifest
        .prefetch
        .insert(manifest.exposes[0].clone(), vec![crate::Prefetch { page: "*".into(), url: "/api/attempts".into() }]);
    assert_eq!(manifest.oldest_schema(), 2);
    let mut server_render = manifest.assets.wasm.clone();
    server_render.file = "auth-server-0123456789.wasm".into();
    manifest.assets.server_render = Some(server_render);
    assert_eq!(manifest.oldest_schema(), 3, "a schema-2 container would refuse the unknown asset");
    assert!(manifest.validate().is_ok());
    assert!(!crate::AssetKind::ServerRender.downloaded(), "browsers never download it");
    assert_eq!(
        manifest.assets.total(),
        manifest
            .assets
            .js
            .size
            .plus(manifest.assets.wasm.size)
            .plus(manifest.assets.css.as_ref().map_or(crate::Sizes { raw: 0, gzip: 0, brotli: 0 }, |c| c.size))
    );
}

#[test]
fn a_path_in_an_asset_file_name_is_refused() {
    for file in ["../../etc/passwd.js", "sub/auth.js", "auth.wasm", ".js"] {
        let mut value = valid_json();
        value["assets"]["js"]["file"] = file.into();
        assert_eq!(parse(value).unwrap_err().code(), "FED-105", "{file}");
    }
}

#[test]
fn an_invalid_remote_name_is_refused() {
    let mut value = valid_json();
    value["name"] = "Auth Remote".into();
    assert_eq!(parse(value).unwrap_err().code(), "FED-103");
}

#[test]
fn exposes_must_be_non_empty_unique_component_names() {
    for exposes in [serde_json::json!([]), serde_json::json!(["LoginForm", "LoginForm"]), serde_json::json!(["login"])]
    {
        let mut value = valid_json();
        value["exposes"] = exposes.clone();
        assert_eq!(parse(value).unwrap_err().code(), "FED-106", "{exposes}");
    }
}

#[test]
fn prefetches_are_read_and_checked() {
    let mut value = valid_json();
    value["prefetch"] = serde_json::json!({ "AuthApp": [{ "page": "*", "url": "/api/session" }] });
    let manifest = parse(value.clone()).unwrap();
    assert_eq!(manifest.prefetch.values().next().unwrap()[0].url, "/api/session");
    assert_eq!(Manifest::from_json(&manifest.to_json()).unwrap(), manifest);
    for (prefetch, problem) in [
        (serde_json::json!({ "Dashboard": [{ "page": "*", "url": "/api/x" }] }), "does not expose"),
        (serde_json::json!({ "AuthApp": [{ "page": "*", "url": "https://evil.example/" }] }), "same-origin"),
        (serde_json::json!({ "AuthApp": vec![serde_json::json!({ "page": "*", "url": "/api/x" }); 9] }), "at most"),
    ] {
        let mut value = value.clone();
        value["prefetch"] = prefetch;
        let error = parse(value).unwrap_err();
        assert_eq!(error.code(), "FED-106");
        assert!(error.to_string().contains(problem), "{error}");
    }
}

#[test]
fn text_that_is_not_json_is_malformed() {
    let err = Manifest::from_json("<html>404</html>").unwrap_err();
    assert_eq!(err.code(), "FED-101");
}

#[test]
fn a_page_map_lists_a_remote_the_host_refuses_with_the_reason_and_no_files() {
    let manifest = Manifest::from_json(&fixture("valid")).unwrap();
    let location = crate::RemoteLocation::new(&manifest, vec![String::from("/remotes/auth/0.1.0/")]);
    let map = crate::RemoteMap::from([(manifest.name.clone(), location.clone())]);
    let same = ContractInfo { types: Default::default(), ..manifest.contract.clone() };
    let page = crate::page_map(&map, &same);
    assert_eq!(page[&manifest.name], crate::PageEntry::Loadable(Box::new(location.clone())));

    let newer = ContractInfo { version: Version::new(manifest.contract.version.major + 1, 0, 0), ..same };
    let page = crate::page_map(&map, &newer);
    let crate::PageEntry::Refused { refused } = &page[&manifest.name] else { panic!("{page:?}") };
    assert!(refused.contains("not compatible") && refused.contains("rebuild the remote"), "{refused}");
    // In the page's JSON: the reason alone, no file to preload or fetch.
    let json = serde_json::to_value(crate::PageRows(&page)).unwrap();
    assert_eq!(json, serde_json::json!([["auth", refused]]));
}

#[test]
fn a_page_map_row_carries_what_the_loader_reads_by_position() {
    let manifest = Manifest::from_json(&fixture("valid")).unwrap();
    let mut location = crate::RemoteLocation::new(&manifest, vec![String::from("/remotes/auth/0.1.0/")]);
    let map = crate::RemoteMap::from([(manifest.name.clone(), location.clone())]);
    let host = ContractInfo { types: Default::default(), ..manifest.contract.clone() };
    let mut page = crate::page_map(&map, &host);
    let json = serde_json::to_value(crate::PageRows(&page)).unwrap();
    let row = &json[0];
    let (js, wasm) = (&manifest.assets.js, &manifest.assets.wasm);
    assert_eq!(row[crate::page_row::NAME as usize], "auth");
    assert_eq!(row[crate::page_row::VERSION as usize], manifest.version.to_string());
    assert_eq!(row[crate::page_row::BASES as usize], serde_json::json!(["/remotes/auth/0.1.0/"]));
    assert_eq!(row[crate::page_row::EXPOSES as usize][0], manifest.exposes[0].as_str());
    assert_eq!(row[crate::page_row::JS as usize], js.file.as_str());
    assert_eq!(row[crate::page_row::JS as usize + 1], js.integrity.to_string());
    assert_eq!(row[crate::page_row::WASM as usize], wasm.file.as_str());
    assert_eq!(row[crate::page_row::WASM as usize + 1], wasm.integrity.to_string());
    let css = manifest.assets.css.as_ref().map(|c| (c.file.as_str(), c.integrity.to_string()));
    match css {
        Some((file, integrity)) => {
            assert_eq!(row[crate::page_row::CSS as usize], file);
            assert_eq!(row[crate::page_row::CSS as usize + 1], integrity);
        }
        None => assert!(row[crate::page_row::CSS as usize].is_null()),
    }
    // The contract rides along only where the location carries it (dev mode).
    assert_eq!(row[crate::page_row::CONTRACT as usize]["name"], manifest.contract.name.as_str());
    location.contract = None;
    page.insert(manifest.name.clone(), crate::PageEntry::Loadable(Box::new(location)));
    let json = serde_json::to_value(crate::PageRows(&page)).unwrap();
    assert_eq!(json[0].as_array().unwrap().len(), crate::page_row::CONTRACT as usize);
}
