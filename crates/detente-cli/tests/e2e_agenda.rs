//! End to end in headless Chromium, the way real indirect mediation starts: from an agenda, with
//! no one's preferences. The mediator types the agenda into the create form; each delegation
//! states its own preferences with the wizard in its caucus room (the Buyer with the keyboard
//! only, the Seller on a phone-sized window); the Buyer hands its profile to the mediator, the
//! Seller keeps its own; the mediator runs the rounds by putting the blind strategy's suggested
//! questions; the talks end with a published communiqué. At every step neither the mediator's
//! pages and API responses nor the Buyer's contain a number of the Seller's profile.
//!
//! Runs when `DETENTE_E2E=1` (see `e2e_browser.rs`). With `DETENTE_SCREENSHOTS=1` it writes
//! `docs/images/wizard.png`, `docs/images/wizard-phone.png` and `docs/images/desk-blind.png`.

mod support;

use serde_json::{json, Value};
use support::e2e::{
    assert_labelled, enabled, images, invitation_links, start_driver, start_server, WAIT, WIDTH,
};
use support::webdriver::{Browser, ENTER};

const ROUNDS: u32 = 3;

/// The agenda as typed into the create form.
const ISSUES: &str =
    "price: low; medium; high\ndelivery: slow; standard; express\nwarranty: none; one year";

/// A delegation's answers to the wizard's pages.
struct Stated {
    /// Issues, most important first.
    ranking: [&'static str; 3],
    /// Points per issue in agenda order.
    points: [u32; 3],
    /// Per issue in agenda order: options best first, with their ratings.
    options: [&'static [(&'static str, u32)]; 3],
    /// The walk-away score.
    threshold: u32,
}

const BUYER: Stated = Stated {
    ranking: ["price", "delivery", "warranty"],
    points: [50, 30, 20],
    options: [
        &[("low", 100), ("medium", 60), ("high", 0)],
        &[("express", 100), ("standard", 50), ("slow", 0)],
        &[("one year", 100), ("none", 0)],
    ],
    threshold: 35,
};

const SELLER: Stated = Stated {
    ranking: ["price", "warranty", "delivery"],
    points: [57, 17, 26],
    options: [
        &[("high", 100), ("medium", 71), ("low", 0)],
        &[("slow", 100), ("standard", 63), ("express", 0)],
        &[("none", 100), ("one year", 0)],
    ],
    threshold: 41,
};

/// How a delegation's browser works the page: the keyboard only, or a pointer.
#[derive(Clone, Copy, PartialEq)]
enum Hands {
    Keyboard,
    Pointer,
}

/// One delegation: its browser, how it works, its talk path and its key.
struct Delegation {
    browser: Browser,
    hands: Hands,
    room: String,
    key: String,
}

impl Delegation {
    /// Presses the button `css`: focus and Enter for the keyboard, a click for the pointer.
    async fn press(&self, css: &str) {
        match self.hands {
            Hands::Keyboard => {
                let focused = self
                    .browser
                    .run(
                        "const e = document.querySelector(arguments[0]); if (!e) return false; e.focus(); return document.activeElement === e;",
                        json!([css]),
                    )
                    .await;
                assert_eq!(
                    focused,
                    json!(true),
                    "[{}] cannot focus {css}",
                    self.browser.name
                );
                self.browser.press(ENTER).await;
            }
            Hands::Pointer => self.browser.click(css).await,
        }
    }

    /// Chooses `label` in the select `css`: typed into it for the keyboard (the select's own
    /// type-ahead), picked for the pointer.
    async fn choose(&self, css: &str, label: &str) {
        match self.hands {
            Hands::Keyboard => self.browser.send_keys(css, label).await,
            Hands::Pointer => self.browser.select(css, label).await,
        }
        let chosen = self
            .browser
            .run(
                "return document.querySelector(arguments[0]).value;",
                json!([css]),
            )
            .await;
        assert_eq!(chosen, json!(label), "[{}] {css}", self.browser.name);
    }

    /// Waits for the wizard page whose heading starts with `number`.
    async fn on_page(&self, number: &str) {
        self.browser
            .wait_until(
                &format!("wizard page {number}"),
                &format!("(document.querySelector('#wizard-h') || {{innerText: ''}}).innerText.startsWith('{number}')"),
                WAIT,
            )
            .await;
        assert!(
            self.browser.count("#wizard-error").await == 0,
            "[{}] {}",
            self.browser.name,
            self.browser.text("main").await
        );
    }
}

