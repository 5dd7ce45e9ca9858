//! Crash safety, for any backend: a child process commits one write at a time and reports each
//! commit; it is killed with SIGKILL mid-stream; the database, reopened, must hold every reported
//! write, with no gap and no partial write.

use assure_store::{Change, Store, register_of};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// How many commits the child reports before it is killed.
const BEFORE_KILL: u64 = 40;

/// The child's loop: a council, then one document per transaction, printing `committed N` after
/// each commit returns.
pub(crate) async fn write_until_killed<S: Store>(store: &S) {
    let council =
        json!({"id": "coventry", "name": "Coventry City Council", "kind": "metropolitan_district"});
    store
        .apply(
            "child",
            vec![Change::Put {
                table: "organisations".into(),
                key: "coventry".into(),
                council: Some("coventry".into()),
                body: council,
                base: None,
            }],
        )
        .await
        .expect("council");
    for i in 1.. {
        let id = format!("doc-{i}");
        let body = json!({"id": id, "council": "coventry", "kind": "other", "date": "2020-01-01", "title": format!("Document {i}")});
        store
            .apply(
                "child",
                vec![Change::Put {
                    table: "documents".into(),
                    key: id,
                    council: Some("coventry".into()),
                    body,
                    base: Some(0),
                }],
            )
            .await
            .expect("write");
        println!("committed {i}");
    }
}

/// Starts this test binary as the child running `test`, kills it with SIGKILL after it has
/// reported enough commits, and returns the last commit it reported.
pub(crate) fn run_child(test: &str, env: &[(&str, String)]) -> u64 {
    let mut command = Command::new(std::env::current_exe().expect("test binary"));
    command
        .args([
            "--exact",
            test,
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("child starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut reported = 0u64;
    let mut lines = BufReader::new(stdout).lines();
    let number = |line: &str| {
        line.strip_prefix("committed ")
            .map(|n| n.trim().parse::<u64>().expect("a number"))
    };
    while reported < BEFORE_KILL {
        let Some(Ok(line)) = lines.next() else { break };
        reported = number(&line).unwrap_or(reported);
    }
    child.kill().expect("SIGKILL");
    // Lines already written before the kill are commits too.
    for line in lines.map_while(Result::ok) {
        reported = reported.max(number(&line).unwrap_or(0));
    }
    let _ = child.wait();
    assert!(
        reported >= BEFORE_KILL,
        "the child committed {reported} writes before it was killed"
    );
    reported
}

/// Every reported commit is in the reopened database; none is partial or missing in between.
pub(crate) async fn verify<S: Store>(store: &S, reported: u64) {
    let versions = store.current(None).await.expect("reads");
    let mut docs: Vec<u64> = versions
        .iter()
        .filter(|v| v.table == "documents")
        .map(|v| {
            v.key
                .trim_start_matches("doc-")
                .parse()
                .expect("doc number")
        })
        .collect();
    docs.sort_unstable();
    let max = docs.last().copied().unwrap_or(0);
    assert!(
        max >= reported,
        "every reported commit is there ({max} < {reported})"
    );
    assert_eq!(
        docs,
        (1..=max).collect::<Vec<_>>(),
        "no gap and no partial write"
    );
    let audit = store.audit().await.expect("audit");
    assert_eq!(audit.len() as u64, max + 1, "one audit entry per write");
    register_of(
        versions
            .iter()
            .map(|v| (v.table.as_str(), v.key.as_str(), &v.body)),
    )
    .expect("the register after the crash is valid");
}
