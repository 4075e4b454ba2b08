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

/// A two-issue scenario in TOML with one party per name (all with the same profile).
fn scenario_with_parties(names: &[&str]) -> String {
    let mut toml = String::from(
        "name = \"Border talks\"\n\
         [[issues]]\nname = \"border\"\nvalues = [\"open\", \"partial\", \"closed\"]\n\
         [[issues]]\nname = \"trade\"\nvalues = [\"free\", \"tariffs\"]\n",
    );
    for name in names {
        toml.push_str(&format!(
            "[[parties]]\nname = \"{name}\"\nreservation = 0.3\n\
             issues.\"border\" = {{ weight = 0.6, values = {{ \"open\" = 1.0, \"partial\" = 0.5, \"closed\" = 0.0 }} }}\n\
             issues.\"trade\" = {{ weight = 0.4, values = {{ \"free\" = 1.0, \"tariffs\" = 0.0 }} }}\n"
        ));
    }
    toml
}

/// Creates a talk from an uploaded scenario: its desk's path, the mediator's key and the page
/// with the links.
async fn upload_talk(app: &Server, toml: &str) -> (String, String, String) {
    let form = format!("source=upload&scenario_text={}&rounds=3", form_encode(toml));
    let created = send(app, post("/talks", None, &form, SELF)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let cookie = created.headers[header::SET_COOKIE].to_str().unwrap();
    let desk = cookie
        .split("Path=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let mediator = key_for(&created.body, "mediator");
    (desk, mediator, created.body)
}

/// The mediator asks `party` for a proposal and its delegation proposes `border` and `trade`.
async fn ask_and_propose(
    app: &Server,
    (desk, mediator): (&str, &str),
    (party, key): (&str, &str),
    (border, trade): (&str, &str),
) {
    let asked = send(
        app,
        post(
            &format!("{desk}/ask"),
            Some(mediator),
            &format!("party={}&kind=propose", form_encode(party)),
            SELF,
        ),
    )
    .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let room = desk.replace("/mediator", "/caucus");
    let question = pending_question(&send(app, get(&room, Some(key))).await.body);
    let answered = send(
        app,
        post(
            &format!("{room}/answer"),
            Some(key),
            &format!("question={question}&verdict=propose&pkg.border={border}&pkg.trade={trade}"),
            SELF,
        ),
    )
    .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
}

/// Every `id="…"` on a page.
fn element_ids(page: &str) -> Vec<String> {
    page.split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn each_delegations_last_proposal_fills_the_form_even_when_one_name_ends_another() {
    let app = app().await;
    let (desk, mediator, links) =
        upload_talk(&app, &scenario_with_parties(&["Korea", "North Korea"])).await;
    let (korea, north) = (key_for(&links, "Korea"), key_for(&links, "North Korea"));
    let at = (desk.as_str(), mediator.as_str());
    ask_and_propose(&app, at, ("Korea", &korea), ("open", "free")).await;
    ask_and_propose(&app, at, ("North Korea", &north), ("closed", "tariffs")).await;
    ask_and_propose(&app, at, ("North Korea", &north), ("partial", "tariffs")).await;
    let page = send(&app, get(&desk, Some(&mediator))).await.body;
    assert_eq!(page.matches(">Last proposal of North Korea<").count(), 1);
    assert_eq!(
        page.matches(">Last proposal of Korea<").count(),
        1,
        "Korea's proposal is missing beside North Korea's"
    );
}

#[tokio::test]
async fn parties_named_in_other_scripts_get_distinct_valid_ids() {
    let app = app().await;
    let names = ["Україна", "Росія", "Korea", "KOREA"];
    let (desk, mediator, _) = upload_talk(&app, &scenario_with_parties(&names)).await;
    let page = send(&app, get(&desk, Some(&mediator))).await.body;
    let ids = element_ids(&page);
    for id in &ids {
        assert!(
            !id.is_empty() && !id.contains(char::is_whitespace),
            "invalid id `{id}`"
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for id in &ids {
        assert!(seen.insert(id), "id `{id}` twice on the desk");
    }
    // Each party's provenance checkboxes have ids of their own, and their labels point at them.
    for name in names {
        let checkbox = page
            .split("<input type=\"checkbox\" id=\"")
            .skip(1)
            .find(|tag| tag.contains(&format!("value=\"{name}|answers\"")))
            .unwrap_or_else(|| panic!("no checkbox for {name}"));
        let id = checkbox.split('"').next().unwrap();
        assert!(
            id.starts_with("src-") && id.len() > "src--answers".len(),
            "{id}"
        );
        assert_eq!(page.matches(&format!("<label for=\"{id}\">")).count(), 1);
    }
}

/// A profile for the two-issue scenario that no other party has: the tested package
/// (`partial`, `tariffs`) is worth 0.8 × 0.87 = 0.696 to it, shown as `0.70`, and its
/// reservation value is 0.613, a number nowhere else in the talk.
const PRIVATE_PROFILE: &str = r#"{"profile": {"reservation": 0.613,
    "weights": {"border": 0.8, "trade": 0.2},
    "values": {"border": {"open": 0.0, "partial": 0.87, "closed": 1.0},
               "trade": {"free": 1.0, "tariffs": 0.0}}}}"#;

#[tokio::test]
async fn a_profile_kept_private_reaches_the_desk_in_no_utility_and_no_reservation() {
    let app = app().await;
    let (desk, mediator, links) =
        upload_talk(&app, &scenario_with_parties(&["Ana", "Ben", "Cy"])).await;
    let id = desk.split('/').nth(2).unwrap().to_string();
    // Cy replaces its profile and keeps it from the mediator.
    let replaced = app
        .http
        .put(format!("{}/api/talks/{id}/party/profile", app.base))
        .bearer_auth(key_for(&links, "Cy"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(PRIVATE_PROFILE)
        .send()
        .await
        .unwrap();
    assert_eq!(replaced.status(), StatusCode::NO_CONTENT);
    for party in ["Ana", "Ben", "Cy"] {
        let form = format!("party={party}&kind=test&a.border=partial&a.trade=tariffs");
        let asked = send(
            &app,
            post(&format!("{desk}/ask"), Some(&mediator), &form, SELF),
        )
        .await;
        assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    }
    let page = send(&app, get(&desk, Some(&mediator))).await.body;
    let section = page
        .split("<section class=\"card\" id=\"utility\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    // The scenario's profiles are the mediator's: Ana's and Ben's utilities (0.6 × 0.5 = 0.30)
    // and their chart are on the desk.
    assert!(
        section.contains(
            "<th scope=\"col\">Ana</th><th scope=\"col\">Ben</th><th scope=\"col\">Outcome</th>"
        ),
        "{section}"
    );
    assert!(section.contains("<td class=\"num\">0.30</td><td class=\"num\">0.30</td><td>"));
    assert!(section.contains("id=\"utility-0-1\""));
    assert!(section.contains("Cy kept its profile private"));
    // Cy's are not: no column, no utility, no chart placing its reservation value.
    assert!(
        !section.contains(">Cy</th>"),
        "Cy's utilities are on the desk"
    );
    // The blind-bounds panel's upper bound is 0.70 too, by coincidence: Ana's and Ben's best
    // surplus (1.0 − 0.3), from the profiles the mediator holds; Cy's is unknown.
    let blind = crate::section(&page, "blind-bounds");
    assert!(blind.contains("between −1.00 and 0.70;"), "{blind}");
    assert!(blind.contains("blind to Cy (kept private)"), "{blind}");
    let page = page.replace(blind, "");
    assert!(
        !page.contains("0.70"),
        "Cy's utility of the tested package is on the desk"
    );
    assert!(
        !page.contains("0.613") && !page.contains("0.61<"),
        "Cy's reservation is on the desk"
    );
    for chart in ["utility-0-2", "utility-1-2"] {
        assert!(!page.contains(chart), "{chart}: a chart with Cy's profile");
    }
}

/// A hiring talk created through the home page: its desk and room paths, and the mediator's and
/// the Employer's keys.
async fn hiring_talk(app: &Server) -> (String, String, String, String) {
    let form = "source=example&example=hiring&rounds=3&max_questions=10";
    let created = send(app, post("/talks", None, form, SELF)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let cookie = created.headers[header::SET_COOKIE].to_str().unwrap();
    let desk = cookie
        .split("Path=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let room = desk.replace("/mediator", "/caucus");
    let mediator = key_for(&created.body, "mediator");
    let employer = key_for(&created.body, "Employer");
    (desk, room, mediator, employer)
}

/// The section of `page` from the element with `id` to the end of its section.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    page.split(&format!("id=\"{id}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no #{id}"))
        .split("</section>")
        .next()
        .unwrap()
}

#[tokio::test]
async fn the_desk_asks_every_question_about_single_issues_and_the_room_answers_it() {
    let app = app().await;
    let (desk, room, mediator, employer) = hiring_talk(&app).await;
    let page = send(&app, get(&desk, Some(&mediator))).await.body;
    for kind in [
        "position_test",
        "extremes",
        "rate",
        "split_points",
        "rate_walk_away",
    ] {
        assert!(
            page.contains(&format!("value=\"{kind}\"")),
            "no {kind} on the desk"
        );
    }
    // Rating a whole issue is one choice: its options travel with the form.
    assert!(page.contains("every value of salary (3)"), "{page}");

    let ask = |form: String| {
        let (app, desk, mediator) = (&app, &desk, &mediator);
        async move {
            let asked = send(
                app,
                post(&format!("{desk}/ask"), Some(mediator), &form, SELF),
            )
            .await;
            assert_eq!(
                asked.status,
                StatusCode::SEE_OTHER,
                "{form}: {}",
                asked.body
            );
        }
    };
    let answer = |form: String| {
        let (app, room, employer) = (&app, &room, &employer);
        async move {
            let page = send(app, get(room, Some(employer))).await.body;
            let q = pending_question(&page);
            send(
                app,
                post(
                    &format!("{room}/answer"),
                    Some(employer),
                    &format!("question={q}&{form}"),
                    SELF,
                ),
            )
            .await
        }
    };
    let room_page = || async { send(&app, get(&room, Some(&employer))).await.body };

    // Best and worst: two selects, preselected from the Employer's own profile.
    ask("party=Employer&kind=extremes&issue=salary".into()).await;
    let incoming = room_page().await;
    let incoming = section(&incoming, "incoming");
    assert!(incoming.contains("name=\"best\"") && incoming.contains("name=\"worst\""));
    assert!(
        incoming.contains("<option value=\"low\" selected>"),
        "{incoming}"
    );
    assert!(incoming.contains("id=\"cannot-say\""));
    let sent = answer("verdict=extremes&best=low&worst=high".into()).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    // Ratings of every value of one issue, chosen whole on the desk.
    let salary = form_encode(
        r#"[{"issue":"salary","value":"low"},{"issue":"salary","value":"mid"},{"issue":"salary","value":"high"}]"#,
    );
    ask(format!("party=Employer&kind=rate&rate_issue={salary}")).await;
    let incoming = room_page().await;
    let incoming = section(&incoming, "incoming");
    assert_eq!(incoming.matches("name=\"rating\"").count(), 3);
    assert!(incoming.contains(">salary = mid</label>"));
    assert!(
        incoming.contains("0 that it is worth nothing to you"),
        "the scale is explained"
    );
    // The Employer's scores are 1.0, 0.6 and 0.1: suggested as 100, 60 and 10.
    assert!(incoming.contains("value=\"60\""), "{incoming}");
    let over = answer("verdict=ratings&rating=100&rating=101&rating=10".into()).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(over.body.contains("answer.ratings[1]") && over.body.contains("rate from 0 to 100"));
    let sent = answer("verdict=ratings&rating=100&rating=60&rating=10".into()).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    // Points: a wrong total is a clear error on the page, and nothing is recorded.
    ask("party=Employer&kind=split_points".into()).await;
    let incoming = room_page().await;
    assert!(section(&incoming, "incoming").contains("name=\"points.salary\" min=\"0\""));
    let wrong = answer(
        "verdict=points&points.salary=50&points.remote=20&points.start=20&points.title=0".into(),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("role=\"alert\""));
    assert!(
        wrong.body.contains("the points add up to 90"),
        "{}",
        wrong.body
    );
    let not_a_number = answer(
        "verdict=points&points.salary=half&points.remote=20&points.start=20&points.title=0".into(),
    )
    .await;
    assert_eq!(not_a_number.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_a_number.body.contains("answer.points.salary"));
    let sent = answer(
        "verdict=points&points.salary=45&points.remote=20&points.start=25&points.title=10".into(),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    // A position test shows the package with its worth; yes or no.
    ask(
        "party=Employer&kind=position_test&a.salary=low&a.remote=none&a.start=now&a.title=engineer"
            .into(),
    )
    .await;
    let incoming = room_page().await;
    let incoming = section(&incoming, "incoming");
    assert!(incoming.contains("Worth to you") && incoming.contains("id=\"better\""));
    assert!(
        !incoming.contains("id=\"cannot-say\""),
        "a package question is no single-issue one"
    );
    let sent = answer("verdict=better".into()).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    // The walk-away point, then "cannot say" without a number.
    ask("party=Employer&kind=rate_walk_away".into()).await;
    let incoming = room_page().await;
    assert!(
        section(&incoming, "incoming").contains("value=\"35\""),
        "0.35 suggested as 35"
    );
    let sent = answer("verdict=cannot_say&walk_away=".into()).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    let transcript = room_page().await;
    let transcript = section(&transcript, "transcript");
    for line in [
        "Issue: salary",
        "Best: low; worst: high.",
        "Rated salary = low: 100; salary = mid: 60; salary = high: 10.",
        "Split the points: salary 45, remote 20, start 25, title 10.",
        "Better than no agreement.",
        "Cannot say: its preferences depend on how the issues combine.",
    ] {
        assert!(
            transcript.contains(line),
            "{line} missing from {transcript}"
        );
    }
    let desk_page = send(&app, get(&desk, Some(&mediator))).await.body;
    let rounds = section(&desk_page, "rounds");
    assert!(rounds.contains("Options: salary = low; salary = mid; salary = high"));
    assert!(
        rounds.contains("Package:</span> salary: low; remote: none; start: now; title: engineer")
    );
    assert!(rounds.contains("Rated salary = low: 100"));
}

#[tokio::test]
async fn a_rating_question_the_scenario_cannot_hold_is_refused_on_the_desk() {
    let app = app().await;
    let (desk, _, mediator, _) = hiring_talk(&app).await;
    let nothing = send(
        &app,
        post(
            &format!("{desk}/ask"),
            Some(&mediator),
            "party=Employer&kind=rate&rate_issue=",
            SELF,
        ),
    )
    .await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nothing.body.contains("choose an issue to rate"));
    let option = form_encode(r#"{"issue":"salary","value":"vast"}"#);
    let unknown = send(
        &app,
        post(
            &format!("{desk}/ask"),
            Some(&mediator),
            &format!("party=Employer&kind=rate&rate_issue=&option={option}"),
            SELF,
        ),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.body.contains("question.options[0].value"),
        "{}",
        unknown.body
    );
}

/// An agenda-only Miami talk created through the home page: its id, the desk's path and the
/// page with the links.
async fn miami_agenda_talk(app: &Server) -> (String, String, String) {
    let form = "source=example&example=miami-agenda&rounds=6&max_questions=10";
    let created = send(app, post("/talks", None, form, SELF)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let cookie = created.headers[header::SET_COOKIE].to_str().unwrap();
    let desk = cookie
        .split("Path=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let id = desk.split('/').nth(2).unwrap().to_string();
    (id, desk, created.body)
}

/// A JSON API call with a bearer key; the reply's status and body.
async fn api_call(
    app: &Server,
    method: reqwest::Method,
    path: &str,
    key: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut request = app
        .http
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_default())
}

/// Undoes the HTML escaping of an attribute value.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#x22;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The hidden fields of the form whose submit button has `id`, form-encoded as a browser sends
/// them.
fn hidden_form(page: &str, id: &str) -> String {
    let before = page
        .split(&format!("id=\"{id}\""))
        .next()
        .filter(|b| b.len() < page.len())
        .unwrap_or_else(|| panic!("no #{id}"));
    let form = before.rsplit("<form").next().unwrap();
    form.split("<input type=\"hidden\" ")
        .skip(1)
        .map(|tag| {
            let attr = |name: &str| {
                unescape(
                    tag.split(&format!("{name}=\""))
                        .nth(1)
                        .unwrap()
                        .split('"')
                        .next()
                        .unwrap(),
                )
            };
            format!(
                "{}={}",
                form_encode(&attr("name")),
                form_encode(&attr("value"))
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A made-up answer to `question` (wire form), of the kind it asks for.
fn some_answer(question: &serde_json::Value) -> serde_json::Value {
    use serde_json::json;
    match question["type"].as_str().unwrap() {
        "split_points" => json!({"type": "points", "points": {
            "ceasefire": 25, "occupied areas": 25, "security guarantees": 20,
            "sanctions relief": 10, "format of further talks": 10, "US support for Ukraine": 10}}),
        "rate_walk_away" => json!({"type": "rating", "rating": 40}),
        "rate" => {
            let n = question["options"].as_array().unwrap().len();
            let ratings: Vec<u32> = (0..n).map(|i| if i == 0 { 100 } else { 30 }).collect();
            json!({"type": "ratings", "ratings": ratings})
        }
        "test" => json!({"type": "reject", "objections": []}),
        "position_test" => json!({"type": "position", "better": true}),
        "joint_session" => json!({"type": "consent", "consent": false}),
        _ => json!({"type": "no_proposal"}),
    }
}

/// Puts the question suggested for `party` through the desk's "Ask as suggested" form, checks
/// that the delegation got the suggestion's question with its provenance, answers it (`key`),
/// and returns the question's kind.
async fn ask_as_suggested(
    app: &Server,
    (id, desk, mediator): (&str, &str, &str),
    party: &str,
    key: &str,
) -> String {
    let mediator_view = format!("/api/talks/{id}/mediator");
    let (_, view) = api_call(app, reqwest::Method::GET, &mediator_view, mediator, None).await;
    let suggestion = view["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["party"] == party)
        .cloned()
        .unwrap_or_else(|| panic!("no suggestion for {party}: {view}"));
    let page = send(app, get(desk, Some(mediator))).await.body;
    let button = format!("suggest-{}", party.to_lowercase());
    let form = hidden_form(&page, &button);
    let asked = send(
        app,
        post(&format!("{desk}/ask"), Some(mediator), &form, SELF),
    )
    .await;
    assert_eq!(
        asked.status,
        StatusCode::SEE_OTHER,
        "{form}: {}",
        asked.body
    );
    let own_view = format!("/api/talks/{id}/party");
    let (_, own) = api_call(app, reqwest::Method::GET, &own_view, key, None).await;
    let exchange = own["exchanges"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(exchange["ask"], suggestion["question"], "{form}");
    assert_eq!(exchange["provenance"], suggestion["provenance"], "{form}");
    let answer = serde_json::json!({
        "question": exchange["question"],
        "answer": some_answer(&exchange["ask"]),
    });
    let answers = format!("/api/talks/{id}/party/answers");
    let (status, body) = api_call(app, reqwest::Method::POST, &answers, key, Some(answer)).await;
    assert!(status.is_success(), "{status}: {body}");
    exchange["ask"]["type"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn an_agenda_only_desk_shows_blind_bounds_and_asks_the_suggested_questions() {
    let app = app().await;
    let (id, desk, links) = miami_agenda_talk(&app).await;
    let (mediator, ukraine, russia) = (
        key_for(&links, "mediator"),
        key_for(&links, "Ukraine"),
        key_for(&links, "Russia"),
    );
    let page = send(&app, get(&desk, Some(&mediator))).await.body;
    let blind = section(&page, "blind-bounds");
    assert!(blind.contains("The margin lies between "), "{blind}");
    assert!(blind.contains("if the answers kept are truthful"));
    assert!(
        blind.contains("You are blind to: Ukraine (not stated yet) and Russia (not stated yet)."),
        "{blind}"
    );
    assert!(
        !page.contains("id=\"zone\""),
        "no exact zone without the profiles"
    );
    let suggested = section(&page, "suggestions");
    assert_eq!(suggested.matches(">Ask as suggested</button>").count(), 2);
    assert!(
        suggested.contains("<strong>Ukraine</strong>")
            && suggested.contains("<strong>Russia</strong>")
    );

    // "Ask as suggested", again and again, to each delegation in turn: each suggested question
    // is put as the strategy made it, with its provenance, and answered; every kind it suggests
    // goes through the form.
    let keys = [("Ukraine", ukraine.clone()), ("Russia", russia.clone())];
    let mut kinds = std::collections::BTreeSet::new();
    for _round in 0..4 {
        for (party, key) in &keys {
            for _ in 0..4 {
                kinds.insert(ask_as_suggested(&app, (&id, &desk, &mediator), party, key).await);
            }
        }
        let ended = send(
            &app,
            post(&format!("{desk}/end-round"), Some(&mediator), "", SELF),
        )
        .await;
        assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    }
    for kind in [
        "split_points",
        "rate_walk_away",
        "rate",
        "joint_session",
        "test",
    ] {
        assert!(kinds.contains(kind), "{kind} never suggested: {kinds:?}");
    }

    // "Edit first" pre-fills the ask form with Russia's suggestion.
    let (_, view) = api_call(
        &app,
        reqwest::Method::GET,
        &format!("/api/talks/{id}/mediator"),
        &mediator,
        None,
    )
    .await;
    let russia = view["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["party"] == "Russia")
        .cloned()
        .unwrap();
    let page = send(&app, get(&desk, Some(&mediator))).await.body;
    assert!(
        page.contains(&format!("href=\"{desk}?draft=Russia#caucus\"")),
        "no Edit first link"
    );
    let draft = send(&app, get(&format!("{desk}?draft=Russia"), Some(&mediator)))
        .await
        .body;
    assert!(draft.contains("Pre-filled with the question suggested for Russia"));
    let form = section(&draft, "caucus");
    assert!(
        form.contains("<option value=\"Russia\" selected>"),
        "{form}"
    );
    let kind = match russia["question"]["type"].as_str().unwrap() {
        "propose" => "propose".to_string(),
        other => other.to_string(),
    };
    assert!(
        form.contains(&format!("value=\"{kind}\" checked>")),
        "{kind}: {form}"
    );
    for source in russia["provenance"]["sources"].as_array().unwrap() {
        let value = format!(
            "value=\"{}|{}\" checked",
            source["party"].as_str().unwrap(),
            source["basis"].as_str().unwrap()
        );
        assert!(form.contains(&value), "{value}");
    }

    // Ukraine states its own profile twice and keeps it: the desk says it revised, and shows
    // none of its numbers.
    for _ in 0..2 {
        let (status, body) = api_call(
            &app,
            reqwest::Method::PUT,
            &format!("/api/talks/{id}/party/profile"),
            &ukraine,
            Some(serde_json::from_str(UKRAINE_PROFILE).unwrap()),
        )
        .await;
        assert!(status.is_success(), "{status}: {body}");
    }
    let page = send(&app, get(&desk, Some(&mediator))).await.body;
    for secret in ["4217931", "0.4217", "3718281", "0.3718", "0.1256"] {
        assert!(
            !page.contains(secret),
            "{secret}: Ukraine's profile is on the desk"
        );
    }
    assert!(
        section(&page, "seats").contains(
            "own profile, kept private; you are blind to it (revised: 2 statements so far)"
        ),
        "{}",
        section(&page, "seats")
    );
    assert!(section(&page, "blind-bounds")
        .contains("Ukraine (kept private) and Russia (not stated yet)"));

    // Handed over: the desk uses it, and is blind to Russia alone.
    let (status, body) = api_call(
        &app,
        reqwest::Method::POST,
        &format!("/api/talks/{id}/party/profile/handover"),
        &ukraine,
        None,
    )
    .await;
    assert!(status.is_success(), "{status}: {body}");
    let page = send(&app, get(&desk, Some(&mediator))).await.body;
    assert!(
        section(&page, "blind-bounds").contains(
            "Using the profiles you hold for Ukraine (handed over in confidence); blind to Russia (not stated yet)."
        ),
        "{}",
        section(&page, "blind-bounds")
    );
    assert!(section(&page, "blind-bounds").contains("from answers and the profiles you hold"));
}

/// Ukraine's own profile for the Miami agenda, with numbers no other part of the talk shares:
/// reservation 0.4217931, a weight of 0.3718281 and five of 0.12563438.
const UKRAINE_PROFILE: &str = r#"{"profile": {"reservation": 0.4217931,
    "weights": {"ceasefire": 0.12563438, "occupied areas": 0.3718281, "security guarantees": 0.12563438,
                "sanctions relief": 0.12563438, "format of further talks": 0.12563438, "US support for Ukraine": 0.12563438},
    "values": {
        "ceasefire": {"none": 0, "energy infrastructure only": 0.4, "full, along the contact line": 1},
        "occupied areas": {"recognised as Russian": 0, "Russian control, not recognised": 0.45,
                           "international administration": 0.7, "returned to Ukraine": 1},
        "security guarantees": {"none": 0, "bilateral": 0.35, "collective": 0.8, "alliance membership": 1},
        "sanctions relief": {"none": 1, "partial, phased": 0.6, "full": 0},
        "format of further talks": {"indirect, through the US": 0.7, "direct, bilateral": 0.3, "international conference": 1},
        "US support for Ukraine": {"ended": 0, "reduced": 0.4, "continued": 1}
    }}}"#;

// ---- Agenda-only talks: the preference wizard, its privacy and the agent consent ----

/// An agenda-only Miami talk created through the home page: desk and room paths, and the
/// mediator's, Ukraine's and Russia's keys.
async fn agenda_talk(app: &Server) -> (String, String, [String; 3]) {
    let form = "source=example&example=miami-agenda&rounds=4&max_questions=10";
    let created = send(app, post("/talks", None, form, SELF)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let cookie = created.headers[header::SET_COOKIE].to_str().unwrap();
    let desk = cookie
        .split("Path=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let room = desk.replace("/mediator", "/caucus");
    let keys = ["mediator", "Ukraine", "Russia"].map(|who| key_for(&created.body, who));
    (desk, room, keys)
}

/// Ukraine's stated numbers, as pages would print them: points (as weights too) and the
/// walk-away score. None may reach the desk or Russia's room while Ukraine keeps them.
const UKRAINE_NUMBERS: [&str; 9] = [
    "\"37\"", ">37<", "0.37", "\"29\"", ">29<", "0.29", "\"43\"", ">43<", "0.43",
];

/// Asserts that neither the desk nor Russia's room shows any of Ukraine's numbers.
async fn nothing_of_ukraine_elsewhere(app: &Server, desk: &str, room: &str, keys: &[String; 3]) {
    let desk_page = send(app, get(desk, Some(&keys[0]))).await;
    let russia_page = send(app, get(room, Some(&keys[2]))).await;
    assert_eq!(desk_page.status, StatusCode::OK);
    assert_eq!(russia_page.status, StatusCode::OK);
    for number in UKRAINE_NUMBERS {
        assert!(!desk_page.body.contains(number), "{number} on the desk");
        assert!(
            !russia_page.body.contains(number),
            "{number} in Russia's room"
        );
    }
}

/// The `(name, value)` of every input of `page` whose name starts with `prefix`.
fn inputs_named(page: &str, prefix: &str) -> Vec<(String, String)> {
    page.split("<input")
        .skip(1)
        .filter_map(|tag| {
            let attr = |a: &str| {
                tag.split(&format!(" {a}=\""))
                    .nth(1)
                    .map(|v| v.split('"').next().unwrap().to_string())
            };
            let name = attr("name")?;
            name.starts_with(prefix)
                .then(|| (name, attr("value").unwrap_or_default()))
        })
        .collect()
}

fn encode_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Posts a wizard page; asserts it moved on to `next` (a query string).
async fn wizard_post(app: &Server, room: &str, key: &str, at: &str, form: &str, next: &str) {
    let path = format!("{room}/preferences?{at}");
    let posted = send(app, post(&path, Some(key), form, SELF)).await;
    assert_eq!(
        posted.status,
        StatusCode::SEE_OTHER,
        "{at}: {}",
        posted.body
    );
    let location = posted.headers[header::LOCATION].to_str().unwrap();
    assert!(
        location.ends_with(&format!("/caucus/preferences?{next}#wizard")),
        "{location}"
    );
}

/// Ukraine's ratings of one issue: options in agenda order, best first, 100 down to 0.
fn ratings_form(issue: &str, options: &[&str]) -> String {
    let last = options.len() - 1;
    let mut pairs = vec![
        ("step".to_string(), "rate".to_string()),
        ("issue".to_string(), issue.to_string()),
    ];
    pairs.extend(options.iter().map(|o| ("order".to_string(), o.to_string())));
    pairs.extend(options.iter().enumerate().map(|(n, o)| {
        (
            format!("ratings.{o}"),
            ((last - n) * 100 / last).to_string(),
        )
    }));
    encode_pairs(&pairs)
}

const MIAMI_ISSUES: [(&str, &[&str]); 6] = [
    (
        "ceasefire",
        &[
            "none",
            "energy infrastructure only",
            "full, along the contact line",
        ],
    ),
    (
        "occupied areas",
        &[
            "recognised as Russian",
            "Russian control, not recognised",
            "international administration",
            "returned to Ukraine",
        ],
    ),
    (
        "security guarantees",
        &["none", "bilateral", "collective", "alliance membership"],
    ),
    ("sanctions relief", &["none", "partial, phased", "full"]),
    (
        "format of further talks",
        &[
            "indirect, through the US",
            "direct, bilateral",
            "international conference",
        ],
    ),
    ("US support for Ukraine", &["ended", "reduced", "continued"]),
];

/// Ukraine goes through the rank, points and rate pages (the points against its ranking).
async fn ukraine_states_its_preferences(app: &Server, room: &str, key: &str) {
    let rank: Vec<(String, String)> = [
        "occupied areas",
        "security guarantees",
        "ceasefire",
        "US support for Ukraine",
        "sanctions relief",
        "format of further talks",
    ]
    .iter()
    .map(|i| ("rank".to_string(), i.to_string()))
    .collect();
    let form = format!("step=rank&{}", encode_pairs(&rank));
    wizard_post(app, room, key, "step=rank", &form, "step=points").await;
    // US support (ranked fourth) gets more points than the ceasefire (ranked third).
    let points = "step=points&points.ceasefire=11&points.occupied+areas=37&points.security+guarantees=29&points.sanctions+relief=6&points.format+of+further+talks=4&points.US+support+for+Ukraine=13";
    wizard_post(app, room, key, "step=points", points, "step=rate&issue=0").await;
    let page = send(
        app,
        get(&format!("{room}/preferences?step=rate&issue=0"), Some(key)),
    )
    .await;
    assert!(
        page.body.contains("id=\"inconsistencies\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("3. Rate the options of ceasefire"));
    for (k, (issue, options)) in MIAMI_ISSUES.iter().enumerate() {
        // Ukraine's best option of most issues is the last on the agenda.
        let mut options = options.to_vec();
        if *issue != "sanctions relief" {
            options.reverse();
        }
        let next = if k + 1 < MIAMI_ISSUES.len() {
            format!("step=rate&issue={}", k + 1)
        } else {
            "step=walk_away".to_string()
        };
        let at = format!("step=rate&issue={k}");
        wizard_post(app, room, key, &at, &ratings_form(issue, &options), &next).await;
    }
}

/// On the check page, corrects the first package's score and refits; returns the page after.
async fn correct_a_check_score(app: &Server, room: &str, key: &str) -> String {
    let check = send(
        app,
        get(&format!("{room}/preferences?step=check"), Some(key)),
    )
    .await;
    assert_eq!(check.status, StatusCode::OK);
    assert!(check.body.contains("5. Check and save") && check.body.contains("id=\"save\""));
    let mut pairs = inputs_named(&check.body, "check.");
    pairs.extend(inputs_named(&check.body, "shown."));
    let shown: u32 = inputs_named(&check.body, "shown.0")[0].1.parse().unwrap();
    let corrected = if shown > 50 { shown - 30 } else { shown + 30 };
    pairs.push(("score.0".into(), corrected.to_string()));
    let form = format!("step=check&{}", encode_pairs(&pairs));
    wizard_post(app, room, key, "step=check", &form, "step=check").await;
    send(
        app,
        get(&format!("{room}/preferences?step=check"), Some(key)),
    )
    .await
    .body
}

#[tokio::test]
async fn a_delegation_states_its_preferences_page_by_page_and_keeps_them_private() {
    let app = app().await;
    let (desk, room, keys) = agenda_talk(&app).await;
    let ukraine = keys[1].as_str();
    let before = send(&app, get(&room, Some(ukraine))).await.body;
    assert!(before.contains("Not stated yet.") && before.contains("id=\"state-preferences\""));
    assert!(before.contains("State your preferences to see what packages are worth to you."));
    assert!(before.contains("id=\"agent-needs-profile\""));

    // A page out of order is refused, naming the field; another site's form is refused.
    let early = format!("{room}/preferences?step=walk_away");
    let refused = send(
        &app,
        post(&early, Some(ukraine), "step=walk_away&threshold=43", SELF),
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("id=\"wizard-error\"") && refused.body.contains("wizard.step"));
    let foreign = send(
        &app,
        post(&early, Some(ukraine), "step=rank", "https://evil.example"),
    )
    .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let first = send(&app, get(&format!("{room}/preferences"), Some(ukraine))).await;
    assert!(first.body.contains("1. Rank the issues"), "{}", first.body);

    ukraine_states_its_preferences(&app, &room, ukraine).await;
    nothing_of_ukraine_elsewhere(&app, &desk, &room, &keys).await;
    // The wizard is the delegation's alone: the mediator's key does not open it.
    let as_mediator = send(&app, get(&format!("{room}/preferences"), Some(&keys[0]))).await;
    assert_eq!(as_mediator.status, StatusCode::UNAUTHORIZED);
    assert!(!as_mediator.body.contains("\"37\""));
    let bad = send(
        &app,
        post(
            &format!("{room}/preferences?step=walk_away"),
            Some(ukraine),
            "step=walk_away&threshold=ten",
            SELF,
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("wizard.threshold"), "{}", bad.body);
    assert!(bad.body.contains("value=\"ten\""), "what was typed is kept");
    let walk_away = "step=walk_away&mode=threshold&threshold=43";
    wizard_post(
        &app,
        &room,
        ukraine,
        "step=walk_away",
        walk_away,
        "step=check",
    )
    .await;

    let refitted = correct_a_check_score(&app, &room, ukraine).await;
    assert!(
        refitted.contains("id=\"points-now\"") && refitted.contains("refitted"),
        "{refitted}"
    );
    assert!(refitted.contains("id=\"walk-away-now\">43.0<"));
    nothing_of_ukraine_elsewhere(&app, &desk, &room, &keys).await;

    let saved = send(
        &app,
        post(&format!("{room}/preferences/save"), Some(ukraine), "", SELF),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let kept = send(&app, get(&room, Some(ukraine))).await.body;
    assert!(kept.contains("Kept private — the mediator does not see it."));
    assert!(kept.contains("id=\"revise\"") && kept.contains("id=\"hand-over\""));
    assert!(
        kept.contains("id=\"reservation\">0.43<"),
        "Ukraine sees its own walk-away point"
    );
    nothing_of_ukraine_elsewhere(&app, &desk, &room, &keys).await;

    let handed = send(
        &app,
        post(
            &format!("{room}/profile/hand-over"),
            Some(ukraine),
            "",
            SELF,
        ),
    )
    .await;
    assert_eq!(handed.status, StatusCode::SEE_OTHER, "{}", handed.body);
    let page = send(&app, get(&room, Some(ukraine))).await.body;
    assert!(
        page.contains("Handed to the mediator in confidence.") && page.contains("id=\"take-back\"")
    );
    // The numbers the privacy check looks for are the ones Ukraine's own pages print.
    assert!(
        UKRAINE_NUMBERS.iter().filter(|n| page.contains(*n)).count() >= 2,
        "the privacy check looks for numbers no page prints"
    );
    let back = send(
        &app,
        post(
            &format!("{room}/profile/take-back"),
            Some(ukraine),
            "",
            SELF,
        ),
    )
    .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    assert!(send(&app, get(&room, Some(ukraine)))
        .await
        .body
        .contains("Kept private"));
    nothing_of_ukraine_elsewhere(&app, &desk, &room, &keys).await;

    // Revising starts from the preferences in force.
    let revise = send(
        &app,
        get(&format!("{room}/preferences?step=rank"), Some(ukraine)),
    )
    .await
    .body;
    assert!(revise.contains("Revise your preferences"));
    let first_place = revise
        .split("id=\"rank-1\"")
        .nth(1)
        .unwrap()
        .split("</select>")
        .next()
        .unwrap();
    assert!(
        first_place.contains("<option value=\"occupied areas\" selected>"),
        "{first_place}"
    );

    // Russia stated nothing: there is nothing to hand over.
    let nothing = send(
        &app,
        post(
            &format!("{room}/profile/hand-over"),
            Some(&keys[2]),
            "",
            SELF,
        ),
    )
    .await;
    assert_eq!(nothing.status, StatusCode::CONFLICT);
    assert!(
        nothing
            .body
            .contains("profile — state your own preferences first"),
        "{}",
        nothing.body
    );
}

#[tokio::test]
async fn a_delegation_seats_the_proposed_agent_and_removes_it() {
    let app = app().await;
    let (desk, room, keys) = agenda_talk(&app).await;
    let ukraine = keys[1].as_str();
    let proposed = send(
        &app,
        post(
            &format!("{desk}/agent"),
            Some(&keys[0]),
            "party=Ukraine&curve=boulware",
            SELF,
        ),
    )
    .await;
    assert_eq!(proposed.status, StatusCode::SEE_OTHER, "{}", proposed.body);
    let page = send(&app, get(&room, Some(ukraine))).await.body;
    let panel = section(&page, "agent");
    assert!(
        panel.contains("id=\"agent-proposal\"") && panel.contains("concedes late"),
        "{panel}"
    );
    assert!(
        !panel.contains("id=\"seat-proposed\""),
        "seated before preferences are stated"
    );
    assert!(
        !section(&send(&app, get(&room, Some(&keys[2]))).await.body, "agent")
            .contains("agent-proposal")
    );

    // Seating needs stated preferences; the engine says so.
    let early = send(
        &app,
        post(
            &format!("{room}/agent"),
            Some(ukraine),
            "proposed=yes",
            SELF,
        ),
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(
        early.body.contains("has not stated its preferences"),
        "{}",
        early.body
    );

    ukraine_states_its_preferences(&app, &room, ukraine).await;
    let walk_away = "step=walk_away&mode=package&pkg.ceasefire=energy+infrastructure+only&pkg.occupied+areas=international+administration&pkg.security+guarantees=collective&pkg.sanctions+relief=partial%2C+phased&pkg.format+of+further+talks=direct%2C+bilateral&pkg.US+support+for+Ukraine=reduced";
    wizard_post(
        &app,
        &room,
        ukraine,
        "step=walk_away",
        walk_away,
        "step=check",
    )
    .await;
    let saved = send(
        &app,
        post(
            &format!("{room}/preferences/save"),
            Some(ukraine),
            "share=yes",
            SELF,
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = send(&app, get(&room, Some(ukraine))).await.body;
    assert!(page.contains("Handed to the mediator in confidence."));
    assert!(section(&page, "agent").contains("id=\"seat-proposed\""));

    let seated = send(
        &app,
        post(
            &format!("{room}/agent"),
            Some(ukraine),
            "proposed=yes",
            SELF,
        ),
    )
    .await;
    assert_eq!(seated.status, StatusCode::SEE_OTHER, "{}", seated.body);
    let page = send(&app, get(&room, Some(ukraine))).await.body;
    let panel = section(&page, "agent");
    assert!(
        panel.contains("Answering for you now: an aspiration agent that concedes late"),
        "{panel}"
    );
    assert!(panel.contains("id=\"remove-agent\"") && !panel.contains("agent-proposal"));
    let removed = send(
        &app,
        post(&format!("{room}/agent/remove"), Some(ukraine), "", SELF),
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    let page = send(&app, get(&room, Some(ukraine))).await.body;
    assert!(section(&page, "agent").contains("No agent answers for you"));

    // The delegation's own choice of curve.
    let own = send(
        &app,
        post(
            &format!("{room}/agent"),
            Some(ukraine),
            "curve=conceder",
            SELF,
        ),
    )
    .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);
    let page = send(&app, get(&room, Some(ukraine))).await.body;
    assert!(section(&page, "agent").contains("concedes early"));
    let wrong = send(
        &app,
        post(
            &format!("{room}/agent"),
            Some(ukraine),
            "curve=sideways",
            SELF,
        ),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .body
            .contains("curve — `sideways` is not a concession curve"),
        "{}",
        wrong.body
    );
}
