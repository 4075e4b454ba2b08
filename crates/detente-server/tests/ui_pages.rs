//! The browser interface without a browser: pages, sessions, forms and their errors, over the
//! router on an embedded SQLite store. (The end-to-end test in Chromium is in `detente-cli`.)

use std::sync::Arc;

use reqwest::header::{self, HeaderMap};
use reqwest::StatusCode;

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

/// A request to send: the origin `SELF` stands for the server's own.
struct Req {
    post: bool,
    path: String,
    cookie: Option<String>,
    form: String,
    origin: String,
}

fn get(path: &str, cookie: Option<&str>) -> Req {
    Req {
        post: false,
        path: path.to_string(),
        cookie: cookie.map(str::to_string),
        form: String::new(),
        origin: String::new(),
    }
}

fn post(path: &str, cookie: Option<&str>, form: &str, origin: &str) -> Req {
    Req {
        post: true,
        path: path.to_string(),
        cookie: cookie.map(str::to_string),
        form: form.to_string(),
        origin: origin.to_string(),
    }
}

const SELF: &str = "self";

/// `detente serve`'s router on a loopback port, over an embedded SQLite store.
struct Server {
    base: String,
    http: reqwest::Client,
    _stop: tokio::sync::oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

async fn app() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("detente.db").display().to_string();
    let store = detente_server::store::open(&url).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let config = detente_server::Config::default();
        let _ = detente_server::serve(listener, Arc::clone(&store), &config, async {
            let _ = stopped.await;
        })
        .await;
    });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Server {
        base,
        http,
        _stop: stop,
        _dir: dir,
    }
}

async fn send(app: &Server, req: Req) -> Reply {
    let url = format!("{}{}", app.base, req.path);
    let mut request = if req.post {
        let origin = if req.origin == SELF {
            app.base.clone()
        } else {
            req.origin.clone()
        };
        app.http
            .post(url)
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(req.form)
    } else {
        app.http.get(url)
    };
    if let Some(key) = req.cookie {
        request = request.header(header::COOKIE, format!("detente_key={key}"));
    }
    let response = request.send().await.expect("a response");
    Reply {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.text().await.expect("a body"),
    }
}

