//! Commands and their arguments.

use crate::{container, remotes, sizes, tests, tools, workspace::Workspace};

pub(crate) const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup                   install the tools the build needs (wasm-bindgen, wasm-opt), skipping those present
  build [REMOTE...]       build the remotes (all, or those named) and the container; print the size table
  build-remote REMOTE...  build only the named remotes, leaving the container and other remotes alone
  serve                   build everything, then serve the platform at http://127.0.0.1:3000
  test                    install test tools if missing, build, and run every test (unit, server, browser)";

/// A parsed command line.
pub(crate) enum Command {
    Setup,
    Build { remotes: Vec<String>, container: bool },
    Serve,
    Test,
}

pub(crate) fn parse(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let command = args.next().ok_or("no command given")?;
    let rest: Vec<String> = args.collect();
    match command.as_str() {
        "setup" => Ok(Command::Setup),
        "build" => Ok(Command::Build { remotes: rest, container: true }),
        "build-remote" if !rest.is_empty() => Ok(Command::Build { remotes: rest, container: false }),
        "build-remote" => Err("build-remote needs the names of the remotes to build".into()),
        "serve" => Ok(Command::Serve),
        "test" => Ok(Command::Test),
        "help" | "--help" | "-h" => Err(String::new()),
        other => Err(format!("unknown command `{other}`")),
    }
}

pub(crate) fn run(command: Command) -> Result<(), String> {
    let workspace = Workspace::load()?;
    match command {
        Command::Setup => tools::ensure_build_tools(&workspace).map(drop),
        Command::Build { remotes, container } => build(&workspace, &remotes, container),
        Command::Serve => {
            build(&workspace, &[], true)?;
            container::serve(&workspace)
        }
        Command::Test => tests::run(&workspace, |w| build(w, &[], true)),
    }
}

fn build(workspace: &Workspace, names: &[String], with_container: bool) -> Result<(), String> {
    let tools = tools::ensure_build_tools(workspace)?;
    let remotes = workspace.remotes(names)?;
    let mut report = sizes::Report::default();
    for built in remotes::build(workspace, &tools, &remotes)? {
        report.add_remote(&built);
    }
    if with_container {
        report.add_container(container::build(workspace, &tools)?);
    }
    report.print();
    Ok(())
}
