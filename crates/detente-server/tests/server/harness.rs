//! Test harness: a real HTTP server per test on SQLite (a temporary file) or PostgreSQL (its own
//! schema, dropped afterwards), and a small JSON client.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use detente_server::api::talks::CreatedTalk;
use detente_server::store::{PostgresStore, SqliteStore};
use detente_server::Store;
use reqwest::Method;
use serde_json::Value;

/// The environment variable naming the test PostgreSQL database.
pub const POSTGRES_ENV: &str = "DETENTE_TEST_POSTGRES";

/// Which store a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// A JSON client for one server.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub client: reqwest::Client,
}

impl Api {
    pub fn new(base: String) -> Self {
        Api {
            base,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        self.call(Method::POST, path, token, Some(body)).await
    }

    /// A call that must succeed; returns the body.
    pub async fn ok(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Value {
        let (status, value) = self.call(method.clone(), path, token, body).await;
        assert!(
            (200..300).contains(&status),
            "{method} {path} -> {status}: {value}"
        );
        value
    }
}

/// A running server and its store.
pub struct Harness {
    pub api: Api,
    pub store: Arc<dyn Store>,
    pub sqlite_path: Option<std::path::PathBuf>,
    pub postgres: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

fn config() -> detente_server::Config {
    detente_server::Config {
        poll_interval: Duration::from_millis(100),
    }
}

/// Serves `store` on a free loopback port; returns its client.
pub async fn spawn_server(store: Arc<dyn Store>) -> Api {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, detente_server::app(store, &config()))
            .await
            .unwrap();
    });
    Api::new(format!("http://{addr}"))
}

impl Harness {
    /// Starts a server on a fresh store; `None` (after printing why) when PostgreSQL is not configured.
    pub async fn start(kind: Kind) -> Option<Harness> {
        match kind {
            Kind::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("test.db");
                let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).unwrap());
                Some(Harness {
                    api: spawn_server(store.clone()).await,
                    store,
                    sqlite_path: Some(path),
                    postgres: None,
                    _dir: Some(dir),
                })
            }
            Kind::Postgres => {
                let Ok(url) = std::env::var(POSTGRES_ENV) else {
                    eprintln!("skipped: set {POSTGRES_ENV} (e.g. postgres://postgres@127.0.0.1:5432/test) to run PostgreSQL tests");
                    return None;
                };
                let schema = format!("detente_test_{}", detente_server::token::random_id());
                let store: Arc<dyn Store> =
                    Arc::new(PostgresStore::connect(&url, Some(&schema)).await.unwrap());
                Some(Harness {
                    api: spawn_server(store.clone()).await,
                    store,
                    sqlite_path: None,
                    postgres: Some((url, schema)),
                    _dir: None,
                })
            }
        }
    }

    /// A second, independent server on the same database: its own store connection (PostgreSQL)
    /// and its own cache of talks.
    pub async fn second_server(&self) -> Api {
        let store: Arc<dyn Store> = match &self.postgres {
            Some((url, schema)) => {
                Arc::new(PostgresStore::connect(url, Some(schema)).await.unwrap())
            }
            None => self.store.clone(),
        };
        spawn_server(store).await
    }

    /// Runs raw SQL against the test database (to simulate tampering).
    pub async fn execute_sql(&self, sql: &str) {
        match (&self.sqlite_path, &self.postgres) {
            (Some(path), _) => {
                let conn = rusqlite::Connection::open(path).unwrap();
                conn.busy_timeout(Duration::from_secs(5)).unwrap();
                conn.execute_batch(sql).unwrap();
            }
            (None, Some((url, schema))) => {
                let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .unwrap();
                tokio::spawn(connection);
                client
                    .batch_execute(&format!("SET search_path = {schema}; {sql}"))
                    .await
                    .unwrap();
            }
            _ => unreachable!(),
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some((url, schema)) = self.postgres.take() {
            // Runs on its own thread and runtime so it also works while a failed test unwinds.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok((client, connection)) =
                        tokio_postgres::connect(&url, tokio_postgres::NoTls).await
                    {
                        tokio::spawn(connection);
                        let _ = client
                            .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// Runs `test` on a fresh server of `kind` (skipping PostgreSQL when it is not configured).
pub async fn run<F, Fut>(kind: Kind, test: F)
where
    F: FnOnce(Harness) -> Fut,
    Fut: Future<Output = ()>,
{
    if let Some(harness) = Harness::start(kind).await {
        test(harness).await;
    }
}

/// Declares a test that runs once on SQLite and once on PostgreSQL: `<name>::sqlite` and
/// `<name>::postgres`.
#[macro_export]
macro_rules! on_both_stores {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::harness::run($crate::harness::Kind::Sqlite, super::$name).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::harness::run($crate::harness::Kind::Postgres, super::$name).await;
            }
        }
    };
}

/// A created talk's secrets.
pub struct Created {
    pub id: String,
    pub mediator: String,
    pub parties: Vec<(String, String)>,
}

impl Created {
    pub fn token(&self, party: &str) -> &str {
        &self.parties.iter().find(|(p, _)| p == party).unwrap().1
    }
}

impl Api {
    /// The mediator of `talk` asks in caucus (`POST …/caucus` with `request`); must succeed.
    pub async fn ask(&self, talk: &Created, request: Value) -> Value {
        let path = format!("/api/talks/{}/caucus", talk.id);
        self.ok(Method::POST, &path, Some(&talk.mediator), Some(request))
            .await
    }

    /// `party` of `talk` answers (`POST …/party/answers` with `answer`); must succeed.
    pub async fn answer(&self, talk: &Created, party: &str, answer: Value) -> Value {
        let path = format!("/api/talks/{}/party/answers", talk.id);
        self.ok(Method::POST, &path, Some(talk.token(party)), Some(answer))
            .await
    }

    /// The mediator of `talk` ends the round (`POST …/rounds/end`); must succeed.
    pub async fn end_round(&self, talk: &Created) -> Value {
        let path = format!("/api/talks/{}/rounds/end", talk.id);
        self.ok(Method::POST, &path, Some(&talk.mediator), None)
            .await
    }
}

/// Creates a talk from `body`.
pub async fn create(api: &Api, body: Value) -> Created {
    let (status, created) = api.post("/api/talks", None, body).await;
    assert_eq!(status, 201, "{created}");
    let created: CreatedTalk = serde_json::from_value(created).unwrap();
    Created {
        id: created.talk_id,
        mediator: created.mediator_token,
        parties: created
            .invitations
            .into_iter()
            .map(|i| (i.party, i.token))
            .collect(),
    }
}
