//! The remote registry: which version of each remote is live, every deploy and
//! rollback (when, by which token), stored in the database. Pages read the remote
//! map from it on every load, so a deploy goes live on the next page load without
//! touching the container. A deploy goes live only after its health check, and
//! the switch is one transaction: a failed deploy leaves the live version as it was.
//!
//! Remotes nobody has deployed through the admin API follow the newest healthy
//! version in the remotes folder (checked at start), so `cargo xtask serve` needs
//! no admin step; the first deploy or rollback through the API takes over.

mod error;
mod health;
mod page_extras;

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use federation::{server_base, ContractInfo, Manifest, RemoteLocation, RemoteMap, RemoteName, Version};
use serde::Serialize;
use sqlx::{AnyPool, Row};

pub(crate) use error::RegistryError;
pub(crate) use page_extras::{InlineStyles, PageExtras};

use crate::db::now;

/// Who deploys when the server follows the remotes folder by itself.
const FOLLOWER: &str = "server (newest in the remotes folder)";

/// The action of those deploys.
const FOLLOWED: &str = "bootstrap";

/// The registry over a database and a remotes folder.
#[derive(Clone)]
pub(crate) struct Registry {
    db: AnyPool,
    remotes_dir: PathBuf,
    host: ContractInfo,
    /// Origins other than the server's own that may serve remote files.
    allowed_origins: Vec<String>,
    /// The last remote map read, served when the database cannot be read.
    last_map: Arc<RwLock<RemoteMap>>,
    /// What pages use of the live versions' files (prerendered modules, data
    /// prefetches), read once each.
    page_extras: page_extras::PageExtrasCache,
}

/// What a deploy asks for.
pub(crate) struct DeployRequest {
    pub(crate) remote: RemoteName,
    pub(crate) version: Version,
    /// Base URLs, in order; empty means the server's own `/remotes/…/`.
    pub(crate) bases: Vec<String>,
    /// Deploy even with an incompatible contract (the other checks still apply).
    pub(crate) force: bool,
    /// The admin token's name.
    pub(crate) by: String,
}

/// One row of a remote's history.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Deployment {
    pub(crate) id: i64,
    pub(crate) version: String,
    pub(crate) bases: Vec<String>,
    pub(crate) action: String,
    pub(crate) deployed_at: i64,
    pub(crate) deployed_by: String,
    pub(crate) health: String,
}

/// A remote in the registry's listing.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RemoteStatus {
    pub(crate) name: String,
    /// The live deployment, if any.
    pub(crate) active: Option<Deployment>,
    /// "ok", or what is wrong with the live version's files now.
    pub(crate) health: String,
    /// Every deploy, rollback and refused deploy, newest first.
    pub(crate) history: Vec<Deployment>,
}

impl Registry {
    pub(crate) fn new(db: AnyPool, remotes_dir: PathBuf, host: ContractInfo, allowed_origins: Vec<String>) -> Self {
        let allowed_origins = allowed_origins.iter().map(|o| o.to_ascii_lowercase()).collect();
        Self { db, remotes_dir, host, allowed_origins, last_map: Arc::default(), page_extras: Default::default() }
    }

    /// What a page that uses `map` shows and starts beyond the map: each
    /// remote's prerendered modules (before any wasm runs) and its modules' data
    /// prefetches.
    pub(crate) fn page_extras(&self, map: &RemoteMap) -> page_extras::PageExtras {
        self.page_extras.for_map(&self.remotes_dir, map)
    }

    /// The contract the container speaks.
    pub(crate) fn host_contract(&self) -> &ContractInfo {
        &self.host
    }

    /// The live version of every remote, for a page: the entries frozen when each
    /// went live.
    pub(crate) async fn remote_map(&self) -> Result<RemoteMap, RegistryError> {
        let rows = sqlx::query(
            "SELECT a.remote, d.entry FROM remote_active a JOIN remote_deployments d ON d.id = a.deployment_id",
        )
        .fetch_all(&self.db)
        .await?;
        let mut map = RemoteMap::new();
        for row in rows {
            let remote: String = row.try_get("remote")?;
            let entry: String = row.try_get("entry")?;
            match (RemoteName::new(&remote), serde_json::from_str::<RemoteLocation>(&entry)) {
                (Some(name), Ok(location)) => {
                    map.insert(name, location);
                }
                _ => tracing::error!("the live entry of {remote} is unreadable: deploy it again"),
            }
        }
        if let Ok(mut last) = self.last_map.write() {
            last.clone_from(&map);
        }
        Ok(map)
    }

