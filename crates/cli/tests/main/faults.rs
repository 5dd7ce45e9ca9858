//! Faults under a running `assure serve` (issue 7, part 4): the server killed with SIGKILL in the
//! middle of a burst of API writes, and a database that refuses writes. SQLite always;
//! PostgreSQL too when `ASSURE_TEST_POSTGRES_URL` is set (each test in a database of its own).
//! The store-level crash test (a writer process killed mid-import) is in
//! `crates/store-tests/tests/main/crash.rs`; these go through the whole server.
//!
//! A full disk is not simulated at this level: SQLite's `max_page_count` is per connection and
//! cannot be set through the URL, and a small tmpfs needs `mount` (root) and can make SQLite's
//! shared memory fail with SIGBUS rather than an error, which is no reliable test. The stores map
//! a full disk (SQLITE_FULL, SQLSTATE 53100) to the same kind of error as a read-only database,
//! answered the same way; `assure-store-sqlite`'s unit tests cover SQLITE_FULL.

use crate::cli::assure;
use crate::concurrency::{ENTRY, Server, Tally, call, check_history, prepare, writer, writers};
use crate::databases::{ok, pg_execute, postgres, temp_dir};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How many writes the server acknowledges before it is killed.
const BEFORE_KILL: usize = 25;

#[test]
fn acknowledged_writes_survive_the_server_killed_mid_burst_and_nothing_is_half_written() {
    for (backend, db) in crate::databases::databases("sigkill") {
        let logs = temp_dir(&format!("sigkill-log-{backend}"));
        let token = prepare(&db);
        let mut server = Server::start(&db, &logs.join("first.log"));
        let tally = Arc::new(Tally::default());
        let stop = Arc::new(AtomicBool::new(false));
        // Far more writes than will be made: the clients are still writing when the server dies.
        let handles = writers(&server.addr, &token, 8, 1000, &tally, &stop);
        let deadline = Instant::now() + Duration::from_secs(30);
        while tally.acks.lock().expect("lock").len() < BEFORE_KILL {
            assert!(
                Instant::now() < deadline,
                "{backend}: {BEFORE_KILL} writes not acknowledged in 30 s: {:?}\n{}",
                tally.unexpected.lock().expect("lock"),
                server.log()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        server.kill();
        stop.store(true, Ordering::SeqCst);
        for h in handles {
            h.join().expect("a writer panicked");
        }
        let acks = tally.acks();
        let unexpected = tally.unexpected.lock().expect("lock").clone();
        assert!(
            unexpected.is_empty(),
            "{backend}: no 5xx before the kill: {unexpected:#?}"
        );

        // Restarted on the same database, it has every acknowledged write, each with its audit
        // entry, and no version without one.
        let server = Server::start(&db, &logs.join("second.log"));
        let stored = check_history(&db, &server.addr, &token, &acks, false);
        eprintln!(
            "{backend}: {} writes acknowledged before SIGKILL ({} PUTs, {} conflicts, {} \
             unanswered), {} of them found after restart; {} changes stored in all (the rest \
             were in flight)",
            acks.len(),
            tally.attempted.load(Ordering::SeqCst),
            tally.conflicts.load(Ordering::SeqCst),
            tally.unanswered.load(Ordering::SeqCst),
            acks.iter().filter(|a| stored.contains(&a.marker)).count(),
            stored.len()
        );
        // The register reads and is valid, the migrations are all there, and it takes writes.
        ok(&assure(&["validate", "--db", &db]));
        let status = assure(&["db", "status", "--db", &db]);
        ok(&status);
        assert!(
            !String::from_utf8_lossy(&status.stdout).contains("pending"),
            "{backend}: {}",
            String::from_utf8_lossy(&status.stdout)
        );
        let findings = call(
            &server.addr,
            "GET",
            "/api/v1/councils/sandwell/findings?at=2018-06-01",
            &token,
            None,
        )
        .expect("answers");
        assert_eq!(findings.status, 200, "{backend}: {}", findings.body);
        let after = Tally::default();
        writer(&server.addr, &token, 99, 1, &after, &AtomicBool::new(false));
        assert_eq!(after.acks().len(), 1, "{backend}: {:?}", after.unexpected);
        for log in [
            server.log(),
            std::fs::read_to_string(logs.join("first.log")).unwrap_or_default(),
        ] {
            assert!(!log.contains("panicked"), "{backend}: {log}");
        }
    }
}

/// A database that takes no writes, with the URL the server is to be started on and, for
/// PostgreSQL, what makes it read-only once the server runs.
struct ReadOnly {
    backend: &'static str,
    /// The database, writable, for preparing it.
    db: String,
    /// What the server is given.
    serve: String,
    /// PostgreSQL: the server URL and database name, to make it read-only under the server.
    postgres: Option<(String, String)>,
}

fn read_only_databases() -> Vec<ReadOnly> {
    let path = temp_dir("read-only").join("assure.db");
    let db = format!("sqlite:{}", path.display());
    // Tests run as root here, and root ignores permission bits, so `chmod a-w` would not make
    // the file read-only at all. Opening it read-only (SQLITE_OPEN_READONLY, through the URL's
    // `mode=ro`, which the store passes to SQLite) makes every write fail with SQLITE_READONLY,
    // exactly as a read-only file or mount does for any other user.
    let mut dbs = vec![ReadOnly {
        backend: "sqlite",
        serve: format!("{db}?mode=ro"),
        db,
        postgres: None,
    }];
    dbs.extend(postgres("read_only").map(|(url, base, name)| ReadOnly {
        backend: "postgres",
        db: url.clone(),
        serve: url,
        postgres: Some((base, name)),
    }));
    dbs
}

#[test]
fn a_read_only_database_answers_writes_with_a_clear_503_and_reads_go_on() {
    for ReadOnly {
        backend,
        db,
        serve,
        postgres,
    } in read_only_databases()
    {
        let logs = temp_dir(&format!("read-only-log-{backend}"));
        let token = prepare(&db);
        let server = Server::start(&serve, &logs.join("server.log"));
        if let Some((base, name)) = postgres {
            // Made read-only under the running server: new transactions are read-only, and the
            // server's connections are ended so its pool reconnects and picks the setting up.
            pg_execute(
                &base,
                &[
                    format!("ALTER DATABASE {name} SET default_transaction_read_only = on"),
                    format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                    ),
                ],
            );
        }
        let read = call(&server.addr, "GET", ENTRY, &token, None).expect("answers");
        assert_eq!(read.status, 200, "{backend}: {}", read.body);
        let read = read.json();
        let mut body = read["body"].clone();
        body["title"] = json!("Chief Executive and Head of Paid Service");
        let put = json!({"body": body, "base": read["version"]});
        for _ in 0..2 {
            let started = Instant::now();
            let refused = call(&server.addr, "PUT", ENTRY, &token, Some(&put)).expect("answers");
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{backend}: no hang"
            );
            assert_eq!(refused.status, 503, "{backend}: {}", refused.body);
            let error = refused.json()["error"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            eprintln!("{backend}: a write answers 503: {error}");
            assert!(
                error.contains("read-only") && error.contains("nothing was saved"),
                "{backend}: {error}"
            );
        }
        for path in [
            "/healthz",
            "/api/v1/councils",
            "/api/v1/councils/sandwell/findings?at=2018-06-01",
            ENTRY,
        ] {
            let answer = call(&server.addr, "GET", path, &token, None).expect("answers");
            assert_eq!(answer.status, 200, "{backend}: {path}: {}", answer.body);
        }
        let now = call(&server.addr, "GET", ENTRY, &token, None).expect("answers");
        assert_eq!(
            now.json()["version"],
            read["version"],
            "{backend}: unchanged"
        );
        let log = server.log();
        assert!(!log.contains("panicked"), "{backend}: {log}");
        assert!(log.contains("refused a write"), "{backend}: logged: {log}");
    }
}
