//! Deciding what a write does, before any SQL runs.
//!
//! A backend opens its transaction, reads the current versions, and asks [`plan`] what to do with
//! the requested changes. The plan checks each change against the version it was based on,
//! decides which versions to close and which to insert (an unchanged body writes nothing), and
//! validates the register that would result by reading it through the domain reader, so the
//! database never holds a register that `assure validate` would refuse.

use crate::{Action, Applied, Change, StoreError, Version};
use assure_domain::date::parse_date;
use assure_domain::reader::{InputError, Source, Syntax, read};
use assure_domain::writer::document;
use assure_domain::{Date, Register};
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use std::collections::HashMap;

/// One step of a write: an audit entry, and the version it closes and/or inserts.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub action: Action,
    pub table: String,
    pub key: String,
    pub council: Option<String>,
    /// The current version to close, if any.
    pub close: Option<i64>,
    /// The version number and body to insert, if any.
    pub insert: Option<(i64, Value)>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Step {
    /// The valid time of the inserted body (`from`, `to`), for the indexed columns.
    pub fn valid(&self) -> (Option<Date>, Option<Date>) {
        let get = |k: &str| {
            self.insert
                .as_ref()
                .and_then(|(_, b)| b.get(k))
                .and_then(Value::as_str)
                .and_then(parse_date)
        };
        (get("from"), get("to"))
    }
}

/// An entry's table and key.
type EntryKey = (String, String);

/// An entry's latest version number, council, and body (`None` once deleted).
type Live = (i64, Option<String>, Option<Value>);

/// What a write will do.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The recorded instant of every version and audit entry the write makes.
    pub at: Timestamp,
    pub steps: Vec<Step>,
    pub applied: Applied,
}

/// Plans `changes` against the `current` versions. `last` is the latest recorded instant in the
/// store: the write is recorded strictly after it, so instants order the history even when the
/// clock is coarse or steps back.
pub fn plan(
    current: &[Version],
    changes: Vec<Change>,
    last: Option<Timestamp>,
    now: Timestamp,
) -> Result<Plan, StoreError> {
    // Stored instants have microsecond precision; plan in the same unit.
    let now = crate::from_micros(crate::to_micros(now));
    let at = match last {
        Some(l) if now <= l => l
            .saturating_add(SignedDuration::from_micros(1))
            .unwrap_or(l),
        _ => now,
    };
    // The register as it will be: (table, key) -> (version, council, body), in a stable order.
    let mut order: Vec<(String, String)> = Vec::new();
    let mut state: HashMap<EntryKey, Live> = HashMap::new();
    for v in current {
        let k = (v.table.clone(), v.key.clone());
        order.push(k.clone());
        state.insert(k, (v.version, v.council.clone(), Some(v.body.clone())));
    }
    let mut steps: Vec<Step> = Vec::new();
    let mut applied = Applied::default();
    let mut touched: Vec<(String, String)> = Vec::new();
    for change in changes {
        match change {
            Change::Put {
                table,
                key,
                council,
                body,
                base,
            } => {
                let k = (table.clone(), key.clone());
                let existing = state.get(&k).cloned();
                let (version, before) = match existing {
                    Some((v, _, Some(b))) => (v, Some(b)),
                    Some((v, _, None)) => (v, None),
                    None => (0, None),
                };
                let live = if before.is_some() { version } else { 0 };
                if let Some(based_on) = base
                    && based_on != live
                {
                    return Err(StoreError::Conflict {
                        table,
                        key,
                        current: live,
                        based_on,
                    });
                }
                if before.as_ref() == Some(&body) {
                    applied.unchanged += 1;
                    applied.versions.push((table, key, version));
                    continue;
                }
                let action = if before.is_some() {
                    Action::Update
                } else {
                    Action::Create
                };
                match action {
                    Action::Update => applied.updated += 1,
                    _ => applied.created += 1,
                }
                if !state.contains_key(&k) {
                    order.push(k.clone());
                }
                let next = version + 1;
                applied.versions.push((table.clone(), key.clone(), next));
                steps.push(Step {
                    action,
                    table,
                    key,
                    council: council.clone(),
                    close: before.is_some().then_some(version),
                    insert: Some((next, body.clone())),
                    before,
                    after: Some(body.clone()),
                });
                state.insert(k.clone(), (next, council, Some(body)));
                touched.push(k);
            }
            Change::Delete { table, key, base } => {
                let k = (table.clone(), key.clone());
                let Some((version, council, Some(before))) = state.get(&k).cloned() else {
                    return Err(StoreError::NotFound { table, key });
                };
                if let Some(based_on) = base
                    && based_on != version
                {
                    return Err(StoreError::Conflict {
                        table,
                        key,
                        current: version,
                        based_on,
                    });
                }
                applied.deleted += 1;
                steps.push(Step {
                    action: Action::Delete,
                    table,
                    key,
                    council: council.clone(),
                    close: Some(version),
                    insert: None,
                    before: Some(before),
                    after: None,
                });
                state.insert(k, (version, council, None));
            }
        }
    }
    if steps.is_empty() {
        return Ok(Plan { at, steps, applied });
    }
    let entries: Vec<(&str, &str, &Value)> = order
        .iter()
        .filter_map(|k| {
            let (_, _, body) = state.get(k)?;
            body.as_ref().map(|b| (k.0.as_str(), k.1.as_str(), b))
        })
        .collect();
    let register = register_of(entries.iter().copied()).map_err(StoreError::Invalid)?;
    applied.warnings = overlaps(&register, &touched);
    applied.at = Some(at);
    Ok(Plan { at, steps, applied })
}

