//! The question bank and exam attempts. Answers are saved as they are given, so
//! an attempt survives a reload or a dropped connection.

use contract::api::{Attempt, AttemptQuestion, AttemptSummary, TopicCount};
use contract::state::Topic;
use serde::Deserialize;
use sqlx::{AnyPool, Row};

use crate::db::now;

/// The bank seeded at first start (see `seed/questions.json`).
const SEED: &str = include_str!("../seed/questions.json");

/// The longest attempt a student can ask for.
pub(crate) const MAX_LENGTH: u32 = 50;

#[derive(Deserialize)]
struct SeedQuestion {
    topic: Topic,
    stem: String,
    choices: Vec<String>,
    answer: u32,
    rationale: String,
}

/// Fills the question bank when it is empty.
pub(crate) async fn seed_questions(db: &AnyPool) -> Result<(), sqlx::Error> {
    let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM questions").fetch_one(db).await?.try_get("n")?;
    if count > 0 {
        return Ok(());
    }
    let questions: Vec<SeedQuestion> =
        serde_json::from_str(SEED).map_err(|e| sqlx::Error::Protocol(format!("seed/questions.json: {e}")))?;
    let mut tx = db.begin().await?;
    for q in questions {
        sqlx::query("INSERT INTO questions (topic, stem, choices, answer, rationale) VALUES ($1, $2, $3, $4, $5)")
            .bind(q.topic.id())
            .bind(q.stem)
            .bind(serde_json::to_string(&q.choices).unwrap_or_default())
            .bind(i64::from(q.answer))
            .bind(q.rationale)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

fn parse_topic(id: &str) -> Topic {
    Topic::from_id(id).unwrap_or(Topic::Fundamentals)
}

pub(crate) async fn topics(db: &AnyPool) -> Result<Vec<TopicCount>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT topic, COUNT(*) AS n FROM questions GROUP BY topic ORDER BY topic").fetch_all(db).await?;
    rows.iter()
        .map(|r| {
            Ok(TopicCount {
                topic: parse_topic(&r.try_get::<String, _>("topic")?),
                questions: r.try_get::<i64, _>("n")? as u32,
            })
        })
        .collect()
}

/// Why an exam operation was refused.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ExamError {
    #[error("this topic has only {available} questions")]
    TooLong { available: u32 },
    #[error("no such attempt")]
    NoAttempt,
    #[error("this question is not part of the attempt")]
    NoQuestion,
    #[error("this attempt is already finished")]
    Finished,
    #[error("this idempotency key was used for another answer")]
    KeyReused,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Starts an attempt of `length` random questions of `topic` for `user`.
pub(crate) async fn start(db: &AnyPool, user: u64, topic: Topic, length: u32) -> Result<Attempt, ExamError> {
    let rows = sqlx::query("SELECT id FROM questions WHERE topic = $1 ORDER BY RANDOM()")
        .bind(topic.id())
        .fetch_all(db)
        .await?;
    if (rows.len() as u32) < length {
        return Err(ExamError::TooLong { available: rows.len() as u32 });
    }
    let ids: Vec<i64> = rows.iter().take(length as usize).map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
    let row = sqlx::query(
        "INSERT INTO attempts (user_id, topic, question_ids, started_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user as i64)
    .bind(topic.id())
    .bind(serde_json::to_string(&ids).unwrap_or_default())
    .bind(now())
    .fetch_one(db)
    .await?;
    get(db, user, row.try_get::<i64, _>("id")? as u64).await
}

/// The attempt `id` of `user`.
pub(crate) async fn get(db: &AnyPool, user: u64, id: u64) -> Result<Attempt, ExamError> {
    let row = sqlx::query(
        "SELECT topic, question_ids, started_at, finished_at, score FROM attempts WHERE id = $1 AND user_id = $2",
    )
    .bind(id as i64)
    .bind(user as i64)
    .fetch_optional(db)
    .await?
    .ok_or(ExamError::NoAttempt)?;
    let ids: Vec<i64> = serde_json::from_str(&row.try_get::<String, _>("question_ids")?).unwrap_or_default();
    let finished_at: Option<i64> = row.try_get("finished_at")?;
    let chosen = sqlx::query("SELECT question_id, choice FROM answers WHERE attempt_id = $1")
        .bind(id as i64)
        .fetch_all(db)
        .await?;
    let chosen: Vec<(i64, i64)> = chosen
        .iter()
        .map(|r| Ok((r.try_get("question_id")?, r.try_get("choice")?)))
        .collect::<Result<_, sqlx::Error>>()?;
    // One query for every question of the attempt, kept in the attempt's order.
    let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql =
        format!("SELECT id, stem, choices, answer, rationale FROM questions WHERE id IN ({})", placeholders.join(", "));
    let mut query = sqlx::query(&sql);
    for question in &ids {
        query = query.bind(*question);
    }
    let rows = if ids.is_empty() { Vec::new() } else { query.fetch_all(db).await? };
    let reveal = finished_at.is_some();
    let mut questions = Vec::with_capacity(ids.len());
    for question in &ids {
        let mut found = None;
        for row in &rows {
            if row.try_get::<i64, _>("id")? == *question {
                found = Some(row);
                break;
            }
        }
        let q = found.ok_or(sqlx::Error::RowNotFound)?;
        questions.push(AttemptQuestion {
            id: *question as u64,
            stem: q.try_get("stem")?,
            choices: serde_json::from_str(&q.try_get::<String, _>("choices")?).unwrap_or_default(),
            chosen: chosen.iter().find(|(qid, _)| qid == question).map(|(_, c)| *c as u32),
            answer: if reveal { Some(q.try_get::<i64, _>("answer")? as u32) } else { None },
            rationale: if reveal { Some(q.try_get("rationale")?) } else { None },
        });
    }
    Ok(Attempt {
        id,
        topic: parse_topic(&row.try_get::<String, _>("topic")?),
        started_at: row.try_get("started_at")?,
        finished_at,
        score: row.try_get::<Option<i64>, _>("score")?.map(|s| s as u32),
        total: ids.len() as u32,
        answered: chosen.len() as u32,
        questions,
    })
}

/// What became of an answer sent with an idempotency key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Saved {
    /// Saved now.
    Applied,
    /// This key was saved before (a retry or a replay): nothing changed.
    Replayed,
}

/// Saves (or changes) the answer to one question of an unfinished attempt.
///
/// With an idempotency `key`, the answer is applied at most once: the same key
/// again, with the same question and choice, is [`Saved::Replayed`] and changes
/// nothing (even after the attempt finished, since it was saved before), so a
/// retry of an old answer never overwrites a newer one; the same key with
/// another answer is [`ExamError::KeyReused`].
pub(crate) async fn answer(
    db: &AnyPool,
    user: u64,
    attempt: u64,
    question: u64,
    choice: u32,
    key: Option<&str>,
) -> Result<Saved, ExamError> {
    let current = get(db, user, attempt).await?;
    if let Some(key) = key {
        if let Some(earlier) = sent_before(db, attempt, key, (question, choice)).await? {
            return earlier;
        }
    }
    if current.finished_at.is_some() {
        return Err(ExamError::Finished);
    }
    if !current.questions.iter().any(|q| q.id == question) {
        return Err(ExamError::NoQuestion);
    }
    let mut tx = db.begin().await?;
    if let Some(key) = key {
        let recorded = sqlx::query(
            "INSERT INTO answer_keys (attempt_id, idempotency_key, question_id, choice, saved_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (attempt_id, idempotency_key) DO NOTHING",
        )
        .bind(attempt as i64)
        .bind(key)
        .bind(question as i64)
        .bind(i64::from(choice))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if recorded.rows_affected() == 0 {
            // The same key arrived twice at once; the other request saved it.
            tx.rollback().await?;
            return sent_before(db, attempt, key, (question, choice)).await?.unwrap_or(Err(ExamError::KeyReused));
        }
    }
    sqlx::query(
        "INSERT INTO answers (attempt_id, question_id, choice, answered_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (attempt_id, question_id) DO UPDATE SET choice = excluded.choice, answered_at = excluded.answered_at",
    )
    .bind(attempt as i64)
    .bind(question as i64)
    .bind(i64::from(choice))
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Saved::Applied)
}