    /// The remote map for a page; when the database cannot be read, the last one
    /// read (logged), rather than a page without remotes.
    pub(crate) async fn page_map(&self) -> RemoteMap {
        match self.remote_map().await {
            Ok(map) => map,
            Err(problem) => {
                tracing::error!("cannot read the remote map, serving the last one: {problem}");
                self.last_map.read().map(|m| m.clone()).unwrap_or_default()
            }
        }
    }

    /// Makes the newest healthy version in the remotes folder live for every remote
    /// that nobody deployed through the API.
    pub(crate) async fn follow_remotes_folder(&self) -> Result<(), RegistryError> {
        let Ok(entries) = std::fs::read_dir(&self.remotes_dir) else {
            tracing::warn!(
                "no remotes folder at {}: build the remotes with `cargo xtask build`",
                self.remotes_dir.display()
            );
            return Ok(());
        };
        for entry in entries.flatten() {
            let Some(name) = entry.file_name().to_str().and_then(RemoteName::new) else { continue };
            let active = self.active(&name).await?;
            // Someone deployed or rolled back through the API: theirs from now on.
            if active.as_ref().is_some_and(|a| a.action != FOLLOWED) {
                continue;
            }
            let Some((version, manifest)) = self.newest_healthy(&name) else { continue };
            let live_assets = self.live_assets(&name).await?;
            if active.as_ref().is_some_and(|a| a.version == version.to_string())
                && live_assets.as_deref() == Some(assets_of(&manifest).as_str())
            {
                continue;
            }
            // A new version, or (while developing) the same version rebuilt.
            let bases = vec![server_base(&name, &version)];
            self.activate(&name, &version, &bases, &manifest, FOLLOWED, FOLLOWER, false).await?;
        }
        Ok(())
    }

    fn newest_healthy(&self, name: &RemoteName) -> Option<(Version, Manifest)> {
        let dir = self.remotes_dir.join(name.as_str());
        let mut versions: Vec<Version> =
            std::fs::read_dir(dir).ok()?.flatten().filter_map(|e| e.file_name().to_str()?.parse().ok()).collect();
        versions.sort();
        versions.into_iter().rev().find_map(|version| {
            match health::check(&self.remotes_dir, name, &version, &self.host) {
                Ok(manifest) => Some((version, manifest)),
                Err(problem) => {
                    tracing::error!("not serving {name}@{version}: {problem}");
                    None
                }
            }
        })
    }

    /// Deploys a version after its health check; refused deploys are recorded too.
    pub(crate) async fn deploy(&self, request: DeployRequest) -> Result<Deployment, RegistryError> {
        let DeployRequest { remote, version, bases, force, by } = request;
        let bases = match self.checked_bases(&remote, &version, bases.clone()) {
            Ok(bases) => bases,
            Err(problem) => {
                self.record_refusal(&remote, &version, &bases, &by, &problem).await;
                return Err(problem);
            }
        };
        // A forced deploy skips only the contract half of the check.
        let checked = health::check_files(&self.remotes_dir, &remote, &version).and_then(|manifest| {
            if !force {
                health::check_contract(&self.host, &manifest)?;
            }
            Ok(manifest)
        });
        let outcome = match checked {
            Ok(manifest) => self.activate(&remote, &version, &bases, &manifest, "deploy", &by, true).await,
            Err(problem) => Err(problem),
        };
        if let Err(problem) = &outcome {
            if !matches!(problem, RegistryError::UnknownVersion { .. } | RegistryError::Database(_)) {
                self.record_refusal(&remote, &version, &bases, &by, problem).await;
            }
        }
        outcome
    }

    /// Makes `to` (or, without it, the version live before the current one) live
    /// again, after its health check.
    pub(crate) async fn rollback(
        &self,
        remote: &RemoteName,
        to: Option<Version>,
        by: &str,
    ) -> Result<Deployment, RegistryError> {
        let history = self.history(remote).await?;
        let active = self.active(remote).await?;
        let live = |d: &&Deployment| d.action != "refused";
        let target = match &to {
            Some(version) => history.iter().filter(live).find(|d| d.version == version.to_string()),
            None => {
                let current = active.as_ref().map(|a| a.version.clone()).unwrap_or_default();
                history.iter().filter(live).find(|d| d.version != current)
            }
        }
        .cloned()
        .ok_or_else(|| RegistryError::NothingToRollBackTo {
            remote: remote.to_string(),
            version: to.as_ref().map(Version::to_string),
        })?;
        let version: Version = target.version.parse().map_err(|_| RegistryError::UnknownVersion {
            remote: remote.to_string(),
            version: target.version.clone(),
        })?;
        // The allowed origins may have changed since.
        let bases = self.checked_bases(remote, &version, target.bases.clone())?;
        let manifest = health::check(&self.remotes_dir, remote, &version, &self.host)?;
        self.activate(remote, &version, &bases, &manifest, "rollback", by, true).await
    }