/// Reads stored entries (`(table, key, body)`) as a register through the domain reader. Errors
/// name the entry by table and key rather than by a line of the assembled document.
pub fn register_of<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a str, &'a Value)>,
) -> Result<Register, Vec<InputError>> {
    let entries: Vec<(&str, &str, &Value)> = entries.into_iter().collect();
    let doc = document(entries.iter().map(|(t, _, b)| (*t, *b)));
    let text = serde_json::to_string(&doc).unwrap_or_default();
    let source = Source {
        name: "register",
        text: &text,
        syntax: Syntax::Json,
    };
    read(&[source]).map_err(|errors| {
        let mut keys: HashMap<&str, Vec<&str>> = HashMap::new();
        for (t, k, _) in &entries {
            keys.entry(t).or_default().push(k);
        }
        errors
            .into_iter()
            .map(|mut e| {
                e.field = name_entry(&e.field, &keys);
                e
            })
            .collect()
    })
}

/// `designations[3].post` -> ``designations `designation:coventry/dcs/x/2019-04-01`.post``.
fn name_entry(field: &str, keys: &HashMap<&str, Vec<&str>>) -> String {
    let Some((table, rest)) = field.split_once('[') else {
        return field.to_owned();
    };
    let Some((n, tail)) = rest.split_once(']') else {
        return field.to_owned();
    };
    let key = n
        .parse::<usize>()
        .ok()
        .and_then(|n| keys.get(table)?.get(n.checked_sub(1)?).copied());
    match key {
        Some(key) => format!("{table} `{key}`{tail}"),
        None => field.to_owned(),
    }
}

