//! Many API clients editing the same register entry at once, against a real `assure serve` on a
//! loopback port (issue 7, part 3). Each client reads the entry, appends its own marker to the
//! post's title and writes it back based on the version it read; a 409 sends it back to read
//! again. Afterwards every acknowledged write must be in the history exactly once, in version
//! order, with one audit entry each, and the audit log must be ordered. SQLite always; PostgreSQL
//! too when `ASSURE_TEST_POSTGRES_URL` is set (each test in a database of its own).
//!
//! The harness here (server, HTTP client, writers, history check) is shared with `faults`; fresh
//! databases come from `databases`.

use crate::cli::{assure, stdout};
use crate::databases::{databases, ok, temp_dir};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The entry the clients edit: a post of Sandwell's.
pub(crate) const TABLE: &str = "posts";
pub(crate) const KEY: &str = "sandwell-chief-executive";
/// The entry's path under the API.
pub(crate) const ENTRY: &str = "/api/v1/councils/sandwell/register/posts/sandwell-chief-executive";

/// Imports the example councils into `db` and makes an API token for an admin of every
/// council; returns the token.
pub(crate) fn prepare(db: &str) -> String {
    ok(&assure(&[
        "import",
        "examples/coventry.toml",
        "examples/sandwell.toml",
        "examples/st-helens.toml",
        "--db",
        db,
        "--actor",
        "import",
    ]));
    ok(&assure(&[
        "user", "add", "writer", "--name", "Writer", "--db", db,
    ]));
    ok(&assure(&[
        "user",
        "grant",
        "writer",
        "--council",
        "*",
        "--role",
        "admin",
        "--db",
        db,
    ]));
    let o = assure(&["user", "token", "writer", "--label", "tests", "--db", db]);
    ok(&o);
    stdout(&o)
        .lines()
        .last()
        .expect("the token")
        .trim()
        .to_owned()
}

/// `assure serve` on a free loopback port; killed (SIGKILL) when dropped, however the test ends.
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: String,
    log: PathBuf,
}

impl Server {
    /// Starts the server on `db`, its standard error going to `log`.
    pub(crate) fn start(db: &str, log: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_assure"))
            .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
            .current_dir(crate::cli::root())
            .env("TOKIO_WORKER_THREADS", "2")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).expect("log file"))
            .spawn()
            .expect("assure serve starts");
        let out = child.stdout.take().expect("stdout");
        let mut server = Self {
            child,
            addr: String::new(),
            log: log.to_owned(),
        };
        let mut lines = BufReader::new(out).lines();
        server.addr = loop {
            let Some(Ok(line)) = lines.next() else {
                panic!("the server stopped before listening:\n{}", server.log());
            };
            if let Some(rest) = line.strip_prefix("Assure is running at http://") {
                break rest.split('/').next().unwrap_or_default().to_owned();
            }
        };
        // Keep draining standard output so the server never blocks writing to it.
        std::thread::spawn(move || lines.for_each(drop));
        server
    }

    /// Sends SIGKILL (what `Child::kill` does on Unix) and waits for the process to end.
    pub(crate) fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// What the server wrote to standard error so far.
    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One HTTP answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: String,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("{e}: not JSON ({}): {}", self.status, self.body))
    }
}

/// One HTTP/1.1 request over a fresh loopback connection, with the bearer token. An error when
/// the server cannot be reached or the answer is cut short (the server was killed).
pub(crate) fn call(
    addr: &str,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&Value>,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    stream.set_write_timeout(Some(Duration::from_secs(20)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let content = if body.is_empty() {
        String::new()
    } else {
        format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        )
    };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Connection: close\r\n{content}\r\n{body}"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse(&raw).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!("incomplete answer: {}", String::from_utf8_lossy(&raw)),
        )
    })
}

/// A whole HTTP/1.1 answer, or `None` when it is cut short.
fn parse(raw: &[u8]) -> Option<Reply> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split])
        .ok()?
        .to_ascii_lowercase();
    let mut rest = &raw[split + 4..];
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim))
    };
    let body = if header("transfer-encoding") == Some("chunked") {
        let mut body = Vec::new();
        loop {
            let end = rest.windows(2).position(|w| w == b"\r\n")?;
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..end]).ok()?, 16).ok()?;
            rest = &rest[end + 2..];
            if size == 0 {
                break body;
            }
            body.extend_from_slice(rest.get(..size)?);
            rest = rest.get(size + 2..)?;
        }
    } else {
        if let Some(length) = header("content-length")
            && rest.len() != length.parse::<usize>().ok()?
        {
            return None;
        }
        rest.to_vec()
    };
    Some(Reply {
        status,
        body: String::from_utf8(body).ok()?,
    })
}

