//! The database: SQLite by default (a file in a data folder, created and migrated
//! on first start), PostgreSQL when `DATABASE_URL` points at one. The same queries
//! run on both through sqlx's `Any` driver; only the migrations differ.

use std::path::Path;
use std::str::FromStr;

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::AnyPool;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names a database this server does not support.
    #[error("DATABASE_URL `{0}` is neither sqlite:… nor postgres:…")]
    UnsupportedUrl(String),
    /// The SQLite file's folder could not be created.
    #[error("cannot create the data folder {path}: {source}")]
    DataFolder {
        /// The folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Connecting failed.
    #[error("cannot open the database at {url}: {source}")]
    Connect {
        /// The URL, without credentials.
        url: String,
        /// Why.
        source: sqlx::Error,
    },
    /// Migrating failed; nothing was changed past the failing migration.
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The remote registry could not be read or brought up to date.
    #[error("remote registry: {0}")]
    Registry(String),
    /// Seeding or another query failed.
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

/// Which database the URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, the embedded default.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl FromStr for Backend {
    type Err = DbError;

    fn from_str(url: &str) -> Result<Self, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self::Postgres)
        } else {
            Err(DbError::UnsupportedUrl(redact(url)))
        }
    }
}

/// Opens the database at `url`, creating and migrating it as needed, and seeds
/// the question bank when it is empty.
pub async fn open(url: &str) -> Result<AnyPool, DbError> {
    install_default_drivers();
    let backend: Backend = url.parse()?;
    if backend == Backend::Sqlite {
        create_sqlite_folder(url)?;
    }
    let pool = AnyPoolOptions::new()
        .max_connections(if backend == Backend::Sqlite { 4 } else { 10 })
        .connect(url)
        .await
        .map_err(|source| DbError::Connect { url: redact(url), source })?;
    match backend {
        Backend::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
        Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
    }
    crate::exams::seed_questions(&pool).await?;
    Ok(pool)
}

/// `sqlite://data/platform.db?mode=rwc` → creates `data/`.
fn create_sqlite_folder(url: &str) -> Result<(), DbError> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match Path::new(path).parent() {
        Some(folder) if !folder.as_os_str().is_empty() => std::fs::create_dir_all(folder)
            .map_err(|source| DbError::DataFolder { path: folder.display().to_string(), source }),
        _ => Ok(()),
    }
}

/// The URL without a password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_from_urls() {
        assert_eq!("sqlite://data/x.db?mode=rwc".parse::<Backend>().unwrap(), Backend::Sqlite);
        assert_eq!("postgres://u:p@localhost/db".parse::<Backend>().unwrap(), Backend::Postgres);
        let err = "mysql://u:secret@host/db".parse::<Backend>().unwrap_err();
        assert!(!err.to_string().contains("secret"), "{err}");
    }
}