/// The key after `#key=` in the link whose input is marked `data-link="{who}"`.
fn key_for(page: &str, who: &str) -> String {
    let marker = format!("data-link=\"{who}\"");
    let input = page
        .split("<input")
        .find(|tag| tag.contains(&marker))
        .unwrap_or_else(|| panic!("no link for {who}"));
    input
        .split("#key=")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// The id of the question a caucus page offers to answer (its hidden `question` field).
fn pending_question(page: &str) -> String {
    page.split("name=\"question\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_talk_runs_through_the_pages() {
    let app = app().await;

    let home = send(&app, get("/", None)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Mediator's dashboard") && home.body.contains("hiring"));
    let csp = home.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(home.headers[header::REFERRER_POLICY], "same-origin");
    assert!(send(&app, get("/static/app.js", None))
        .await
        .body
        .contains("EventSource"));

    // Creating from another site is refused; from this one it shows the links once.
    let form = "source=example&example=hiring&title=Pay+talks&rounds=2&max_questions=4&mediator=The+mediator";
    let refused = send(&app, post("/talks", None, form, "https://evil.example")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let created = send(&app, post("/talks", None, form, SELF)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let mediator_cookie = created.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(mediator_cookie.contains("HttpOnly") && mediator_cookie.contains("SameSite=Strict"));
    let id = mediator_cookie
        .split("Path=/talks/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let (mediator, employer, candidate) = (
        key_for(&created.body, "mediator"),
        key_for(&created.body, "Employer"),
        key_for(&created.body, "Candidate"),
    );
    let desk = format!("/talks/{id}/mediator");
    let room = format!("/talks/{id}/caucus");

    // Without a cookie a room asks for the key; a wrong key is refused clearly; the right one
    // becomes a cookie scoped to this talk's room.
    let asked = send(&app, get(&room, None)).await;
    assert!(asked.body.contains("data-exchange") && asked.body.contains("type=\"password\""));
    let wrong = send(
        &app,
        post(&format!("{room}/session"), None, "key=abc123", SELF),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("not valid for this talk"));
    let mediators_key = format!("key={mediator}");
    let misplaced = send(
        &app,
        post(&format!("{room}/session"), None, &mediators_key, SELF),
    )
    .await;
    assert_eq!(misplaced.status, StatusCode::UNAUTHORIZED);
    let opened = send(
        &app,
        post(
            &format!("{room}/session"),
            None,
            &format!("key=%23key%3D{employer}"),
            SELF,
        ),
    )
    .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let cookie = opened.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains(&format!("Path={room};")));
    let stale = send(&app, get(&room, Some("0123"))).await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
    assert!(stale.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let no_talk = send(&app, get("/talks/nosuch/caucus", None)).await;
    assert_eq!(no_talk.status, StatusCode::NOT_FOUND);
    assert!(no_talk.body.contains("No such talk"));

    // The mediator asks the Employer for a proposal, then tests a package with the Candidate.
    let page = send(&app, get(&desk, Some(&mediator))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("margin-chart") && page.body.contains("Nash package"));
    let asked = send(
        &app,
        post(
            &format!("{desk}/ask"),
            Some(&mediator),
            "party=Employer&kind=propose",
            SELF,
        ),
    )
    .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let room_page = send(&app, get(&room, Some(&employer))).await;
    assert!(room_page.body.contains("send-proposal"));
    let question = pending_question(&room_page.body);
    let package = "a.salary=mid&a.remote=partial&a.start=now&a.title=senior+engineer";
    let tested = send(
        &app,
        post(
            &format!("{desk}/ask"),
            Some(&mediator),
            &format!("party=Candidate&kind=test&{package}&source=Employer%7Canswers&reveals=x"),
            SELF,
        ),
    )
    .await;
    assert_eq!(tested.status, StatusCode::SEE_OTHER, "{}", tested.body);
    let cross_site = send(
        &app,
        post(
            &format!("{desk}/end-round"),
            Some(&mediator),
            "",
            "https://evil.example",
        ),
    )
    .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);

    // The Employer's proposal comes too late: a clear error, nothing recorded.
    let late = send(
        &app,
        post(
            &format!("{room}/answer"),
            Some(&employer),
            &format!("question={question}&verdict=propose&pkg.salary=low&pkg.remote=none&pkg.start=now&pkg.title=engineer"),
            SELF,
        ),
    )
    .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body.contains("no longer open"));

    // The Candidate sees the package with its own utility and rejects it.
    let candidate_page = send(&app, get(&room, Some(&candidate))).await;
    assert!(candidate_page.body.contains("Worth to you"));
    let utility = send(
        &app,
        get(
            &format!("{room}/utility?pkg.salary=high&pkg.remote=full&pkg.start=next+month&pkg.title=senior+engineer"),
            Some(&candidate),
        ),
    )
    .await;
    let utility: serde_json::Value = serde_json::from_str(&utility.body).unwrap();
    assert!((utility["utility"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    let q = pending_question(&candidate_page.body);
    let rejected = send(
        &app,
        post(
            &format!("{room}/answer"),
            Some(&candidate),
            &format!("question={q}&verdict=reject&objection=salary"),
            SELF,
        ),
    )
    .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.body);

    // Confidentiality: the Employer's room holds nothing of the Candidate's caucus.
    let employer_page = send(&app, get(&room, Some(&employer))).await.body;
    assert!(!employer_page.contains("objects to salary"));
    assert!(!employer_page.contains("Candidate"));
    let desk_page = send(&app, get(&desk, Some(&mediator))).await.body;
    assert!(desk_page.contains("Rejected; objects to salary."));
    assert!(desk_page.contains("Rule 1 — meetings"));

    // Ending both rounds concludes the talks; the public page has the communiqué, nothing private.
    for _ in 0..2 {
        let ended = send(
            &app,
            post(&format!("{desk}/end-round"), Some(&mediator), "", SELF),
        )
        .await;
        assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    }
    let public = send(&app, get("/public", None)).await.body;
    assert!(public.contains("Pay talks") && public.contains("No agreement was reached"));
    assert!(!public.contains("objects to") && !public.contains("salary: mid"));
    let concluded = send(&app, get(&desk, Some(&mediator))).await.body;
    assert!(concluded.contains("Published communiqué"));
    assert_eq!(concluded.matches("class=\"point\"").count(), 2);
}

fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn uploaded_scenarios_create_talks_and_bad_ones_say_why() {
    let app = app().await;
    let toml = include_str!("../../../examples/supply-contract.toml");
    let form = format!("source=upload&scenario_text={}&rounds=3", form_encode(toml));
    let created = send(&app, post("/talks", None, &form, SELF)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body.matches("data-copy=").count(), 1 + 2);

    let miami = send(
        &app,
        post("/talks", None, "source=example&example=miami", SELF),
    )
    .await;
    assert_eq!(miami.status, StatusCode::CREATED);
    let key = key_for(&miami.body, "mediator");
    let cookie = miami.headers[header::SET_COOKIE].to_str().unwrap();
    let path = cookie
        .split("Path=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    let desk = send(&app, get(path, Some(&key))).await.body;
    assert!(desk.contains("No zone of agreement"), "{desk}");

    let missing = send(&app, post("/talks", None, "source=upload", SELF)).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("choose a scenario file"));
    let broken = send(
        &app,
        post(
            "/talks",
            None,
            "source=upload&scenario_text=%7Bnot+json",
            SELF,
        ),
    )
    .await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(broken.body.contains("role=\"alert\"") && broken.body.contains("JSON does not read"));
    let bad_rounds = send(
        &app,
        post(
            "/talks",
            None,
            "source=example&example=hiring&rounds=0",
            SELF,
        ),
    )
    .await;
    assert_eq!(bad_rounds.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_rounds.body.contains("rounds"));
}
