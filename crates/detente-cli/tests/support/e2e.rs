//! What the browser tests share: the real `detente serve` on a free port, chromedriver, and
//! checks every page must pass.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;

use super::webdriver::Browser;

pub const WAIT: Duration = Duration::from_secs(20);
pub const WIDTH: u32 = 1280;

/// A child process killed on drop, so a failing test leaves nothing running.
pub struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_server(dir: &std::path::Path) -> (Guard, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("detente serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the listening line");
    let url = line
        .split("listening on ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_string();
    (Guard(child), url)
}

pub async fn start_driver() -> (Guard, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Guard(
        Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let url = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    for _ in 0..100 {
        if let Ok(r) = http.get(format!("{url}/status")).send().await {
            if r.status().is_success() {
                return (child, url);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not come up on {url}");
}

/// Every visible form control has a label (keyboard and screen-reader users need one).
pub async fn assert_labelled(browser: &Browser) {
    let unlabelled = browser
        .run(
            "return [...document.querySelectorAll('input, select, textarea')]\
               .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))\
               .map(e => e.outerHTML);",
            json!([]),
        )
        .await;
    assert_eq!(
        unlabelled,
        json!([]),
        "[{}] controls without a label",
        browser.name
    );
}

pub fn images() -> Option<PathBuf> {
    (std::env::var("DETENTE_SCREENSHOTS").as_deref() == Ok("1"))
        .then(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/images"))
}

/// Whether the browser tests run (`DETENTE_E2E=1`, with chromium and chromium-driver installed).
pub fn enabled() -> bool {
    let on = std::env::var("DETENTE_E2E").as_deref() == Ok("1");
    if !on {
        println!("skipped: set DETENTE_E2E=1 with chromium and chromium-driver installed");
    }
    on
}

/// The links on the page shown after creating talks (it waits for it), by who they are for:
/// `mediator` and each delegation's name.
pub async fn invitation_links(mediator: &Browser) -> std::collections::BTreeMap<String, String> {
    mediator
        .wait_until(
            "the invitation links",
            "document.querySelector('#invitations')",
            WAIT,
        )
        .await;
    let links = mediator
        .run(
            "const o = {}; document.querySelectorAll('[data-link]').forEach(i => o[i.dataset.link] = i.value); return o;",
            json!([]),
        )
        .await;
    serde_json::from_value(links).expect("links by name")
}
