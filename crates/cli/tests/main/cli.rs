//! The `assure` binary as scripts and people use it: exit codes, JSON shapes and text output
//! (DESIGN.md §6). Output people read is pinned with insta snapshots.

use assure_domain::date::parse_date;
use assure_rules::Engine;
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub(crate) fn assure(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_assure"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .expect("the assure binary runs")
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8")
}

fn write_temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assure-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp file");
    path
}

#[test]
fn validate_accepts_the_examples_with_exit_0() {
    let o = assure(&[
        "validate",
        "examples/coventry.toml",
        "examples/sandwell.toml",
        "examples/st-helens.toml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn validate_reports_every_error_as_file_line_field_message_with_exit_2() {
    let path = write_temp(
        "broken.toml",
        r#"format = "assure/v1"

[[organisations]]
id = "coventry"
name = "Coventry City Council"
kind = "metropolitan_district"

[[posts]]
id = "dcs-post"
title = "Director of Children's Services"
colour = "blue"

[[designations]]
role = "dcs"
post = "no-such-post"
from = 2019-04-01
to = 2019-03-31

[[departures]]
rule = "dcs_designated"
from = 2019-04-01
reason = "not allowed: a must rule"
"#,
    );
    let name = path.display().to_string();
    let o = assure(&["validate", &name]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o).replace(&name, "broken.toml");
    insta::assert_snapshot!(err);
}

#[test]
fn a_missing_file_is_bad_input_with_exit_2() {
    let o = assure(&["check", "examples/no-such-file.toml", "--at", "2019-02-12"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("examples/no-such-file.toml: cannot read the file:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_malformed_date_argument_is_a_usage_error_with_exit_2() {
    let o = assure(&["check", "examples/coventry.toml", "--at", "2019-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("expected a date YYYY-MM-DD, found \"2019-02-30\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_unknown_council_is_bad_input_naming_the_councils() {
    let o = assure(&[
        "check",
        "examples/coventry.toml",
        "--at",
        "2019-02-12",
        "--council",
        "leeds",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no council with id `leeds` in the register (councils: coventry)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_coventry_2019_text_report_reads_failures_first() {
    let o = assure(&["check", "examples/coventry.toml", "--at", "2019-02-12"]);
    assert_eq!(o.status.code(), Some(0), "no must rule fails on 2019-02-12");
    let text = stdout(&o);
    assert!(!text.contains('\u{1b}'), "no colour when not on a terminal");
    insta::assert_snapshot!(text);
}

#[test]
fn check_exits_1_when_a_must_rule_fails() {
    // No yearly safeguarding report is recorded for Coventry, so from late 2020 a must rule fails.
    let o = assure(&["check", "examples/coventry.toml", "--at", "2023-07-01"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("safeguarding_yearly_report"));
}

#[test]
fn check_json_has_the_documented_shape() {
    let o = assure(&[
        "check",
        "examples/coventry.toml",
        "--at",
        "2019-02-12",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["at"], "2019-02-12");
    let councils = v["councils"].as_array().expect("councils");
    assert_eq!(councils.len(), 1);
    assert_eq!(councils[0]["id"], "coventry");
    let results = councils[0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 29);
    for r in results {
        let keys: Vec<&str> = r
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["rule", "level", "status", "message", "citation", "facts"]
        );
    }
    let dcs = results
        .iter()
        .find(|r| r["rule"] == "dcs_designated")
        .expect("dcs_designated");
    assert_eq!(dcs["level"], "must");
    assert_eq!(dcs["status"], "pass");
    assert_eq!(dcs["citation"], "Children Act 2004 s18(1)");
    insta::assert_snapshot!(String::from_utf8(o.stdout).expect("utf-8"));
}

#[test]
fn council_filters_the_councils_checked() {
    let o = assure(&[
        "check",
        "examples/coventry.toml",
        "examples/sandwell.toml",
        "examples/st-helens.toml",
        "--at",
        "2018-06-01",
        "--format",
        "json",
        "--council",
        "sandwell",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let ids: Vec<&str> = v["councils"]
        .as_array()
        .expect("councils")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["sandwell"]);
    let all = assure(&[
        "check",
        "examples/coventry.toml",
        "examples/sandwell.toml",
        "examples/st-helens.toml",
        "--at",
        "2018-06-01",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&all.stdout).expect("json");
    assert_eq!(v["councils"].as_array().expect("councils").len(), 3);
}

#[test]
fn timeline_json_agrees_with_checking_every_day() {
    let o = assure(&[
        "timeline",
        "examples/coventry.toml",
        "--from",
        "2013-01-01",
        "--to",
        "2024-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["from"], "2013-01-01");
    assert_eq!(v["to"], "2024-01-01");
    let intervals = v["councils"][0]["intervals"].as_array().expect("intervals");
    for i in intervals {
        let keys: Vec<&str> = i
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["rule", "status", "from", "to"]);
    }
    let reg = crate::examples::load(&["coventry.toml"]);
    let engine = Engine::new(&reg);
    let council = engine.council("coventry").expect("coventry");
    let mut day = parse_date("2013-01-01").expect("date");
    let last = parse_date("2024-01-01").expect("date");
    let mut checked = 0;
    while day <= last {
        let iso = day.to_string();
        for f in council.check(day) {
            let covering: Vec<&Value> = intervals
                .iter()
                .filter(|i| {
                    i["rule"] == f.rule.as_str()
                        && i["from"].as_str().expect("from") <= iso.as_str()
                        && i["to"].as_str().expect("to") >= iso.as_str()
                })
                .collect();
            assert_eq!(covering.len(), 1, "{} on {iso}: {covering:?}", f.rule);
            assert_eq!(
                covering[0]["status"],
                f.status.as_str(),
                "{} on {iso}",
                f.rule
            );
            checked += 1;
        }
        day = day.tomorrow().expect("date");
    }
    assert_eq!(checked, 4018 * 29);
}

#[test]
fn timeline_without_to_leaves_the_last_interval_open() {
    let o = assure(&["timeline", "examples/st-helens.toml", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["to"], Value::Null);
    assert_eq!(v["from"], "2015-04-01", "defaults to the first designation");
    let intervals = v["councils"][0]["intervals"].as_array().expect("intervals");
    let dcs: Vec<&Value> = intervals
        .iter()
        .filter(|i| i["rule"] == "dcs_designated")
        .collect();
    assert_eq!(dcs.last().expect("one")["to"], Value::Null);
}

#[test]
fn timeline_text_for_st_helens() {
    let o = assure(&[
        "timeline",
        "examples/st-helens.toml",
        "--from",
        "2015-04-01",
        "--to",
        "2017-12-31",
    ]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn rules_lists_the_catalogue() {
    let o = assure(&["rules", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["rules"].as_array().expect("rules").len(), 29);
    let text = assure(&["rules"]);
    assert!(stdout(&text).contains("mo_not_hops (must)"));
}

#[test]
fn json_register_files_are_read_like_toml() {
    let toml_path = root().join("examples/st-helens.toml");
    let text = std::fs::read_to_string(&toml_path).expect("example");
    let value: toml::Value = toml::from_str(&text).expect("toml");
    let json = serde_json::to_string_pretty(&to_json(value)).expect("json");
    let path = write_temp("st-helens.json", &json);
    let name = path.display().to_string();
    let from_json = assure(&["check", &name, "--at", "2016-08-01", "--format", "json"]);
    let from_toml = assure(&[
        "check",
        "examples/st-helens.toml",
        "--at",
        "2016-08-01",
        "--format",
        "json",
    ]);
    assert_eq!(
        from_json.status.code(),
        from_toml.status.code(),
        "{}",
        stderr(&from_json)
    );
    assert_eq!(stdout(&from_json), stdout(&from_toml));
}

/// TOML to JSON of the same structure, dates written as `"YYYY-MM-DD"` strings.
fn to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

#[test]
fn report_writes_each_format_and_says_what_to_check_before_sending() {
    let dir = std::env::temp_dir().join(format!("assure-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for format in ["md", "html", "docx", "pdf"] {
        let out = dir.join(format!("statement.{format}"));
        let o = assure(&[
            "report",
            "examples/coventry.toml",
            "--council",
            "coventry",
            "--at",
            "2023-06-20",
            "--kind",
            "statement",
            "--format",
            format,
            "-o",
            &out.display().to_string(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert!(
            stdout(&o).contains("check before sending: Barry Hastie"),
            "{}",
            stdout(&o)
        );
        let bytes = std::fs::read(&out).expect("written");
        match format {
            "md" => {
                assert!(String::from_utf8_lossy(&bytes).starts_with("# Statement of Assurance"))
            }
            "html" => assert!(String::from_utf8_lossy(&bytes).starts_with("<!DOCTYPE html>")),
            "docx" => assert!(bytes.starts_with(b"PK")),
            _ => assert!(bytes.starts_with(b"%PDF-")),
        }
    }
}

#[test]
fn report_reads_a_database_and_a_councils_own_template() {
    let dir = std::env::temp_dir().join(format!("assure-report-db-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("templates")).expect("temp dir");
    let db = format!("sqlite:{}", dir.join("a.db").display());
    assert_eq!(
        assure(&["import", "examples/coventry.toml", "--db", &db])
            .status
            .code(),
        Some(0)
    );
    std::fs::write(
        dir.join("templates/report.md"),
        "{{ doc.council }} / {{ doc.title }} / {{ doc.date }}\n",
    )
    .expect("template");
    let out = dir.join("cabinet.md");
    let o = assure(&[
        "report",
        "--db",
        &db,
        "--council",
        "coventry",
        "--at",
        "2019-02-12",
        "--kind",
        "cabinet-report",
        "--review",
        "coventry-2019",
        "--format",
        "md",
        "-o",
        &out.display().to_string(),
        "--templates",
        &dir.join("templates").display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).expect("written"),
        "Coventry City Council / Local assurance on the effective discharge of the functions of the Director of Children's Services (DCS), Director of Adult Social Services (DASS) and Director of Public Health (DPH) / 12 February 2019\n"
    );
}

#[test]
fn report_for_an_unknown_review_is_bad_input() {
    let o = assure(&[
        "report",
        "examples/coventry.toml",
        "--council",
        "coventry",
        "--at",
        "2019-02-12",
        "--kind",
        "cabinet-report",
        "--review",
        "coventry-1999",
        "--format",
        "md",
        "-o",
        "/dev/null",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no review with id `coventry-1999` for this council"),
        "{}",
        stderr(&o)
    );
}