/// Fills every page of the wizard with `stated`, refitting once on the check page if `refit`.
async fn state_preferences(d: &Delegation, stated: &Stated, refit: bool) {
    d.press("#state-preferences").await;
    d.on_page("1.").await;
    assert_labelled(&d.browser).await;
    for (k, issue) in stated.ranking.iter().enumerate() {
        d.choose(&format!("#rank-{}", k + 1), issue).await;
    }
    d.press("#wizard-submit").await;
    d.on_page("2.").await;
    for (k, points) in stated.points.iter().enumerate() {
        d.browser
            .type_into(&format!("#points-{k}"), &points.to_string())
            .await;
    }
    d.press("#wizard-submit").await;
    for (issue, options) in ["price", "delivery", "warranty"].iter().zip(stated.options) {
        d.on_page(&format!("3. Rate the options of {issue}")).await;
        let agenda_order: Vec<String> = serde_json::from_value(
            d.browser
                .run(
                    "return [...document.querySelectorAll('input[data-option]')].map(i => i.dataset.option);",
                    json!([]),
                )
                .await,
        )
        .unwrap();
        for (n, (option, _)) in options.iter().enumerate() {
            d.choose(&format!("#order-{}", n + 1), option).await;
        }
        for (option, rating) in options.iter() {
            let n = agenda_order.iter().position(|o| o == option).unwrap();
            d.browser
                .type_into(&format!("#rating-{n}"), &rating.to_string())
                .await;
        }
        d.press("#wizard-submit").await;
    }
    d.on_page("4.").await;
    d.browser
        .type_into("#threshold", &stated.threshold.to_string())
        .await;
    d.press("#wizard-submit").await;
    d.on_page("5.").await;
    if refit {
        let shown = d
            .browser
            .run(
                "return document.querySelector('#score-0').value;",
                json!([]),
            )
            .await;
        let lower = shown
            .as_str()
            .unwrap()
            .parse::<u32>()
            .unwrap()
            .saturating_sub(9);
        d.browser.type_into("#score-0", &lower.to_string()).await;
        d.press("#refit").await;
        d.browser
            .wait_until(
                "the refitted points",
                "document.querySelector('#points-now .badge') !== null",
                WAIT,
            )
            .await;
    }
    d.press("#save").await;
    d.browser
        .wait_until(
            "the caucus room after saving",
            "document.querySelector('#profile-standing') !== null",
            WAIT,
        )
        .await;
}

/// Every number `stated` gives its profile, and every utility a package has under it: what a
/// number of the other delegation may coincide with without telling anything of it.
fn numbers_of(stated: &Stated) -> Vec<f64> {
    let weights: Vec<f64> = stated
        .points
        .iter()
        .map(|&p| f64::from(p) / 100.0)
        .collect();
    let scores: Vec<Vec<f64>> = stated
        .options
        .iter()
        .map(|o| o.iter().map(|&(_, r)| f64::from(r) / 100.0).collect())
        .collect();
    let mut numbers = weights.clone();
    numbers.extend(scores.iter().flatten());
    numbers.push(f64::from(stated.threshold) / 100.0);
    for a in &scores[0] {
        for b in &scores[1] {
            for c in &scores[2] {
                numbers.push(weights[0] * a + weights[1] * b + weights[2] * c);
            }
        }
    }
    numbers
}

/// The Seller's private numbers, read from its own view: its walk-away value, weights and
/// scores (the scale's anchors 0 and 1 aside, and any number the Buyer's own profile produces).
async fn seller_secret(api: &Api, seller: &Delegation) -> Vec<f64> {
    let own = api.get("/party", &seller.key).await;
    let mut numbers = Vec::new();
    numbers_in(&own["profile"], &mut numbers);
    let buyer = numbers_of(&BUYER);
    numbers.retain(|x| *x > 0.0 && *x < 1.0 && !buyer.iter().any(|b| (x - b).abs() < 1e-9));
    numbers.sort_by(f64::total_cmp);
    numbers.dedup();
    numbers
}

/// Every number in a JSON document.
fn numbers_in(value: &Value, out: &mut Vec<f64>) {
    match value {
        Value::Number(n) => out.extend(n.as_f64()),
        Value::Array(items) => items.iter().for_each(|v| numbers_in(v, out)),
        Value::Object(map) => map.values().for_each(|v| numbers_in(v, out)),
        _ => {}
    }
}

struct Api {
    http: reqwest::Client,
    base: String,
    talk: String,
}

impl Api {
    async fn get(&self, path: &str, key: &str) -> Value {
        let response = self
            .http
            .get(format!("{}/api/talks/{}{path}", self.base, self.talk))
            .bearer_auth(key)
            .send()
            .await
            .expect("the API answers");
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response.json().await.expect("JSON")
    }

