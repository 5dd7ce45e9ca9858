//! The web application in real Chromium: `tests/browser/*.test.mjs` (playwright-core driving
//! Debian's `/usr/bin/chromium`, axe-core on every page) against `assure serve --demo` started
//! here on a free port. `.ci/run` installs Chromium and the npm packages; elsewhere, without them,
//! the test says it was skipped (under `CI` it fails instead).

use crate::cli::root;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Stops the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn missing() -> Vec<String> {
    let dir = root().join("tests/browser");
    let mut missing = Vec::new();
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node".to_owned());
    }
    if !dir.join("node_modules/playwright-core").exists()
        || !dir.join("node_modules/@axe-core/playwright").exists()
    {
        missing.push("npm packages (cd tests/browser && npm ci)".to_owned());
    }
    if !Path::new("/usr/bin/chromium").exists() {
        missing.push("chromium (apt-get install chromium)".to_owned());
    }
    missing
}

#[test]
fn the_web_application_works_in_chromium_and_every_page_passes_axe() {
    let missing = missing();
    if !missing.is_empty() {
        let message = format!("browser tests need {}", missing.join(", "));
        assert!(
            std::env::var_os("CI").is_none(),
            "{message}; .ci/run installs them"
        );
        eprintln!("skipped: {message}");
        return;
    }
    let password = "browser test password";
    let mut child = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
        .env("ASSURE_ADMIN_PASSWORD", password)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("assure serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server says where it runs")
            .expect("text");
        if let Some(rest) = line.strip_prefix("Assure is running at ") {
            break rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned();
        }
    };
    let output = Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .args(
            std::fs::read_dir(root().join("tests/browser"))
                .expect("tests/browser")
                .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .filter(|n| n.ends_with(".test.mjs"))
                .collect::<std::collections::BTreeSet<_>>(),
        )
        .current_dir(root().join("tests/browser"))
        .env("ASSURE_BASE_URL", &base)
        .env("ASSURE_ADMIN_PASSWORD", password)
        .output()
        .expect("node runs");
    drop(server);
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("{report}");
    assert!(output.status.success(), "browser tests failed:\n{report}");
}