/// A write the server acknowledged (2xx): the marker it appended and the version it reported.
#[derive(Clone, Debug)]
pub(crate) struct Ack {
    pub(crate) marker: String,
    pub(crate) version: i64,
}

/// What the writers saw, shared between them.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// PUTs sent.
    pub(crate) attempted: AtomicUsize,
    /// 409 answers.
    pub(crate) conflicts: AtomicUsize,
    /// Writes given up after too many conflicts in a row.
    pub(crate) gave_up: AtomicUsize,
    pub(crate) acks: Mutex<Vec<Ack>>,
    /// Unexpected answers (5xx, or any status but 2xx and 409), with their bodies.
    pub(crate) unexpected: Mutex<Vec<String>>,
    /// Requests the server did not answer (it was killed).
    pub(crate) unanswered: AtomicUsize,
}

impl Tally {
    pub(crate) fn acks(&self) -> Vec<Ack> {
        self.acks.lock().expect("lock").clone()
    }
}

/// How many times one write is retried after a 409 before the client gives it up.
const RETRIES: usize = 200;

/// Client `client`: `writes` read-modify-writes of the entry, each appending its own marker to
/// the title and retried on 409. Stops at the first request the server does not answer, or
/// when `stop` is set.
pub(crate) fn writer(
    addr: &str,
    token: &str,
    client: usize,
    writes: usize,
    tally: &Tally,
    stop: &AtomicBool,
) {
    for n in 0..writes {
        let marker = format!("[c{client:02}w{n:03}]");
        let mut tries = 0;
        loop {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let read = match call(addr, "GET", ENTRY, token, None) {
                Ok(r) if r.status == 200 => r.json(),
                Ok(r) => {
                    tally
                        .unexpected
                        .lock()
                        .expect("lock")
                        .push(format!("GET {}: {}", r.status, r.body));
                    return;
                }
                Err(_) => {
                    tally.unanswered.fetch_add(1, Ordering::SeqCst);
                    return;
                }
            };
            let mut body = read["body"].clone();
            let title = body["title"].as_str().expect("a title").to_owned();
            body["title"] = json!(format!("{title} {marker}"));
            let put = json!({"body": body, "base": read["version"]});
            tally.attempted.fetch_add(1, Ordering::SeqCst);
            match call(addr, "PUT", ENTRY, token, Some(&put)) {
                Ok(r) if r.status == 200 => {
                    let version = r.json()["version"].as_i64().expect("a version");
                    tally.acks.lock().expect("lock").push(Ack {
                        marker: marker.clone(),
                        version,
                    });
                    break;
                }
                Ok(r) if r.status == 409 => {
                    tally.conflicts.fetch_add(1, Ordering::SeqCst);
                    tries += 1;
                    if tries == RETRIES {
                        tally.gave_up.fetch_add(1, Ordering::SeqCst);
                        break;
                    }
                }
                Ok(r) => {
                    tally
                        .unexpected
                        .lock()
                        .expect("lock")
                        .push(format!("PUT {}: {}", r.status, r.body));
                    return;
                }
                Err(_) => {
                    tally.unanswered.fetch_add(1, Ordering::SeqCst);
                    return;
                }
            }
        }
    }
}

/// Runs `clients` writers at once until they finish or `stop` is set.
pub(crate) fn writers(
    addr: &str,
    token: &str,
    clients: usize,
    writes: usize,
    tally: &Arc<Tally>,
    stop: &Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..clients)
        .map(|client| {
            let (addr, token) = (addr.to_owned(), token.to_owned());
            let (tally, stop) = (Arc::clone(tally), Arc::clone(stop));
            std::thread::spawn(move || writer(&addr, &token, client, writes, &tally, &stop))
        })
        .collect()
}

/// The whole audit log of `db`, checked to be ordered: ids ascending, instants never going
/// back.
pub(crate) fn audit(db: &str) -> Vec<Value> {
    let o = assure(&["audit", "--db", db, "--format", "json"]);
    ok(&o);
    let log: Vec<Value> = serde_json::from_slice(&o.stdout).expect("json");
    for pair in log.windows(2) {
        let id = |e: &Value| e["id"].as_i64().expect("an id");
        let at = |e: &Value| {
            e["at"]
                .as_str()
                .expect("an instant")
                .parse::<jiff::Timestamp>()
                .expect("an instant")
        };
        assert!(id(&pair[0]) < id(&pair[1]), "ids ascend: {pair:?}");
        assert!(
            at(&pair[0]) <= at(&pair[1]),
            "instants never go back: {pair:?}"
        );
    }
    log
}

