//! The database commands as a user runs them: import, check and export from a database, edits
//! and `--recorded-at`, the audit log, bad input leaving the database unchanged, backup and
//! restore. SQLite always; PostgreSQL too when `ASSURE_TEST_POSTGRES_URL` is set (each test in a
//! database of its own).

use crate::cli::{assure, root, stderr, stdout};
use crate::databases::{ok, sqlite, temp_dir};
use assure_domain::reader::{Source, read};
use std::process::Command;

/// Every backend available here, each with a fresh database.
fn databases(name: &str) -> Vec<String> {
    crate::databases::databases(name)
        .into_iter()
        .map(|(_, url)| url)
        .collect()
}

fn audit_len(db: &str) -> usize {
    let o = assure(&["audit", "--db", db, "--format", "json"]);
    ok(&o);
    serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout)
        .expect("json")
        .len()
}

#[test]
fn import_then_check_from_the_database_prints_exactly_what_the_file_check_prints() {
    for db in databases("import_check") {
        ok(&assure(&[
            "import",
            "examples/coventry.toml",
            "--db",
            &db,
            "--actor",
            "test",
        ]));
        let from_db = assure(&[
            "check",
            "--db",
            &db,
            "--at",
            "2019-02-12",
            "--format",
            "json",
        ]);
        let from_file = assure(&[
            "check",
            "examples/coventry.toml",
            "--at",
            "2019-02-12",
            "--format",
            "json",
        ]);
        ok(&from_db);
        assert_eq!(stdout(&from_db), stdout(&from_file), "{db}");
        let text_db = assure(&["check", "--db", &db, "--at", "2023-07-01"]);
        let text_file = assure(&["check", "examples/coventry.toml", "--at", "2023-07-01"]);
        assert_eq!(
            text_db.status.code(),
            Some(1),
            "a must rule fails on 2023-07-01"
        );
        assert_eq!(stdout(&text_db), stdout(&text_file));
        let timeline_db = assure(&[
            "timeline",
            "--db",
            &db,
            "--from",
            "2013-01-01",
            "--to",
            "2024-01-01",
            "--format",
            "json",
        ]);
        let timeline_file = assure(&[
            "timeline",
            "examples/coventry.toml",
            "--from",
            "2013-01-01",
            "--to",
            "2024-01-01",
            "--format",
            "json",
        ]);
        assert_eq!(stdout(&timeline_db), stdout(&timeline_file));
        ok(&assure(&["validate", "--db", &db]));
    }
}

fn semantically(text: &str, name: &str) -> assure_domain::Register {
    let mut r = read(&[Source::new(name, text)]).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    r.files.clear();
    // Places differ between files; compare the facts through their written form.
    let entries = assure_domain::writer::entries(&r);
    let doc = assure_domain::writer::document(entries.iter().map(|e| (e.table, &e.body)));
    let text = assure_domain::writer::to_json(&doc);
    read(&[Source::new("x.json", &text)]).expect("reads")
}

#[test]
fn what_was_imported_is_exported_semantically_identical() {
    for db in databases("export") {
        let files = [
            "examples/coventry.toml",
            "examples/sandwell.toml",
            "examples/st-helens.toml",
        ];
        let mut args = vec!["import"];
        args.extend(files);
        args.extend(["--db", &db]);
        ok(&assure(&args));
        for (file, council) in files.iter().zip(["coventry", "sandwell", "st-helens"]) {
            for format in ["toml", "json"] {
                let o = assure(&[
                    "export",
                    "--db",
                    &db,
                    "--council",
                    council,
                    "--format",
                    format,
                ]);
                ok(&o);
                let original = std::fs::read_to_string(root().join(file)).expect("example");
                assert_eq!(
                    semantically(&stdout(&o), &format!("export.{format}")),
                    semantically(&original, file),
                    "{db} {council} {format}"
                );
            }
        }
    }
}

#[test]
fn an_edit_keeps_the_old_answer_readable_as_recorded_before_it_and_is_audited() {
    for db in databases("edit") {
        ok(&assure(&[
            "import",
            "examples/coventry.toml",
            "--db",
            &db,
            "--actor",
            "importer",
        ]));
        let before = jiff::Timestamp::now().to_string();
        let original =
            std::fs::read_to_string(root().join("examples/coventry.toml")).expect("example");
        let marker = "role = \"dcs\"\npost = \"cov-director-childrens-services\"\nfrom = 2019-04-01  # assumed: seed 004 §4.1 \"as soon as possible\"\nto = 2023-06-29";
        assert!(
            original.contains(marker),
            "the example has the 2019 DCS designation"
        );
        let edited = original.replace(marker, &marker.replace("2023-06-29", "2021-03-31"));
        let path = temp_dir("edit_file").join("coventry.toml");
        std::fs::write(&path, edited).expect("write");
        let o = assure(&[
            "import",
            &path.display().to_string(),
            "--db",
            &db,
            "--actor",
            "julie.newman",
        ]);
        ok(&o);
        assert!(
            stdout(&o).contains("0 created, 1 updated"),
            "{}",
            stdout(&o)
        );
        let status = |args: &[&str]| {
            let o = assure(args);
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
            v["councils"][0]["results"]
                .as_array()
                .expect("results")
                .iter()
                .find(|r| r["rule"] == "dcs_designated")
                .expect("dcs_designated")["status"]
                .clone()
        };
        assert_eq!(
            status(&[
                "check",
                "--db",
                &db,
                "--at",
                "2021-06-01",
                "--format",
                "json"
            ]),
            "fail"
        );
        assert_eq!(
            status(&[
                "check",
                "--db",
                &db,
                "--at",
                "2021-06-01",
                "--format",
                "json",
                "--recorded-at",
                &before
            ]),
            "pass"
        );
        let audit = assure(&[
            "audit",
            "--db",
            &db,
            "--key",
            "designation:coventry/dcs/cov-director-childrens-services/2019-04-01",
        ]);
        ok(&audit);
        let text = stdout(&audit);
        assert!(text.contains("importer create designations"), "{text}");
        assert!(text.contains("julie.newman update designations"), "{text}");
        assert!(
            text.contains("to: \"2023-06-29\" -> \"2021-03-31\""),
            "{text}"
        );
        let old = assure(&[
            "export",
            "--db",
            &db,
            "--council",
            "coventry",
            "--recorded-at",
            &before,
        ]);
        assert!(stdout(&old).contains("to = 2023-06-29"));
    }
}