    /// Whether `remote@version` was ever live here (telemetry about anything else
    /// is refused, so reports cannot invent remotes or versions).
    pub(crate) async fn has_served(&self, remote: &str, version: &str) -> Result<bool, RegistryError> {
        let found = sqlx::query(
            "SELECT id FROM remote_deployments WHERE remote = $1 AND version = $2 AND action <> 'refused' LIMIT 1",
        )
        .bind(remote)
        .bind(version)
        .fetch_optional(&self.db)
        .await?;
        Ok(found.is_some())
    }

    /// Every remote the registry or the remotes folder knows, with its live
    /// version, its health now, and its history.
    pub(crate) async fn list(&self) -> Result<Vec<RemoteStatus>, RegistryError> {
        let mut names: Vec<String> = sqlx::query("SELECT DISTINCT remote FROM remote_deployments")
            .fetch_all(&self.db)
            .await?
            .iter()
            .map(|r| r.try_get("remote"))
            .collect::<Result<_, _>>()?;
        names.sort();
        let mut list = Vec::new();
        for name in names.iter().filter_map(|n| RemoteName::new(n)) {
            let active = self.active(&name).await?;
            let health = match &active {
                Some(a) => match a.version.parse() {
                    Ok(version) => match health::check(&self.remotes_dir, &name, &version, &self.host) {
                        Ok(_) => "ok".to_owned(),
                        Err(problem) => problem.to_string(),
                    },
                    Err(_) => format!("the live version `{}` is not a version", a.version),
                },
                None => "nothing live".to_owned(),
            };
            list.push(RemoteStatus { name: name.to_string(), active, health, history: self.history(&name).await? });
        }
        Ok(list)
    }

    /// Relative bases must be under the server's own `/remotes/`; absolute ones
    /// on an allowed origin (compared after parsing, case-insensitively). Anything
    /// a browser would read differently than this check (backslashes, spaces,
    /// control characters, `//host` paths) is refused.
    fn checked_bases(
        &self,
        remote: &RemoteName,
        version: &Version,
        bases: Vec<String>,
    ) -> Result<Vec<String>, RegistryError> {
        if bases.is_empty() {
            return Ok(vec![server_base(remote, version)]);
        }
        let mut checked = Vec::new();
        for base in bases {
            let refused = || RegistryError::OriginNotAllowed { base: base.clone() };
            let plain = !base.is_empty()
                && base.chars().all(|c| c.is_ascii_graphic() && c != '\\')
                && !base.contains(['?', '#'])
                && !base.split('/').any(|segment| segment == ".." || segment == ".");
            if !plain {
                return Err(refused());
            }
            let allowed = if base.starts_with('/') {
                base.starts_with("/remotes/")
            } else {
                match base.split_once("://") {
                    Some((scheme, rest)) => {
                        let host = rest.split('/').next().unwrap_or_default();
                        let origin = format!("{scheme}://{host}").to_ascii_lowercase();
                        rest.contains('/') && self.allowed_origins.contains(&origin)
                    }
                    None => false,
                }
            };
            if !allowed {
                return Err(refused());
            }
            checked.push(if base.ends_with('/') { base } else { format!("{base}/") });
        }
        Ok(checked)
    }

    /// The asset integrities of `remote`'s live deployment; none when it has no
    /// remote-map entry (deployed before entries were recorded).
    async fn live_assets(&self, remote: &RemoteName) -> Result<Option<String>, RegistryError> {
        let row = sqlx::query(
            "SELECT d.assets, d.entry FROM remote_active a JOIN remote_deployments d ON d.id = a.deployment_id WHERE a.remote = $1",
        )
        .bind(remote.as_str())
        .fetch_optional(&self.db)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let entry: String = row.try_get("entry")?;
        Ok(if entry.is_empty() { None } else { Some(row.try_get("assets")?) })
    }