/// Checks the entry's history against the acknowledged writes and returns the markers in the
/// order of versions. Every acknowledged marker is there exactly once, at the version the server
/// reported; every stored change has its audit entry (the audit log's updates chain from the
/// imported title to the title the server now gives, one marker each, and the version is one
/// more than the number of updates); with `exact`, nothing unacknowledged was stored.
pub(crate) fn check_history(
    db: &str,
    addr: &str,
    token: &str,
    acks: &[Ack],
    exact: bool,
) -> Vec<String> {
    let log = audit(db);
    let history: Vec<&Value> = log
        .iter()
        .filter(|e| e["table"] == TABLE && e["key"] == KEY)
        .collect();
    assert_eq!(history[0]["action"], "create", "{:?}", history[0]);
    let mut title = history[0]["after"]["title"]
        .as_str()
        .expect("the imported title")
        .to_owned();
    let mut markers = Vec::new();
    for e in &history[1..] {
        assert_eq!(e["action"], "update", "{e:?}");
        assert_eq!(e["actor"], "writer", "{e:?}");
        assert_eq!(
            e["before"]["title"],
            title.as_str(),
            "each change is based on the last: {e:?}"
        );
        let after = e["after"]["title"].as_str().expect("a title");
        let marker = after
            .strip_prefix(&format!("{title} "))
            .unwrap_or_else(|| panic!("one marker appended: {e:?}"));
        assert!(!marker.contains(' '), "one marker appended: {e:?}");
        markers.push(marker.to_owned());
        title = after.to_owned();
    }
    let now = call(addr, "GET", ENTRY, token, None).expect("the server answers");
    assert_eq!(now.status, 200, "{}", now.body);
    let now = now.json();
    assert_eq!(
        now["body"]["title"],
        title.as_str(),
        "the audit log ends where the entry is"
    );
    assert_eq!(
        now["version"].as_i64(),
        Some(markers.len() as i64 + 1),
        "one audit entry for every version"
    );
    for ack in acks {
        let at: Vec<usize> = (0..markers.len())
            .filter(|&i| markers[i] == ack.marker)
            .collect();
        assert_eq!(at.len(), 1, "{} stored exactly once", ack.marker);
        assert_eq!(
            at[0] as i64 + 2,
            ack.version,
            "{} is at the version the server reported",
            ack.marker
        );
    }
    if exact {
        assert_eq!(
            markers.len(),
            acks.len(),
            "only acknowledged writes were stored"
        );
    }
    markers
}

#[test]
fn eight_clients_editing_one_entry_lose_no_acknowledged_write_and_conflicts_answer_409() {
    for (backend, db) in databases("concurrency") {
        let token = prepare(&db);
        let started = Instant::now();
        let server = Server::start(
            &db,
            &temp_dir("concurrency-log").join(format!("{backend}.log")),
        );
        let tally = Arc::new(Tally::default());
        let stop = Arc::new(AtomicBool::new(false));
        // Eight clients on one entry conflict plenty; more only make the test slower on two cores.
        let (clients, writes) = (8, 4);
        let handles = writers(&server.addr, &token, clients, writes, &tally, &stop);
        // No deadlock: the writers finish well within the time limit, or the test fails.
        let deadline = Instant::now() + Duration::from_secs(30);
        while !handles.iter().all(|h| h.is_finished()) {
            assert!(
                Instant::now() < deadline,
                "{backend}: the writers did not finish in 30 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        for h in handles {
            h.join().expect("a writer panicked");
        }
        let writing = started.elapsed();
        let acks = tally.acks();
        let unexpected = tally.unexpected.lock().expect("lock").clone();
        let (attempted, conflicts, gave_up) = (
            tally.attempted.load(Ordering::SeqCst),
            tally.conflicts.load(Ordering::SeqCst),
            tally.gave_up.load(Ordering::SeqCst),
        );
        eprintln!(
            "{backend}: {clients} clients x {writes} writes: {attempted} PUTs attempted, {} \
             acknowledged, {conflicts} conflicts (409), {gave_up} given up, {} unexpected, in \
             {writing:.1?}",
            acks.len(),
            unexpected.len()
        );
        assert!(
            unexpected.is_empty(),
            "{backend}: no 5xx: {unexpected:#?}\n{}",
            server.log()
        );
        assert_eq!(tally.unanswered.load(Ordering::SeqCst), 0, "{backend}");
        assert!(
            conflicts > 0,
            "{backend}: concurrent writes based on one version conflict"
        );
        assert_eq!(acks.len() + gave_up, clients * writes, "{backend}");
        assert_eq!(attempted, acks.len() + conflicts, "{backend}");
        let markers = check_history(&db, &server.addr, &token, &acks, true);
        assert_eq!(markers.len(), acks.len(), "{backend}");
        assert!(
            !server.log().contains("panicked"),
            "{backend}: {}",
            server.log()
        );
    }
}
