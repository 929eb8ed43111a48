//! Why the registry refused a deploy or a rollback. Each has a stable code and a
//! message that says what to do.

/// A registry failure.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RegistryError {
    /// No such version in the remotes folder.
    #[error(
        "{remote}@{version} is not in the remotes folder: build or upload it first (cargo xtask publish {remote})"
    )]
    UnknownVersion { remote: String, version: String },
    /// The version's files are broken.
    #[error("{remote}@{version} failed its health check: {problem}")]
    Unhealthy { remote: String, version: String, problem: String },
    /// The version's contract does not fit the container's.
    #[error("{remote}@{version} is not compatible with the container: {reason}")]
    Incompatible { remote: String, version: String, reason: String },
    /// The version was deployed before with other files.
    #[error(
        "{remote}@{version} was deployed before with other files; versions are immutable: bump the version in the remote's Cargo.toml and publish again"
    )]
    VersionChanged { remote: String, version: String },
    /// A base URL is on an origin the server does not allow.
    #[error("`{base}` is neither a path on this server nor on an origin in MF_REMOTE_ORIGINS: add its origin there")]
    OriginNotAllowed { base: String },
    /// No earlier version to roll back to.
    #[error("{remote} has no {} to roll back to", version.as_deref().map(|v| format!("deployed version {v}")).unwrap_or_else(|| "earlier version".into()))]
    NothingToRollBackTo { remote: String, version: Option<String> },
    /// The database failed.
    #[error("database error: {0}")]
    Database(String),
}

impl RegistryError {
    /// The stable code.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Self::UnknownVersion { .. } => "registry_unknown_version",
            Self::Unhealthy { .. } => "registry_unhealthy",
            Self::Incompatible { .. } => "registry_incompatible",
            Self::VersionChanged { .. } => "registry_version_changed",
            Self::OriginNotAllowed { .. } => "registry_origin_not_allowed",
            Self::NothingToRollBackTo { .. } => "registry_nothing_to_roll_back_to",
            Self::Database(_) => "internal",
        }
    }
}

impl From<sqlx::Error> for RegistryError {
    fn from(e: sqlx::Error) -> Self {
        Self::Database(e.to_string())
    }
}