    /// Makes `manifest`'s version live, in one transaction. With `immutable`, a
    /// version deployed before with other files is refused (checked inside the
    /// transaction).
    #[allow(clippy::too_many_arguments)] // One private step with its whole context.
    async fn activate(
        &self,
        remote: &RemoteName,
        version: &Version,
        bases: &[String],
        manifest: &Manifest,
        action: &str,
        by: &str,
        immutable: bool,
    ) -> Result<Deployment, RegistryError> {
        let assets = assets_of(manifest);
        let entry = serde_json::to_string(&RemoteLocation::new(manifest, bases.to_vec()))
            .map_err(|e| RegistryError::Database(e.to_string()))?;
        let mut tx = self.db.begin().await?;
        if immutable {
            let before: Option<String> = sqlx::query(
                "SELECT assets FROM remote_deployments WHERE remote = $1 AND version = $2 AND action NOT IN ('refused', 'bootstrap') ORDER BY id DESC LIMIT 1",
            )
            .bind(remote.as_str())
            .bind(version.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get("assets"))
            .transpose()?;
            if before.is_some_and(|before| before != assets) {
                return Err(RegistryError::VersionChanged { remote: remote.to_string(), version: version.to_string() });
            }
        }
        let id: i64 = sqlx::query(
            "INSERT INTO remote_deployments (remote, version, bases, assets, entry, action, deployed_at, deployed_by, health) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'ok') RETURNING id",
        )
        .bind(remote.as_str())
        .bind(version.to_string())
        .bind(serde_json::to_string(bases).unwrap_or_default())
        .bind(&assets)
        .bind(&entry)
        .bind(action)
        .bind(now())
        .bind(by)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        sqlx::query(
            "INSERT INTO remote_active (remote, deployment_id) VALUES ($1, $2) \
             ON CONFLICT (remote) DO UPDATE SET deployment_id = excluded.deployment_id",
        )
        .bind(remote.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(
            "SELECT id, version, bases, action, deployed_at, deployed_by, health FROM remote_deployments WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!("{remote}@{version} is live ({action} by {by})");
        deployment(&row)
    }

    async fn record_refusal(
        &self,
        remote: &RemoteName,
        version: &Version,
        bases: &[String],
        by: &str,
        problem: &RegistryError,
    ) {
        let recorded = sqlx::query(
            "INSERT INTO remote_deployments (remote, version, bases, assets, action, deployed_at, deployed_by, health) \
             VALUES ($1, $2, $3, '', 'refused', $4, $5, $6)",
        )
        .bind(remote.as_str())
        .bind(version.to_string())
        .bind(serde_json::to_string(bases).unwrap_or_default())
        .bind(now())
        .bind(by)
        .bind(problem.to_string())
        .execute(&self.db)
        .await;
        if let Err(e) = recorded {
            tracing::error!("could not record the refused deploy of {remote}@{version} ({problem}): {e}");
        }
    }

    async fn active(&self, remote: &RemoteName) -> Result<Option<Deployment>, RegistryError> {
        let row = sqlx::query(
            "SELECT d.id, d.version, d.bases, d.action, d.deployed_at, d.deployed_by, d.health \
             FROM remote_active a JOIN remote_deployments d ON d.id = a.deployment_id WHERE a.remote = $1",
        )
        .bind(remote.as_str())
        .fetch_optional(&self.db)
        .await?;
        row.map(|r| deployment(&r)).transpose()
    }

    async fn history(&self, remote: &RemoteName) -> Result<Vec<Deployment>, RegistryError> {
        let rows = sqlx::query(
            "SELECT id, version, bases, action, deployed_at, deployed_by, health \
             FROM remote_deployments WHERE remote = $1 ORDER BY id DESC",
        )
        .bind(remote.as_str())
        .fetch_all(&self.db)
        .await?;
        rows.iter().map(deployment).collect()
    }
}

fn deployment(row: &sqlx::any::AnyRow) -> Result<Deployment, RegistryError> {
    Ok(Deployment {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        bases: parse_bases(&row.try_get::<String, _>("bases")?),
        action: row.try_get("action")?,
        deployed_at: row.try_get("deployed_at")?,
        deployed_by: row.try_get("deployed_by")?,
        health: row.try_get("health")?,
    })
}

fn parse_bases(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// The integrities of a manifest's assets, which identify a version's files.
fn assets_of(manifest: &Manifest) -> String {
    manifest.assets.iter().map(|(_, a)| a.integrity.as_str().to_owned()).collect::<Vec<_>>().join(" ")
}
