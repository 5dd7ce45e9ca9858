//! `assure generate` writes a synthetic register that `validate` accepts and `check` evaluates
//! with a realistic mix of findings (DESIGN.md §6, issue 6).

use crate::cli::{assure, stderr, stdout};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assure-generate-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

#[test]
fn generated_register_validates_and_checks_with_some_failures_and_mostly_passes() {
    let path = temp("tmp.toml");
    let file = path.display().to_string();
    let o = assure(&[
        "generate",
        "--councils",
        "20",
        "--years",
        "10",
        "--seed",
        "7",
        "-o",
        &file,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("20 councils"), "{}", stdout(&o));

    let o = assure(&["validate", &file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let o = assure(&["check", &file, "--at", "2020-01-01", "--format", "json"]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "check failed: {}",
        stderr(&o)
    );
    let json: Value = serde_json::from_str(&stdout(&o)).expect("check prints JSON");
    assert_eq!(json["at"], "2020-01-01");
    let councils = json["councils"].as_array().expect("councils");
    assert_eq!(councils.len(), 20);
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    for c in councils {
        for r in c["results"].as_array().expect("results") {
            let s = r["status"].as_str().expect("a status").to_owned();
            *statuses.entry(s).or_default() += 1;
        }
    }
    let n = |s: &str| statuses.get(s).copied().unwrap_or(0);
    assert!(n("fail") > 0, "nothing fails: {statuses:?}");
    assert!(n("pass") > 3 * n("fail"), "too much fails: {statuses:?}");
    // The exit code follows the must rules, as for any register.
    let must_failed = councils.iter().any(|c| {
        c["results"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|r| r["level"] == "must" && r["status"] == "fail")
    });
    assert_eq!(o.status.code(), Some(if must_failed { 1 } else { 0 }));
}

#[test]
fn the_same_flags_write_the_same_bytes_and_json_follows_the_extension() {
    let run = |seed: &str, name: &str| {
        let path = temp(name);
        let file = path.display().to_string();
        let o = assure(&[
            "generate",
            "--councils",
            "6",
            "--years",
            "8",
            "--seed",
            seed,
            "--output",
            &file,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read_to_string(&path).expect("the file was written")
    };
    let a = run("3", "a.toml");
    let b = run("3", "b.toml");
    assert!(a == b, "two runs with the same flags differ");
    assert_ne!(a, run("4", "c.toml"));
    let json: Value = serde_json::from_str(&run("3", "d.json")).expect("JSON by extension");
    assert_eq!(json["format"], "assure/v1");
    assert_eq!(
        json["organisations"]
            .as_array()
            .expect("organisations")
            .iter()
            .filter(|o| o["governance"].is_string())
            .count(),
        6
    );
}

#[test]
fn generate_refuses_zero_councils_with_exit_2() {
    let file = temp("none.toml").display().to_string();
    let o = assure(&["generate", "--councils", "0", "-o", &file]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--councils"), "{}", stderr(&o));
}
