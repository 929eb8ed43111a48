//! A throwaway PostgreSQL server on loopback for the server tests, from Debian's
//! `postgresql` package (installed if missing). Stopped and removed when dropped.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process;

/// The port the test server listens on (loopback only).
const PORT: u16 = 54329;

pub(crate) struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    as_postgres: bool,
    /// An admin URL; tests create their own databases through it.
    pub(crate) url: String,
}

fn find_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> =
        std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path().join("bin")).collect();
    versions.sort();
    versions.into_iter().rev().find(|bin| bin.join("postgres").exists())
}

fn is_root() -> bool {
    process::output({
        let mut c = Command::new("id");
        c.arg("-u");
        c
    })
    .is_some_and(|uid| uid.trim() == "0")
}

impl Postgres {
    /// Starts a fresh cluster in a temporary folder that the `postgres` user can
    /// reach (the checkout may sit in a folder only root can enter).
    pub(crate) fn start(target: &Path) -> Result<Self, String> {
        let bin = match find_bin() {
            Some(bin) => bin,
            None => {
                eprintln!("installing Debian's postgresql for the server tests (once)");
                crate::tests::apt_install("postgresql", target)?;
                find_bin().ok_or("postgresql was installed but /usr/lib/postgresql/*/bin/postgres is missing")?
            }
        };
        let data = std::env::temp_dir().join(format!("mf-postgres-{}", std::process::id()));
        if data.exists() {
            std::fs::remove_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
        }
        std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
        // PostgreSQL refuses to run as root: run it as Debian's `postgres` user.
        let as_postgres = is_root();
        if as_postgres {
            let mut chown = Command::new("chown");
            chown.arg("-R").arg("postgres:postgres").arg(&data);
            process::run(chown, target)?;
        }
        let server = Self { bin, data, as_postgres, url: format!("postgres://postgres@127.0.0.1:{PORT}/postgres") };
        let mut initdb = server.command("initdb");
        initdb.arg("-D").arg(&server.data).args(["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
        process::run(initdb, &server.data)?;
        let mut start = server.command("pg_ctl");
        start
            .arg("-D")
            .arg(&server.data)
            .arg("-l")
            .arg(server.data.join("server.log"))
            .arg("-o")
            .arg(format!("-p {PORT} -h 127.0.0.1 -k {} -F", server.data.display()))
            .args(["-w", "start"]);
        process::run(start, &server.data)?;
        Ok(server)
    }

    fn command(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let mut stop = self.command("pg_ctl");
        stop.arg("-D").arg(&self.data).args(["-m", "fast", "-w", "stop"]);
        let _ = stop.current_dir(&self.data).status();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
