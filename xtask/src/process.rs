//! Running other programs, with the command shown and a clear error.

use std::path::Path;
use std::process::Command;

/// Runs `command` in `dir`, echoing it, and fails with its status if it fails.
pub(crate) fn run(mut command: Command, dir: &Path) -> Result<(), String> {
    command.current_dir(dir);
    eprintln!("  $ {}", describe(&command));
    let status = command.status().map_err(|e| format!("could not start `{}`: {e}", describe(&command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(&command)))
    }
}

/// Runs `command` and returns its standard output, or `None` if it cannot run or fails.
pub(crate) fn output(mut command: Command) -> Option<String> {
    let output = command.output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}