/// Overlapping designations of one role that involve an entry this write touched: allowed to be
/// recorded (the rules report them), but worth a warning. Designations are compared only with
/// the others of the same council and role, so a national register costs no quadratic scan.
fn overlaps(register: &Register, touched: &[(String, String)]) -> Vec<String> {
    use assure_domain::model::{Designation, Fact, Role};
    let touched_keys: Vec<&str> = touched
        .iter()
        .filter(|(t, _)| t == "designations")
        .map(|(_, k)| k.as_str())
        .collect();
    if touched_keys.is_empty() {
        return Vec::new();
    }
    let mut groups: Vec<((&str, Role), Vec<&Designation>)> = Vec::new();
    let mut group_of: HashMap<(&str, Role), usize> = HashMap::new();
    for d in &register.designations {
        let k = (d.council.as_str(), d.role);
        let i = *group_of.entry(k).or_insert_with(|| {
            groups.push((k, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(d);
    }
    let mut out = Vec::new();
    for (_, ds) in &groups {
        for (i, a) in ds.iter().enumerate() {
            for b in &ds[i + 1..] {
                if a.valid.overlaps(&b.valid) {
                    let (ka, kb) = (a.fact_id(), b.fact_id());
                    if touched_keys
                        .iter()
                        .any(|k| k.starts_with(&ka) || k.starts_with(&kb))
                    {
                        out.push(format!(
                            "two designations of the {} of {} overlap ({} and {}): recorded, and the rules will report it",
                            a.role.short(),
                            a.council,
                            a.valid,
                            b.valid
                        ));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v(table: &str, key: &str, version: i64, body: Value) -> Version {
        Version {
            table: table.into(),
            key: key.into(),
            version,
            council: None,
            body,
            recorded_from: Timestamp::UNIX_EPOCH,
            recorded_to: None,
        }
    }

    fn council() -> Version {
        v(
            "organisations",
            "coventry",
            1,
            json!({"id": "coventry", "name": "Coventry City Council", "kind": "metropolitan_district"}),
        )
    }

    fn post(id: &str) -> Change {
        Change::Put {
            table: "posts".into(),
            key: id.into(),
            council: Some("coventry".into()),
            body: json!({"id": id, "org": "coventry", "title": "Director"}),
            base: None,
        }
    }

    fn now() -> Timestamp {
        Timestamp::from_second(1_800_000_000).expect("valid")
    }

    #[test]
    fn a_new_entry_is_created_as_version_1() {
        let p = plan(&[council()], vec![post("dcs")], None, now()).expect("plans");
        assert_eq!(p.applied.created, 1);
        assert_eq!(p.steps[0].action, Action::Create);
        assert_eq!(p.steps[0].insert.as_ref().map(|(n, _)| *n), Some(1));
        assert_eq!(p.steps[0].close, None);
    }

    #[test]
    fn an_unchanged_entry_writes_nothing() {
        let current = [
            council(),
            v(
                "posts",
                "dcs",
                3,
                json!({"id": "dcs", "org": "coventry", "title": "Director"}),
            ),
        ];
        let p = plan(&current, vec![post("dcs")], None, now()).expect("plans");
        assert!(p.steps.is_empty());
        assert_eq!(p.applied.unchanged, 1);
        assert_eq!(p.applied.versions, [("posts".into(), "dcs".into(), 3)]);
    }

    #[test]
    fn a_write_reports_the_version_each_entry_it_put_is_at_now() {
        let current = [
            council(),
            v(
                "posts",
                "dcs",
                3,
                json!({"id": "dcs", "org": "coventry", "title": "Old"}),
            ),
        ];
        let p = plan(
            &current,
            vec![post("dcs"), post("dph"), post("dph")],
            None,
            now(),
        )
        .expect("plans");
        assert_eq!(
            p.applied.versions,
            [
                ("posts".into(), "dcs".into(), 4),
                ("posts".into(), "dph".into(), 1),
                ("posts".into(), "dph".into(), 1),
            ]
        );
    }

    #[test]
    fn a_change_based_on_a_stale_version_is_a_conflict() {
        let current = [
            council(),
            v(
                "posts",
                "dcs",
                3,
                json!({"id": "dcs", "org": "coventry", "title": "Old"}),
            ),
        ];
        let mut change = post("dcs");
        if let Change::Put { base, .. } = &mut change {
            *base = Some(2);
        }
        let err = plan(&current, vec![change], None, now()).expect_err("conflict");
        assert_eq!(
            err.to_string(),
            "conflict: posts `dcs` is at version 3, but the change was based on version 2; reload and try again"
        );
    }

    #[test]
    fn a_change_leaving_an_unknown_reference_is_invalid_and_names_the_entry() {
        let change = Change::Put {
            table: "designations".into(),
            key: "designation:coventry/dcs/nowhere/2019-04-01".into(),
            council: Some("coventry".into()),
            body: json!({"council": "coventry", "role": "dcs", "post": "nowhere", "from": "2019-04-01"}),
            base: None,
        };
        let err = plan(&[council()], vec![change], None, now()).expect_err("invalid");
        assert_eq!(
            err.to_string(),
            "the change would leave the register invalid:\n  designations `designation:coventry/dcs/nowhere/2019-04-01`.post: unknown post `nowhere`"
        );
    }

    #[test]
    fn a_write_is_recorded_after_the_latest_instant_even_if_the_clock_is_behind() {
        let last = now()
            .checked_add(SignedDuration::from_secs(5))
            .expect("valid");
        let p = plan(&[council()], vec![post("dcs")], Some(last), now()).expect("plans");
        assert!(p.at > last);
    }

    #[test]
    fn deleting_an_entry_that_does_not_exist_is_not_found() {
        let change = Change::Delete {
            table: "posts".into(),
            key: "x".into(),
            base: None,
        };
        let err = plan(&[council()], vec![change], None, now()).expect_err("not found");
        assert_eq!(err.to_string(), "posts `x` does not exist");
    }
}
