//! Running a [`Plan`](crate::Plan) as SQL, shared by the backends.
//!
//! A write of many entries (an import of a national register is over a hundred thousand) is sent
//! as a few multi-row statements rather than two statements per entry: the steps are cut into
//! [`batches`], and each batch is one `INSERT` of its audit entries, one `UPDATE` per version it
//! closes, and one `INSERT` of its new versions. No entry appears twice in a batch, so running a
//! batch's statements kind by kind does exactly what running its steps one by one would.

use crate::plan::Step;
use std::collections::HashSet;

/// The most steps one statement writes: 1,000 rows of at most 9 values stays well inside the
/// bind-parameter limits of SQLite (32,766) and PostgreSQL (65,535).
pub const BATCH: usize = 1000;

/// Cuts `steps` into consecutive runs of at most `max` steps (at least one) in which no entry
/// (table and key) appears twice.
pub fn batches(steps: &[Step], max: usize) -> Vec<&[Step]> {
    let max = max.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for (i, step) in steps.iter().enumerate() {
        let entry = (step.table.as_str(), step.key.as_str());
        if i - start == max || seen.contains(&entry) {
            out.push(&steps[start..i]);
            start = i;
            seen.clear();
        }
        seen.insert(entry);
    }
    if start < steps.len() {
        out.push(&steps[start..]);
    }
    out
}

/// Runs `$plan` (a [`Plan`](crate::Plan)) inside the open transaction `$tx` of database `$db`,
/// by [`batches`], calling `$progress(done, total)` before each batch and once at the end. The
/// caller's crate must have a `db` function turning a `sqlx::Error` into a `StoreError`.
#[doc(hidden)]
#[macro_export]
macro_rules! write_plan {
    ($db:ty, $tx:expr, $actor:expr, $plan:expr, $progress:expr) => {{
        let plan: &$crate::Plan = $plan;
        let at = $crate::to_micros(plan.at);
        let total = plan.steps.len();
        let mut done = 0;
        for batch in $crate::write::batches(&plan.steps, $crate::write::BATCH) {
            $progress(done, total);
            let mut audit = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO audit_log (at_us, actor, action, entity_table, entity_key, council, \
                 before_json, after_json) ",
            );
            audit.push_values(batch, |mut row, step| {
                row.push_bind(at)
                    .push_bind($actor.to_owned())
                    .push_bind(step.action.as_str())
                    .push_bind(step.table.clone())
                    .push_bind(step.key.clone())
                    .push_bind(step.council.clone())
                    .push_bind(step.before.as_ref().map(|v| v.to_string()))
                    .push_bind(step.after.as_ref().map(|v| v.to_string()));
            });
            audit.push(" RETURNING id, entity_table, entity_key");
            let ids: Vec<(i64, String, String)> = audit
                .build_query_as()
                .fetch_all(&mut *$tx)
                .await
                .map_err(db)?;
            let ids: std::collections::HashMap<(String, String), i64> =
                ids.into_iter().map(|(id, t, k)| ((t, k), id)).collect();
            let audit_id = |step: &$crate::plan::Step| {
                ids.get(&(step.table.clone(), step.key.clone()))
                    .copied()
                    .ok_or_else(|| {
                        $crate::StoreError::Database(format!(
                            "no audit entry was recorded for {} `{}`",
                            step.table, step.key
                        ))
                    })
            };
            for step in batch {
                let Some(version) = step.close else { continue };
                let closed = sqlx::query(
                    "UPDATE facts SET recorded_to_us = $1, closed_by = $2 \
                     WHERE entity_table = $3 AND entity_key = $4 AND version = $5 \
                     AND recorded_to_us IS NULL",
                )
                .bind(at)
                .bind(audit_id(step)?)
                .bind(&step.table)
                .bind(&step.key)
                .bind(version)
                .execute(&mut *$tx)
                .await
                .map_err(db)?;
                if closed.rows_affected() != 1 {
                    return Err($crate::StoreError::Database(format!(
                        "{} `{}` version {version} was not current",
                        step.table, step.key
                    )));
                }
            }
            let inserts = batch
                .iter()
                .filter_map(|step| {
                    let (version, body) = step.insert.as_ref()?;
                    Some(audit_id(step).map(|id| (step, *version, body, id)))
                })
                .collect::<Result<Vec<_>, _>>()?;
            if !inserts.is_empty() {
                let mut facts = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO facts (entity_table, entity_key, version, council, valid_from, \
                     valid_to, recorded_from_us, created_by, body) ",
                );
                facts.push_values(inserts, |mut row, (step, version, body, id)| {
                    let (from, to) = step.valid();
                    row.push_bind(step.table.clone())
                        .push_bind(step.key.clone())
                        .push_bind(version)
                        .push_bind(step.council.clone())
                        .push_bind(from.map(|d| d.to_string()))
                        .push_bind(to.map(|d| d.to_string()))
                        .push_bind(at)
                        .push_bind(id)
                        .push_bind(body.to_string());
                });
                facts.build().execute(&mut *$tx).await.map_err(db)?;
            }
            done += batch.len();
        }
        $progress(total, total);
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Action;

    fn step(key: &str) -> Step {
        Step {
            action: Action::Create,
            table: "posts".into(),
            key: key.into(),
            council: None,
            close: None,
            insert: None,
            before: None,
            after: None,
        }
    }

    fn keys(runs: &[&[Step]]) -> Vec<Vec<String>> {
        runs.iter()
            .map(|r| r.iter().map(|s| s.key.clone()).collect())
            .collect()
    }

    #[test]
    fn batches_hold_at_most_the_maximum_and_keep_every_step_in_order() {
        let steps: Vec<Step> = (0..7).map(|i| step(&i.to_string())).collect();
        let runs = batches(&steps, 3);
        assert_eq!(
            keys(&runs),
            [vec!["0", "1", "2"], vec!["3", "4", "5"], vec!["6"]]
        );
    }

    #[test]
    fn an_entry_written_twice_starts_a_new_batch() {
        let steps: Vec<Step> = ["a", "b", "a", "c", "a"].into_iter().map(step).collect();
        let runs = batches(&steps, 100);
        assert_eq!(keys(&runs), [vec!["a", "b"], vec!["a", "c"], vec!["a"]]);
    }

    #[test]
    fn no_steps_make_no_batches_and_a_zero_maximum_is_one() {
        assert!(batches(&[], 10).is_empty());
        let steps: Vec<Step> = ["a", "b"].into_iter().map(step).collect();
        assert_eq!(keys(&batches(&steps, 0)), [vec!["a"], vec!["b"]]);
    }
}