    /// Asserts that what the mediator and the Buyer read (pages and API) holds none of the
    /// Seller's private numbers.
    async fn seller_stays_private(
        &self,
        secret: &[f64],
        mediator: (&Browser, &str),
        buyer: &Delegation,
        when: &str,
    ) {
        let desk = self.get("/mediator", mediator.1).await;
        assert!(
            desk["seats"][1]["profile"].is_null(),
            "{when}: the desk holds the Seller's profile"
        );
        for (who, body) in [
            ("the mediator's view", desk),
            (
                "the mediator's audit record",
                self.get("/audit", mediator.1).await,
            ),
            ("the Buyer's view", self.get("/party", &buyer.key).await),
            (
                "the Buyer's audit record",
                self.get("/audit", &buyer.key).await,
            ),
        ] {
            let mut found = Vec::new();
            numbers_in(&body, &mut found);
            for x in secret {
                assert!(
                    !found.iter().any(|y| (x - y).abs() < 1e-12),
                    "{when}: {who} contains the Seller's {x}"
                );
            }
        }
        for browser in [mediator.0, &buyer.browser] {
            let html = browser.html().await;
            for x in secret {
                for shown in [format!(">{x:.2}<"), format!(">{x:.3}<"), format!("\"{x}\"")] {
                    assert!(
                        !html.contains(&shown),
                        "{when}: [{}] shows the Seller's {x}",
                        browser.name
                    );
                }
            }
        }
    }
}

/// The button that answers the pending question as the delegation's own preferences say: a
/// test or position test by whether every package shown is above its walk-away value, a rating
/// or points question with the values its profile suggests.
const ANSWER_BUTTON: &str = "
    const form = document.querySelector('#answer-form');
    if (!form) return null;
    const cards = [...document.querySelectorAll('#incoming .package-card')];
    const above = cards.length > 0 && cards.every(c => c.classList.contains('above'));
    if (form.querySelector('#accept')) return above ? '#accept' : '#reject';
    if (form.querySelector('#better')) return above ? '#better' : '#not-better';
    for (const id of ['#send-ratings', '#send-points', '#send-rating', '#send-extremes'])
        if (form.querySelector(id)) return id;
    if (document.querySelector('#send-proposal')) return '#send-proposal';
    const other = form.querySelector('button[value=consent], button[value=rank], button[value=a]');
    if (other) { other.id = other.id || 'e2e-answer'; return '#' + other.id; }
    return '#cannot-say';";