#[test]
fn bad_input_leaves_the_database_unchanged() {
    for db in databases("bad_input") {
        ok(&assure(&["import", "examples/coventry.toml", "--db", &db]));
        let entries = audit_len(&db);
        let export = stdout(&assure(&["export", "--db", &db]));
        let dir = temp_dir("bad_input_files");
        // A malformed file.
        let malformed = dir.join("malformed.toml");
        std::fs::write(&malformed, "format = \"assure/v1\"\n[[designations]]\nrole = \"dcs\"\npost = \"x\"\nfrom = 2019-02-30\n").expect("write");
        let o = assure(&["import", &malformed.display().to_string(), "--db", &db]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        // A file valid on its own that would make the stored register invalid: Coventry as a
        // police force, while its designations name it as their council.
        let invalid = dir.join("invalid.toml");
        std::fs::write(
            &invalid,
            "format = \"assure/v1\"\n[[organisations]]\nid = \"coventry\"\nname = \"Coventry\"\nkind = \"police\"\n",
        )
        .expect("write");
        let o = assure(&["import", &invalid.display().to_string(), "--db", &db]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("is a police organisation, not a council"),
            "{}",
            stderr(&o)
        );
        assert_eq!(audit_len(&db), entries, "no audit entry was written");
        assert_eq!(
            stdout(&assure(&["export", "--db", &db])),
            export,
            "no entry changed"
        );
    }
}

#[test]
fn a_sqlite_backup_restores_the_register_as_it_was() {
    let db = sqlite("backup");
    ok(&assure(&["import", "examples/coventry.toml", "--db", &db]));
    let dir = temp_dir("backup_files");
    let backup = dir.join("backup.db");
    ok(&assure(&[
        "backup",
        "--db",
        &db,
        "-o",
        &backup.display().to_string(),
    ]));
    let before = stdout(&assure(&["export", "--db", &db]));
    ok(&assure(&["import", "examples/sandwell.toml", "--db", &db]));
    assert_ne!(stdout(&assure(&["export", "--db", &db])), before);
    let o = assure(&["restore", &backup.display().to_string(), "--db", &db]);
    ok(&o);
    assert!(
        stdout(&o).contains("kept the previous database as"),
        "{}",
        stdout(&o)
    );
    assert_eq!(stdout(&assure(&["export", "--db", &db])), before);
    let again = assure(&["backup", "--db", &db, "-o", &backup.display().to_string()]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "an existing backup is never overwritten"
    );
}

#[test]
fn postgres_backup_and_restore_name_the_postgres_tools() {
    let o = assure(&[
        "backup",
        "--db",
        "postgres://postgres@127.0.0.1:5432/test",
        "-o",
        "x.dump",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pg_dump --format=custom --file=x.dump"),
        "{}",
        stderr(&o)
    );
    let o = assure(&[
        "restore",
        "x.dump",
        "--db",
        "postgres://postgres@127.0.0.1:5432/test",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pg_restore --clean --if-exists"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn without_db_the_register_lives_in_assure_db_in_the_working_directory_or_assure_db_env() {
    let dir = temp_dir("default_db");
    let bin = env!("CARGO_BIN_EXE_assure");
    let example = root().join("examples/st-helens.toml");
    let o = Command::new(bin)
        .args(["import", &example.display().to_string()])
        .current_dir(&dir)
        .env_remove("ASSURE_DB")
        .output()
        .expect("runs");
    ok(&o);
    assert!(dir.join("assure.db").exists(), "created on first use");
    let o = Command::new(bin)
        .args(["check", "--at", "2016-08-01", "--format", "json"])
        .current_dir(&dir)
        .env_remove("ASSURE_DB")
        .output()
        .expect("runs");
    ok(&o);
    let other = dir.join("other.db");
    let o = Command::new(bin)
        .args(["db", "status"])
        .current_dir(&dir)
        .env("ASSURE_DB", format!("sqlite:{}", other.display()))
        .output()
        .expect("runs");
    ok(&o);
    assert!(other.exists(), "$ASSURE_DB names the database");
    let o = Command::new(bin)
        .args(["db", "migrate"])
        .current_dir(&dir)
        .env("ASSURE_DB", format!("sqlite:{}", other.display()))
        .output()
        .expect("runs");
    ok(&o);
    let status = Command::new(bin)
        .args(["db", "status"])
        .env("ASSURE_DB", format!("sqlite:{}", other.display()))
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&status.stdout).contains("applied"));
}

#[test]
fn recorded_at_is_refused_with_files_and_an_unknown_database_scheme_is_bad_input() {
    let o = assure(&[
        "check",
        "examples/coventry.toml",
        "--at",
        "2019-02-12",
        "--recorded-at",
        "2026-01-01",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--recorded-at reads a database"),
        "{}",
        stderr(&o)
    );
    let o = assure(&["check", "--db", "mysql://x", "--at", "2019-02-12"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unsupported database URL `mysql://x`"),
        "{}",
        stderr(&o)
    );
}
