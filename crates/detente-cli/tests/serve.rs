//! The real `detente serve` binary: starts with no flags on embedded SQLite, and keeps every
//! acknowledged answer when killed with SIGKILL in the middle of a burst.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A running `detente serve` child and its base URL.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(dir: &std::path::Path, db: Option<&str>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_detente"));
        command
            .current_dir(dir)
            .arg("serve")
            .args(["--bind", "127.0.0.1:0"]);
        if let Some(db) = db {
            command.args(["--db", db]);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in `{line}`"))
            .to_string();
        Server { child, base }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `request` and reads the JSON answer; any failure fails the test.
async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> Result<(u16, Value), reqwest::Error> {
    let mut request = client.request(method, url).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starts_with_no_flags_on_embedded_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), None);
    let client = reqwest::Client::new();
    let openapi = json_of(client.get(format!("{}/openapi.json", server.base))).await;
    assert!(openapi["paths"]["/api/talks"].is_object());
    let page = client
        .get(&server.base)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("detente"));
    assert!(
        dir.path().join("detente.db").exists(),
        "the default store is detente.db in the working directory"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_answers_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("talks.db").display().to_string();
    let server = Server::start(dir.path(), Some(&db));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut talks = Vec::new();
    for _ in 0..6 {
        let created = json_of(
            client
                .post(format!("{}/api/talks", server.base))
                .json(&json!({"example": "hiring", "rounds": 1000, "max_questions": 100})),
        )
        .await;
        talks.push(created);
    }
    // (talk, question) of every answer the server acknowledged.
    let acknowledged: Arc<Mutex<Vec<(String, u64)>>> = Arc::default();
    let mut workers = Vec::new();
    for talk in talks.clone() {
        let (client, base, acknowledged) =
            (client.clone(), server.base.clone(), acknowledged.clone());
        workers.push(tokio::spawn(async move {
            let id = talk["talk_id"].as_str().unwrap().to_string();
            let mediator = talk["mediator_token"].as_str().unwrap().to_string();
            let url = |path: &str| format!("{base}/api/talks/{id}{path}");
            let started = Instant::now();
            'burst: while started.elapsed() < Duration::from_secs(20) {
                for seat in 0..2 {
                    let party = talk["invitations"][seat]["party"].as_str().unwrap();
                    let token = talk["invitations"][seat]["token"].as_str().unwrap();
                    for _ in 0..20 {
                        let Ok((201, asked)) = call(&client, reqwest::Method::POST, url("/caucus"), &mediator,
                            Some(json!({"party": party, "question": {"type": "rank_issues"}}))).await else { break 'burst };
                        let question = asked["question"].as_u64().unwrap();
                        let answer = json!({"question": question, "answer": {"type": "ranking", "issues": ["title", "start", "remote", "salary"]}});
                        match call(&client, reqwest::Method::POST, url("/party/answers"), token, Some(answer)).await {
                            Ok((201, _)) => acknowledged.lock().unwrap().push((id.clone(), question)),
                            _ => break 'burst,
                        }
                    }
                }
                if !matches!(call(&client, reqwest::Method::POST, url("/rounds/end"), &mediator, None).await, Ok((200, _))) {
                    break;
                }
            }
        }));
    }
    // Kill the server mid-burst, once a good number of answers are in.
    let deadline = Instant::now() + Duration::from_secs(20);
    while acknowledged.lock().unwrap().len() < 1000 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut server = server;
    server.child.kill().unwrap(); // SIGKILL
    server.child.wait().unwrap();
    for worker in workers {
        worker.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 1000,
        "the burst was too small: {}",
        acknowledged.len()
    );

    let restarted = Server::start(dir.path(), Some(&db));
    for talk in &talks {
        let id = talk["talk_id"].as_str().unwrap();
        let (status, view) = call(
            &client,
            reqwest::Method::GET,
            format!("{}/api/talks/{id}/mediator", restarted.base),
            talk["mediator_token"].as_str().unwrap(),
            None,
        )
        .await
        .unwrap();
        assert_eq!(status, 200);
        let answered: std::collections::HashSet<u64> = view["exchanges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["status"] == "answered")
            .map(|e| e["question"].as_u64().unwrap())
            .collect();
        for (_, question) in acknowledged.iter().filter(|(t, _)| t == id) {
            assert!(
                answered.contains(question),
                "acknowledged answer to question {question} of talk {id} was lost"
            );
        }
    }
    drop(restarted);
    let verify = Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(["audit", "verify", "--db", &db, "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert!(verify.status.success(), "{report}");
    assert_eq!(report["intact"], true);
    assert_eq!(report["talks"], 6);
    eprintln!(
        "durability: {} acknowledged answers, all present after SIGKILL; {} events verified",
        acknowledged.len(),
        report["events"]
    );
}
