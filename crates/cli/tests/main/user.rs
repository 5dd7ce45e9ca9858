//! `assure user` and the demo administrator of `assure serve --demo`, as an administrator runs
//! them.

use crate::cli::{assure, root, stderr, stdout};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output, Stdio};

fn sqlite(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("assure-cli-user-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    format!("sqlite:{}", dir.join("assure.db").display())
}

/// Runs `assure args...` with `input` on standard input.
fn assure_with_input(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("writes");
    child.wait_with_output().expect("finishes")
}

#[test]
fn an_administrator_adds_a_user_grants_a_role_and_makes_a_token() {
    let db = sqlite("add");
    let o = assure_with_input(
        &[
            "user",
            "add",
            "julie",
            "--name",
            "Julie Newman",
            "--password-stdin",
            "--db",
            &db,
            "--actor",
            "root",
        ],
        "a long enough password\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("added user julie (Julie Newman)\n"));
    assert!(
        !stdout(&o).contains("password:"),
        "a given password is not echoed"
    );
    let o = assure(&[
        "user",
        "grant",
        "julie",
        "--council",
        "coventry",
        "--role",
        "editor",
        "--db",
        &db,
    ]);
    assert_eq!(stdout(&o), "julie is now editor in coventry\n");
    let o = assure(&[
        "user",
        "grant",
        "julie",
        "--council",
        "*",
        "--role",
        "viewer",
        "--db",
        &db,
    ]);
    assert_eq!(stdout(&o), "julie is now viewer in every council\n");
    let o = assure(&["user", "list", "--db", &db]);
    assert_eq!(
        stdout(&o),
        "julie\tJulie Newman\tviewer *, editor coventry\n"
    );
    let o = assure(&["user", "token", "julie", "--label", "scripts", "--db", &db]);
    let token = stdout(&o);
    assert_eq!(token.trim().len(), 64, "{token}");
    assert!(token.trim().chars().all(|c| c.is_ascii_hexdigit()));
    // Every account change is in the audit log, attributed, without the password hash.
    let o = assure(&["audit", "--db", &db, "--format", "json"]);
    let audit: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).expect("json");
    let tables: Vec<&str> = audit.iter().filter_map(|a| a["table"].as_str()).collect();
    assert_eq!(
        tables,
        ["users", "grants", "grants", "api_tokens"],
        "{audit:?}"
    );
    assert_eq!(audit[0]["actor"], "root");
    assert!(!String::from_utf8_lossy(&o.stdout).contains("argon2"));
}

#[test]
fn a_made_up_password_is_printed_once_and_passwd_replaces_it() {
    let db = sqlite("passwd");
    let o = assure(&["user", "add", "ann", "--db", &db]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let line = stdout(&o)
        .lines()
        .find_map(|l| l.strip_prefix("password: ").map(str::to_owned))
        .expect("a password is printed");
    assert_eq!(line.len(), 20);
    let o = assure_with_input(
        &["user", "passwd", "ann", "--password-stdin", "--db", &db],
        "another long password\n",
    );
    assert_eq!(
        stdout(&o),
        "changed the password of ann; their sessions have ended\n"
    );
}

#[test]
fn bad_user_names_short_passwords_unknown_roles_and_users_are_refused() {
    let db = sqlite("refused");
    let o = assure(&["user", "add", "Julie Newman", "--db", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not a valid user name"),
        "{}",
        stderr(&o)
    );
    let o = assure_with_input(
        &["user", "add", "julie", "--password-stdin", "--db", &db],
        "short\n",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Password must be 12 characters or more"));
    assure(&["user", "add", "julie", "--db", &db]);
    let o = assure(&["user", "add", "julie", "--db", &db]);
    assert!(
        stderr(&o).contains("user `julie` already exists"),
        "{}",
        stderr(&o)
    );
    let o = assure(&[
        "user",
        "grant",
        "julie",
        "--council",
        "coventry",
        "--role",
        "owner",
        "--db",
        &db,
    ]);
    assert!(stderr(&o).contains("unknown role `owner`"));
    let o = assure(&[
        "user",
        "grant",
        "nobody",
        "--council",
        "coventry",
        "--role",
        "viewer",
        "--db",
        &db,
    ]);
    assert!(
        stderr(&o).contains("users `nobody` does not exist"),
        "{}",
        stderr(&o)
    );
    let o = assure(&["user", "token", "nobody", "--db", &db]);
    assert!(stderr(&o).contains("there is no user `nobody`"));
}

/// One HTTP/1.1 request to `addr`; the whole response as text.
fn http(addr: &str, request: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.write_all(request.as_bytes()).expect("sends");
    let mut response = String::new();
    s.read_to_string(&mut response).expect("reads");
    response
}

#[test]
fn serve_demo_creates_an_admin_with_the_password_given_and_asks_visitors_to_sign_in() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
        .env("ASSURE_ADMIN_PASSWORD", "demo password 123")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut seen = Vec::new();
    let addr = loop {
        let line = lines.next().expect("a line").expect("text");
        if let Some(rest) = line.strip_prefix("Assure is running at http://") {
            break rest.split('/').next().unwrap_or_default().to_owned();
        }
        seen.push(line);
    };
    assert!(
        seen.contains(
            &"demo: sign in as admin with the password in $ASSURE_ADMIN_PASSWORD".to_owned()
        ),
        "{seen:?}"
    );
    let home = http(
        &addr,
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(home.starts_with("HTTP/1.1 303"), "{home}");
    assert!(home.contains("location: /login?next=%2F"), "{home}");
    let health = http(
        &addr,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(health.ends_with("ok"), "{health}");
    let _ = child.kill();
    let _ = child.wait();
}