/// The delegation answers the question that just reached it.
async fn answer(d: &Delegation) {
    d.browser.goto(&d.room).await;
    d.browser
        .wait_until(
            "a question",
            "document.querySelector('#answer-form') !== null",
            WAIT,
        )
        .await;
    let button = d.browser.run(ANSWER_BUTTON, json!([])).await;
    d.press(button.as_str().expect("an answer button")).await;
    d.browser
        .wait_until(
            "the answer recorded",
            "document.querySelector('#answer-form') === null",
            WAIT,
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agenda_only_talk_is_mediated_blind_in_the_browser() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (_server, base) = start_server(dir.path());
    let (_driver, driver) = start_driver().await;
    let mediator = Browser::start(&driver, "mediator", WIDTH, 900).await;

    // The mediator writes the agenda into the create form: issues and delegations, no profile.
    mediator.goto(&format!("{base}/")).await;
    mediator.click("#source-agenda").await;
    mediator.type_into("#agenda-issues", ISSUES).await;
    mediator.type_into("#agenda-parties", "Buyer\nSeller").await;
    mediator.type_into("#title", "Supply talks").await;
    mediator.type_into("#rounds", &ROUNDS.to_string()).await;
    mediator.type_into("#max_questions", "2").await;
    mediator.click("#create-submit").await;
    let links = invitation_links(&mediator).await;
    let link = |who: &str| {
        links
            .get(who)
            .cloned()
            .unwrap_or_else(|| panic!("{who}: {links:?}"))
    };
    let key = |who: &str| link(who).split("#key=").nth(1).unwrap().to_string();
    let desk = link("mediator").split('#').next().unwrap().to_string();
    let talk = desk
        .trim_end_matches("/mediator")
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let api = Api {
        http: reqwest::Client::new(),
        base: base.clone(),
        talk,
    };
    let mediator_key = key("mediator");

    let open_room = |name: &'static str, hands: Hands, width: u32, height: u32| {
        let driver = driver.clone();
        let url = link(name);
        let key = key(name);
        async move {
            let browser = Browser::start(&driver, name, width, height).await;
            browser.goto(&url).await;
            browser
                .wait_until(
                    "the caucus room",
                    "document.querySelector('#room-head')",
                    WAIT,
                )
                .await;
            let room = browser.current_url().await;
            Delegation {
                browser,
                hands,
                room,
                key,
            }
        }
    };
    let buyer = open_room("Buyer", Hands::Keyboard, WIDTH, 900).await;
    let seller = open_room("Seller", Hands::Pointer, 390, 844).await;
    assert!(seller
        .browser
        .text("#profile-standing")
        .await
        .contains("Not stated"));

    // The Buyer states its preferences with the keyboard only and hands them over.
    state_preferences(&buyer, &BUYER, false).await;
    buyer.press("#hand-over").await;
    buyer
        .browser
        .wait_until(
            "the hand-over",
            "document.querySelector('#profile-standing').innerText.includes('Handed')",
            WAIT,
        )
        .await;

    // The Seller states its own on a phone, refits once, and keeps them.
    if let Some(dir) = images() {
        seller.press("#state-preferences").await;
        seller.on_page("1.").await;
        seller
            .browser
            .screenshot(&dir.join("wizard-phone.png"), 390, 1400)
            .await;
        seller.browser.goto(&seller.room).await;
    }
    state_preferences(&seller, &SELLER, true).await;
    assert!(
        seller.browser.fits_width().await,
        "the caucus room scrolls sideways on a phone"
    );
    assert!(seller
        .browser
        .text("#profile-standing")
        .await
        .contains("Kept private"));
    let secret = seller_secret(&api, &seller).await;
    assert!(
        secret.contains(&0.41) && secret.contains(&0.71) && secret.len() >= 4,
        "the Seller's numbers: {secret:?}"
    );
    api.seller_stays_private(
        &secret,
        (&mediator, &mediator_key),
        &buyer,
        "after the wizards",
    )
    .await;
    if let Some(dir) = images() {
        seller.browser.resize(WIDTH, 900).await;
        seller
            .browser
            .goto(&format!("{}/preferences?step=check", seller.room))
            .await;
        seller
            .browser
            .screenshot(&dir.join("wizard.png"), WIDTH, 2400)
            .await;
        seller.browser.resize(390, 844).await;
    }

    // The desk knows the Buyer's profile and is blind to the Seller's.
    mediator.goto(&desk).await;
    assert_labelled(&mediator).await;
    let blind = mediator.text("#blind-to").await;
    assert!(
        blind.contains("Buyer") && blind.contains("Seller"),
        "{blind}"
    );

    // Rounds: the mediator puts the suggested questions; the delegations answer from their own
    // preferences; the privacy check runs after every answer.
    let mut asked = 0;
    for round in 1..=ROUNDS {
        for (slug, delegation) in [("buyer", &buyer), ("seller", &seller)] {
            for _ in 0..2 {
                mediator.goto(&desk).await;
                let button = format!("#suggest-{slug}");
                if mediator.count(&button).await == 0 || mediator.count("#end-round").await == 0 {
                    break;
                }
                if round == 1 && slug == "seller" {
                    if let Some(dir) = images() {
                        mediator
                            .screenshot(&dir.join("desk-blind.png"), WIDTH, 4000)
                            .await;
                    }
                }
                mediator.click(&button).await;
                answer(delegation).await;
                asked += 1;
                api.seller_stays_private(
                    &secret,
                    (&mediator, &mediator_key),
                    &buyer,
                    &format!("round {round}"),
                )
                .await;
            }
        }
        mediator.goto(&desk).await;
        if mediator.count("#end-round").await == 0 {
            break;
        }
        mediator.click("#end-round").await;
    }

    assert!(asked >= 6, "only {asked} suggested questions were put");
    let exchanges = api.get("/mediator", &mediator_key).await["exchanges"].clone();
    assert_eq!(
        exchanges.as_array().map(Vec::len),
        Some(asked),
        "{exchanges}"
    );
    println!("{asked} suggested questions put: {exchanges}");

    // The talks have ended (agreement, or the deadline) and the communiqué is published.
    mediator.goto(&desk).await;
    mediator
        .wait_until(
            "the published communiqué",
            "document.querySelector('#communique-h').innerText.includes('Published')",
            WAIT,
        )
        .await;
    let public = api.get("", &mediator_key).await;
    let communique = public["conclusion"]["communique"]
        .as_str()
        .unwrap()
        .to_string();
    let agreed = !public["conclusion"]["agreement"].is_null();
    assert_eq!(
        communique.contains("reached agreement"),
        agreed,
        "the communiqué claims agreement exactly when there is one: {communique}"
    );
    println!("communiqué: {communique}");
    api.seller_stays_private(&secret, (&mediator, &mediator_key), &buyer, "at the end")
        .await;
    for browser in [mediator, buyer.browser, seller.browser] {
        browser.quit().await;
    }
}