/// What answering `(question, choice)` with `key` in `attempt` comes to when
/// that key was saved before: a replay if it saved the same answer, else a
/// reused key; `None` when the key is new.
async fn sent_before(
    db: &AnyPool,
    attempt: u64,
    key: &str,
    answer: (u64, u32),
) -> Result<Option<Result<Saved, ExamError>>, sqlx::Error> {
    let row = sqlx::query("SELECT question_id, choice FROM answer_keys WHERE attempt_id = $1 AND idempotency_key = $2")
        .bind(attempt as i64)
        .bind(key)
        .fetch_optional(db)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let saved = (row.try_get::<i64, _>("question_id")? as u64, row.try_get::<i64, _>("choice")? as u32);
    Ok(Some(if saved == answer { Ok(Saved::Replayed) } else { Err(ExamError::KeyReused) }))
}

/// Scores and closes an attempt; finishing twice returns the same result.
pub(crate) async fn finish(db: &AnyPool, user: u64, attempt: u64) -> Result<Attempt, ExamError> {
    let current = get(db, user, attempt).await?;
    if current.finished_at.is_none() {
        let score = sqlx::query(
            "SELECT COUNT(*) AS n FROM answers a JOIN questions q ON q.id = a.question_id \
             WHERE a.attempt_id = $1 AND a.choice = q.answer",
        )
        .bind(attempt as i64)
        .fetch_one(db)
        .await?
        .try_get::<i64, _>("n")?;
        sqlx::query("UPDATE attempts SET finished_at = $1, score = $2 WHERE id = $3 AND finished_at IS NULL")
            .bind(now())
            .bind(score)
            .bind(attempt as i64)
            .execute(db)
            .await?;
    }
    get(db, user, attempt).await
}

/// `user`'s attempts, newest first.
pub(crate) async fn history(db: &AnyPool, user: u64) -> Result<Vec<AttemptSummary>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, topic, question_ids, started_at, finished_at, score FROM attempts WHERE user_id = $1 ORDER BY started_at DESC, id DESC")
        .bind(user as i64)
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|r| {
            let ids: Vec<i64> = serde_json::from_str(&r.try_get::<String, _>("question_ids")?).unwrap_or_default();
            Ok(AttemptSummary {
                id: r.try_get::<i64, _>("id")? as u64,
                topic: parse_topic(&r.try_get::<String, _>("topic")?),
                started_at: r.try_get("started_at")?,
                finished_at: r.try_get("finished_at")?,
                score: r.try_get::<Option<i64>, _>("score")?.map(|s| s as u32),
                total: ids.len() as u32,
            })
        })
        .collect()
}
