//! A minimal W3C WebDriver client over reqwest, enough to drive headless Chromium through
//! chromedriver in the end-to-end test: sessions, navigation, elements, keys, scripts, screenshots.
//! Each [`Browser`] is its own Chromium process with a fresh profile, so sessions never share
//! cookies (the separate "browser contexts" of the test).

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The W3C key code of Enter.
pub const ENTER: &str = "\u{E007}";

/// One browser session.
pub struct Browser {
    http: reqwest::Client,
    url: String,
    /// Name used in failure messages.
    pub name: String,
    _profile: tempfile::TempDir,
}

fn unwrap(name: &str, what: &str, body: Value) -> Value {
    let value = body.get("value").cloned().unwrap_or(Value::Null);
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        panic!(
            "[{name}] {what} failed: {error}: {}",
            value.get("message").and_then(Value::as_str).unwrap_or("")
        );
    }
    value
}

impl Browser {
    /// Starts a headless Chromium session through the chromedriver at `driver`.
    pub async fn start(driver: &str, name: &str, width: u32, height: u32) -> Browser {
        let profile = tempfile::tempdir().expect("temp profile");
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--hide-scrollbars".into(),
            "--force-device-scale-factor=1".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let http = reqwest::Client::new();
        let body: Value = http
            .post(format!("{driver}/session"))
            .json(&json!({
                "capabilities": { "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args }
                }}
            }))
            .send()
            .await
            .expect("chromedriver answers")
            .json()
            .await
            .expect("session JSON");
        let value = unwrap(name, "new session", body);
        let id = value["sessionId"].as_str().expect("session id").to_string();
        Browser {
            http,
            url: format!("{driver}/session/{id}"),
            name: name.to_string(),
            _profile: profile,
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.url));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let body: Value = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("[{}] {path}: {e}", self.name))
            .json()
            .await
            .unwrap_or_else(|e| panic!("[{}] {path}: {e}", self.name));
        unwrap(&self.name, path, body)
    }

    /// Navigates and waits for the page to load.
    pub async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    /// The current address.
    pub async fn current_url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub async fn run(&self, script: &str, args: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
        .await
    }

    async fn element(&self, css: &str) -> String {
        let value = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await;
        // The W3C element reference is the object's only value, whatever its key.
        value
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("[{}] no element `{css}`", self.name))
            .to_string()
    }

    /// Clicks the element matching `css`, as a user would.
    pub async fn click(&self, css: &str) {
        let id = self.element(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            Some(json!({})),
        )
        .await;
    }

    /// Types `text` into the element matching `css` (after clearing it).
    pub async fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/clear"),
            Some(json!({})),
        )
        .await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    /// Sends `text` as key strokes to the element matching `css`, as typed (a select takes them
    /// as its type-ahead), without clearing it first.
    pub async fn send_keys(&self, css: &str, text: &str) {
        let id = self.element(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    /// Presses and releases `key` on the focused element (keyboard only, no mouse).
    pub async fn press(&self, key: &str) {
        self.call(
            reqwest::Method::POST,
            "/actions",
            Some(
                json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
                    { "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }
                ]}]}),
            ),
        )
        .await;
    }

    /// Chooses `value` in the select matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        let ok = self
            .run(
                "const s = document.querySelector(arguments[0]); if (!s) return false; \
                 s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true})); \
                 return s.value === arguments[1];",
                json!([css, value]),
            )
            .await;
        assert_eq!(
            ok,
            json!(true),
            "[{}] cannot choose `{value}` in `{css}`",
            self.name
        );
    }

    /// The visible text of the element matching `css` ("" if there is none).
    pub async fn text(&self, css: &str) -> String {
        self.run(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
            json!([css]),
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// The whole document as HTML, including hidden elements and attributes.
    pub async fn html(&self) -> String {
        self.run("return document.documentElement.outerHTML;", json!([]))
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// How many elements match `css`.
    pub async fn count(&self, css: &str) -> u64 {
        self.run(
            "return document.querySelectorAll(arguments[0]).length;",
            json!([css]),
        )
        .await
        .as_u64()
        .unwrap_or(0)
    }

    /// Waits until `condition` (a JS expression) holds; panics with `what` after `timeout`.
    pub async fn wait_until(&self, what: &str, condition: &str, timeout: Duration) {
        let start = Instant::now();
        let script = format!("try {{ return !!({condition}); }} catch (e) {{ return false; }}");
        loop {
            if self.run(&script, json!([])).await == json!(true) {
                return;
            }
            if start.elapsed() > timeout {
                let text = self.text("main").await;
                panic!(
                    "[{}] timed out waiting for {what}; page shows:\n{text}",
                    self.name
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Resizes the window (a phone is about 390 × 844).
    pub async fn resize(&self, width: u32, height: u32) {
        self.call(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        )
        .await;
    }

    /// Whether the page fits the window's width (nothing to scroll sideways).
    pub async fn fits_width(&self) -> bool {
        self.run(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            json!([]),
        )
        .await
            == json!(true)
    }

    /// Saves a PNG of the whole page (the window is stretched to the document's height first).
    pub async fn screenshot(&self, path: &Path, width: u32, max_height: u32) {
        // Twice: the page reflows once the window is taller.
        for _ in 0..2 {
            let height = self
                .run(
                    "return Math.ceil(document.documentElement.scrollHeight);",
                    json!([]),
                )
                .await
                .as_u64()
                .unwrap_or(900) as u32;
            let inner = self
                .run("return window.outerHeight - window.innerHeight;", json!([]))
                .await
                .as_u64()
                .unwrap_or(0) as u32;
            self.call(
                reqwest::Method::POST,
                "/window/rect",
                Some(json!({ "width": width, "height": (height + inner).clamp(600, max_height) })),
            )
            .await;
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        self.run("window.scrollTo(0, 0);", json!([])).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let data = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64_decode(data.as_str().expect("base64 screenshot"));
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("screenshot folder");
        std::fs::write(path, png).expect("write screenshot");
    }

    /// Ends the session and its browser.
    pub async fn quit(self) {
        let _ = self.http.delete(&self.url).send().await;
    }
}

/// Standard base64 (screenshots arrive encoded); small enough not to need a crate.
fn base64_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        buffer = (buffer << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGk="), b"hi");
}
