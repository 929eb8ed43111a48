//! Accounts and sessions: argon2id password hashes, and sessions stored in the
//! database (only a SHA-256 of each token), so any server instance can serve any
//! request.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use contract::state::{Role, SessionUser};
use rand_core::OsRng;
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};

use crate::db::now;

/// How long a session lasts without signing in again: 30 days.
pub(crate) const SESSION_SECONDS: i64 = 30 * 24 * 60 * 60;

/// Why an account operation failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum AccountError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("wrong email or password")]
    WrongCredentials,
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Creates an account; the email is stored lowercased.
pub(crate) async fn register(
    db: &AnyPool,
    name: &str,
    email: &str,
    password: &str,
) -> Result<SessionUser, AccountError> {
    let email = email.trim().to_lowercase();
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| AccountError::Hash(e.to_string()))?
        .to_string();
    let inserted = sqlx::query("INSERT INTO users (name, email, password_hash, role, created_at) VALUES ($1, $2, $3, 'student', $4) RETURNING id")
        .bind(name.trim())
        .bind(&email)
        .bind(&hash)
        .bind(now())
        .fetch_one(db)
        .await;
    match inserted {
        Ok(row) => Ok(SessionUser {
            id: row.try_get::<i64, _>("id")? as u64,
            name: name.trim().to_owned(),
            email,
            role: Role::Student,
            subscriptions: Vec::new(),
        }),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AccountError::EmailTaken),
        Err(e) => Err(e.into()),
    }
}

/// Checks an email and password. The same error for an unknown email and a wrong
/// password, so accounts cannot be discovered.
pub(crate) async fn verify(db: &AnyPool, email: &str, password: &str) -> Result<SessionUser, AccountError> {
    let email = email.trim().to_lowercase();
    let row = sqlx::query("SELECT id, name, email, role, password_hash FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(db)
        .await?;
    let Some(row) = row else {
        return Err(AccountError::WrongCredentials);
    };
    let stored: String = row.try_get("password_hash")?;
    let hash = PasswordHash::new(&stored).map_err(|e| AccountError::Hash(e.to_string()))?;
    Argon2::default().verify_password(password.as_bytes(), &hash).map_err(|_| AccountError::WrongCredentials)?;
    user_from_row(&row)
}

/// Makes the existing accounts listed in `emails` (`MF_ADMIN_EMAILS`) admins,
/// and every other admin a student: the list is the one source of admins. Run
/// at start only, never at sign-up: an address listed before its owner
/// registered could otherwise be taken by whoever registers it first (there is
/// no email verification). Returns how many accounts are admins.
pub(crate) async fn sync_admins(db: &AnyPool, emails: &[String]) -> Result<u64, AccountError> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE users SET role = 'student' WHERE role = 'admin'").execute(&mut *tx).await?;
    let mut admins = 0;
    for email in emails {
        let done =
            sqlx::query("UPDATE users SET role = 'admin' WHERE email = $1").bind(email).execute(&mut *tx).await?;
        admins += done.rows_affected();
    }
    tx.commit().await?;
    Ok(admins)
}

/// Starts a session for `user`; returns the token for the cookie.
pub(crate) async fn start_session(db: &AnyPool, user: &SessionUser) -> Result<String, AccountError> {
    let token = crate::security::random_hex::<32>();
    let created = now();
    // Housekeeping, best effort: expired sessions no longer sign anyone in.
    if let Err(e) = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(created).execute(db).await {
        tracing::warn!("could not clear expired sessions: {e}");
    }
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(user.id as i64)
        .bind(created)
        .bind(created + SESSION_SECONDS)
        .execute(db)
        .await?;
    Ok(token)
}

/// The user of a live session, if the token names one.
pub(crate) async fn session_user(db: &AnyPool, token: &str) -> Result<Option<SessionUser>, AccountError> {
    let row = sqlx::query(
        "SELECT u.id, u.name, u.email, u.role FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(now())
    .fetch_optional(db)
    .await?;
    row.as_ref().map(user_from_row).transpose()
}

/// Ends every session of the user `user_id`: signed out on every device.
pub(crate) async fn end_all_sessions(db: &AnyPool, user_id: u64) -> Result<(), AccountError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id as i64).execute(db).await?;
    Ok(())
}

/// Ends the session of `token` (if any).
pub(crate) async fn end_session(db: &AnyPool, token: &str) -> Result<(), AccountError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token)).execute(db).await?;
    Ok(())
}

fn token_hash(token: &str) -> String {
    crate::security::hex(&Sha256::digest(token.as_bytes()))
}

fn user_from_row(row: &sqlx::any::AnyRow) -> Result<SessionUser, AccountError> {
    let role = match row.try_get::<String, _>("role")?.as_str() {
        "admin" => Role::Admin,
        "instructor" => Role::Instructor,
        _ => Role::Student,
    };
    Ok(SessionUser {
        id: row.try_get::<i64, _>("id")? as u64,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        role,
        subscriptions: Vec::new(),
    })
}
