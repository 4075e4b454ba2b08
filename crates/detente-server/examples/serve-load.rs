//! Load client for `detente serve`: many open talks, a fixed number of concurrent clients, each
//! cycling through its share of the talks with one caucus exchange at a time (the mediator asks,
//! the delegation answers). Reports caucus answers per second and answer latency percentiles.
//!
//! Usage: `serve-load --base http://127.0.0.1:PORT [--talks 1000] [--clients 64] [--seconds 20]`
//! (see `bench/serve-load.sh`, which starts a release server on a fresh SQLite file).
//! It talks to loopback only and stops after `--seconds`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use detente_server::api::talks::CreatedTalk;
use serde_json::{json, Value};

struct Args {
    base: String,
    talks: usize,
    clients: usize,
    seconds: u64,
}

fn parse_args() -> Args {
    let mut args = Args {
        base: String::new(),
        talks: 1000,
        clients: 64,
        seconds: 20,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--base" => args.base = value,
            "--talks" => args.talks = value.parse().expect("--talks N"),
            "--clients" => args.clients = value.parse().expect("--clients N"),
            "--seconds" => args.seconds = value.parse().expect("--seconds N"),
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(
        args.base.starts_with("http://127.") || args.base.starts_with("http://localhost"),
        "--base must be a loopback address"
    );
    args
}

/// One talk's secrets and where its caucus stands.
struct Talk {
    id: String,
    mediator: String,
    parties: Vec<(String, String)>,
    seat: usize,
    asked_in_caucus: usize,
}

const QUESTIONS_PER_CAUCUS: usize = 20;

async fn post(
    client: &reqwest::Client,
    url: String,
    token: &str,
    body: Value,
) -> Result<Value, String> {
    let response = client
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let body: Value = response.json().await.map_err(|e| e.to_string())?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(format!("{status}: {body}"))
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let args = parse_args();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.clients * 2)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();

    // Open the talks.
    let started = Instant::now();
    let mut talks = Vec::with_capacity(args.talks);
    for chunk in (0..args.talks).collect::<Vec<_>>().chunks(args.clients) {
        let created = futures_util::future::join_all(chunk.iter().map(|_| {
            let client = client.clone();
            let url = format!("{}/api/talks", args.base);
            async move {
                client
                    .post(url)
                    .json(&json!({"example": "hiring", "rounds": 1000, "max_questions": 100}))
                    .send()
                    .await
                    .unwrap()
                    .json::<CreatedTalk>()
                    .await
                    .unwrap()
            }
        }))
        .await;
        for c in created {
            talks.push(Talk {
                id: c.talk_id,
                mediator: c.mediator_token,
                parties: c
                    .invitations
                    .into_iter()
                    .map(|i| (i.party, i.token))
                    .collect(),
                seat: 0,
                asked_in_caucus: 0,
            });
        }
    }
    println!(
        "opened {} talks in {:.1}s",
        talks.len(),
        started.elapsed().as_secs_f64()
    );

    // Deal the talks to the clients.
    let mut shares: Vec<Vec<Talk>> = (0..args.clients).map(|_| Vec::new()).collect();
    for (i, talk) in talks.into_iter().enumerate() {
        shares[i % args.clients].push(talk);
    }
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let errors = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = shares
        .into_iter()
        .map(|mut share| {
            let (client, base, errors) = (client.clone(), args.base.clone(), errors.clone());
            tokio::spawn(async move {
                let mut answer_latency = Vec::new();
                let mut ask_latency = Vec::new();
                let mut round_ends = 0u64;
                'run: while Instant::now() < deadline {
                    for talk in share.iter_mut() {
                        if Instant::now() >= deadline {
                            break 'run;
                        }
                        let url = |path: &str| format!("{base}/api/talks/{}{path}", talk.id);
                        let (party, token) = talk.parties[talk.seat].clone();
                        let t0 = Instant::now();
                        let asked = post(&client, url("/caucus"), &talk.mediator, json!({"party": party, "question": {"type": "rank_issues"}})).await;
                        ask_latency.push(t0.elapsed());
                        let Ok(asked) = asked else {
                            errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            continue;
                        };
                        let t1 = Instant::now();
                        let answer = json!({"question": asked["question"], "answer": {"type": "ranking", "issues": ["salary", "remote", "start", "title"]}});
                        match post(&client, url("/party/answers"), &token, answer).await {
                            Ok(_) => answer_latency.push(t1.elapsed()),
                            Err(_) => {
                                errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                        }
                        talk.asked_in_caucus += 1;
                        if talk.asked_in_caucus == QUESTIONS_PER_CAUCUS {
                            talk.asked_in_caucus = 0;
                            talk.seat += 1;
                            if talk.seat == talk.parties.len() {
                                talk.seat = 0;
                                if post(&client, url("/rounds/end"), &talk.mediator, json!({})).await.is_err() {
                                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                }
                                round_ends += 1;
                            }
                        }
                    }
                }
                (answer_latency, ask_latency, round_ends)
            })
        })
        .collect();
    let mut answers = Vec::new();
    let mut asks = Vec::new();
    let mut round_ends = 0;
    for worker in workers {
        let (a, q, r) = worker.await.unwrap();
        answers.extend(a);
        asks.extend(q);
        round_ends += r;
    }
    let elapsed = started.elapsed().as_secs_f64();
    answers.sort_unstable();
    asks.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "talks {} clients {} duration {:.1}s: {} answers = {:.0} answers/s ({:.0} requests/s incl. questions and {} round ends), {} errors",
        args.talks,
        args.clients,
        elapsed,
        answers.len(),
        answers.len() as f64 / elapsed,
        (answers.len() + asks.len()) as f64 / elapsed,
        round_ends,
        errors.load(std::sync::atomic::Ordering::Relaxed)
    );
    println!(
        "answer latency ms: p50 {:.1} p90 {:.1} p99 {:.1} max {:.1}; question latency ms: p50 {:.1} p99 {:.1}",
        ms(percentile(&answers, 0.5)),
        ms(percentile(&answers, 0.9)),
        ms(percentile(&answers, 0.99)),
        ms(*answers.last().unwrap_or(&Duration::ZERO)),
        ms(percentile(&asks, 0.5)),
        ms(percentile(&asks, 0.99)),
    );
}
