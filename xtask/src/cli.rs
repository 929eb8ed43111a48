//! Commands and their arguments.

use crate::registry_client::{self, Client};
use crate::{budgets, container, remotes, sizes, tests, tools, workspace::Workspace};

pub(crate) const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup                   install the tools the build needs (wasm-bindgen, wasm-opt), skipping those present
  build [REMOTE...]       build the remotes (all, or those named) and the container; print the size table
  build-remote REMOTE...  build only the named remotes, leaving the container and other remotes alone
  serve                   build everything, then serve the platform at http://127.0.0.1:3000
  test                    install test tools if missing, build, and run every test (unit, server, browser)
  fixtures                build the browser tests' fixture remotes (end2end/remotes/) into target/e2e-remotes
  bench                   build, then benchmark cold loads in Chromium, throttled and not (prints a table)
  screenshots             build, then screenshot every route in both themes at 360 px into docs/screenshots/
  load                    load-test the built server on loopback with wrk: a page, an API call, a wasm file at
                          100 connections (prints requests/s and p99; fails on any error)

working on one remote (see the README):
  trunk-configs           write apps/<name>/Trunk.toml from the root Trunk.toml (each with its dev server port)
  dev-manifest            (trunk's post-build hook) write manifest.json for the files trunk built
  leptos-server-build ARGS...  (cargo-leptos' bin-cargo-command) rebuild changed remotes, then `cargo ARGS...`

the remote registry (a running server; MF_ADMIN_TOKEN = one of its MF_ADMIN_TOKENS secrets;
--server URL or MF_SERVER, default http://127.0.0.1:3000):
  publish REMOTE          build REMOTE into dist/remotes/REMOTE/VERSION and make it live (after the health check)
  remotes                 list every remote: live version, health, recent deploys and rollbacks
  rollback REMOTE [VER]   make the version before the live one (or VER) live again

option of build, build-remote, serve, bench, publish:
  --smallest              build the wasm with nightly and -Cpanic=immediate-abort: about 10% fewer bytes;
                          panics lose their messages (installs the nightly toolchain once)";

/// A parsed command line.
pub(crate) enum Command {
    Setup,
    Build { remotes: Vec<String>, container: bool },
    Serve,
    Test,
    Fixtures,
    Bench,
    Screenshots,
    Load,
    Publish { remote: String, server: Option<String> },
    List { server: Option<String> },
    Rollback { remote: String, version: Option<String>, server: Option<String> },
    TrunkConfigs,
    DevManifest,
    LeptosServerBuild { cargo_args: Vec<String> },
}

/// Takes `--server URL` out of `args`.
fn take_server(args: &mut Vec<String>) -> Result<Option<String>, String> {
    match args.iter().position(|a| a == "--server") {
        Some(i) if i + 1 < args.len() => {
            let url = args.remove(i + 1);
            args.remove(i);
            Ok(Some(url))
        }
        Some(_) => Err("--server needs a URL".into()),
        None => Ok(None),
    }
}

/// A command, and whether to build wasm the smallest way (`--smallest`).
pub(crate) fn parse(mut args: impl Iterator<Item = String>) -> Result<(Command, bool), String> {
    let command = args.next().ok_or("no command given")?;
    let mut rest: Vec<String> = args.collect();
    if command == "leptos-server-build" {
        // Every argument is cargo's.
        return Ok((Command::LeptosServerBuild { cargo_args: rest }, false));
    }
    let server = take_server(&mut rest)?;
    let smallest = match rest.iter().position(|a| a == "--smallest") {
        Some(i) => {
            rest.remove(i);
            true
        }
        None => false,
    };
    let command = parse_command(&command, rest, server)?;
    let builds = matches!(command, Command::Build { .. } | Command::Serve | Command::Bench | Command::Publish { .. });
    if smallest && !builds {
        return Err("--smallest only goes with build, build-remote, serve, bench and publish".into());
    }
    Ok((command, smallest))
}

fn parse_command(command: &str, mut rest: Vec<String>, server: Option<String>) -> Result<Command, String> {
    match command {
        "setup" => Ok(Command::Setup),
        "build" => Ok(Command::Build { remotes: rest, container: true }),
        "build-remote" if !rest.is_empty() => Ok(Command::Build { remotes: rest, container: false }),
        "build-remote" => Err("build-remote needs the names of the remotes to build".into()),
        "serve" => Ok(Command::Serve),
        "test" => Ok(Command::Test),
        "fixtures" => Ok(Command::Fixtures),
        "bench" => Ok(Command::Bench),
        "screenshots" => Ok(Command::Screenshots),
        "load" => Ok(Command::Load),
        "publish" if rest.len() == 1 => Ok(Command::Publish { remote: rest.remove(0), server }),
        "publish" => Err("publish needs the name of one remote".into()),
        "remotes" => Ok(Command::List { server }),
        "rollback" if matches!(rest.len(), 1 | 2) => {
            Ok(Command::Rollback { remote: rest.remove(0), version: rest.pop(), server })
        }
        "rollback" => Err("rollback needs a remote, and optionally a version".into()),
        "trunk-configs" => Ok(Command::TrunkConfigs),
        "dev-manifest" => Ok(Command::DevManifest),
        "help" | "--help" | "-h" => Err(String::new()),
        other => Err(format!("unknown command `{other}`")),
    }
}

pub(crate) fn run(command: Command, smallest: bool) -> Result<(), String> {
    let mut workspace = Workspace::load()?;
    workspace.smallest = smallest;
    match command {
        Command::Setup => tools::ensure_build_tools(&workspace).map(drop),
        Command::Build { remotes, container } => {
            build(&workspace, &remotes, container, remotes::Versions::Rebuild).map(drop)
        }
        Command::Serve => {
            build(&workspace, &[], true, remotes::Versions::Rebuild)?;
            container::serve(&workspace)
        }
        Command::Test => tests::run(&workspace, |w| {
            let totals = build(w, &[], true, remotes::Versions::Rebuild)?;
            budgets::check(&totals)?;
            build_fixtures(w)
        }),
        Command::Fixtures => build_fixtures(&workspace),
        Command::Load => crate::load::run(&workspace),
        Command::Bench => tests::bench(&workspace, |w| build(w, &[], true, remotes::Versions::Rebuild).map(drop)),
        Command::Screenshots => {
            tests::screenshots(&workspace, |w| build(w, &[], true, remotes::Versions::Rebuild).map(drop))
        }
        Command::Publish { remote, server } => {
            let client = Client::from_env(server.as_deref())?;
            let version = workspace.remotes(std::slice::from_ref(&remote))?[0].version.to_string();
            build(&workspace, std::slice::from_ref(&remote), false, remotes::Versions::Immutable)?;
            let live = client.deploy(&remote, &version)?;
            println!("{remote}@{version} is live ({})", live["live"]["deployed_at"]);
            Ok(())
        }
        Command::List { server } => {
            registry_client::print_list(&Client::from_env(server.as_deref())?.list()?);
            Ok(())
        }
        Command::TrunkConfigs => crate::dev::trunk_configs(&workspace, false),
        Command::DevManifest => crate::dev::dev_manifest(&workspace),
        Command::LeptosServerBuild { cargo_args } => crate::dev::leptos_server_build(&workspace, &cargo_args),
        Command::Rollback { remote, version, server } => {
            let live = Client::from_env(server.as_deref())?.rollback(&remote, version.as_deref())?;
            println!("{remote}@{} is live again", live["live"]["version"].as_str().unwrap_or("?"));
            Ok(())
        }
    }
}

/// Builds the browser tests' fixture remotes (a crashing one) into their own
/// folder: never deployed, not in the size table.
fn build_fixtures(workspace: &Workspace) -> Result<(), String> {
    let tools = tools::ensure_build_tools(workspace)?;
    let into = workspace.fixture_remotes();
    remotes::build(workspace, &tools, &workspace.fixtures, remotes::Versions::Rebuild, &into).map(drop)
}

/// Builds (a published version's files are kept when `versions` says so),
/// prints the size table, and returns each bundle's brotli bytes.
fn build(
    workspace: &Workspace,
    names: &[String],
    with_container: bool,
    versions: remotes::Versions,
) -> Result<Vec<(String, u64)>, String> {
    let tools = tools::ensure_build_tools(workspace)?;
    let remotes = workspace.remotes(names)?;
    let mut report = sizes::Report::default();
    for built in remotes::build(workspace, &tools, &remotes, versions, &workspace.dist_remotes())? {
        report.add_remote(&built);
    }
    if with_container {
        report.add_container(container::build(workspace, &tools)?);
    }
    report.print();
    Ok(report.brotli_totals())
}

#[cfg(test)]
mod parsing {
    use super::*;

    fn args(line: &str) -> impl Iterator<Item = String> + '_ {
        line.split_whitespace().map(str::to_owned)
    }

    #[test]
    fn smallest_is_a_flag_of_any_building_command() {
        let (command, smallest) = parse(args("build --smallest auth")).unwrap();
        assert!(smallest);
        assert!(matches!(command, Command::Build { remotes, container: true } if remotes == ["auth"]));
        let (command, smallest) = parse(args("publish ui-components --server http://127.0.0.1:3000")).unwrap();
        assert!(!smallest);
        assert!(matches!(command, Command::Publish { remote, server: Some(_) } if remote == "ui-components"));
        assert!(parse(args("publish")).is_err());
        assert!(parse(args("remotes --smallest")).is_err_and(|e| e.contains("--smallest only goes with")));
    }
}
