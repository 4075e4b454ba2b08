//! End to end in headless Chromium: the real `detente serve` (embedded SQLite, no `--db`), three
//! separate browsers (the mediator and two delegations), driven through chromedriver.
//!
//! Runs when `DETENTE_E2E=1` (CI sets it after installing Debian's `chromium` and
//! `chromium-driver`); otherwise it prints that it was skipped. With `DETENTE_SCREENSHOTS=1` it
//! also writes `docs/images/dashboard.png` and `docs/images/caucus.png` for the README.

mod support;

use serde_json::json;
use support::e2e::{
    assert_labelled, enabled, images, invitation_links, start_driver, start_server, WAIT, WIDTH,
};
use support::webdriver::{Browser, ENTER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_talk_runs_in_the_browser_end_to_end() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (_server, base) = start_server(dir.path());
    let (_driver, driver) = start_driver().await;

    let mediator = Browser::start(&driver, "mediator", WIDTH, 900).await;
    let employer = Browser::start(&driver, "Employer", WIDTH, 900).await;
    let candidate = Browser::start(&driver, "Candidate", WIDTH, 900).await;

    // The mediator creates talks from the bundled example and gets the invitation links.
    mediator.goto(&format!("{base}/")).await;
    assert!(mediator.text("h1").await.contains("Mediator's dashboard"));
    assert_labelled(&mediator).await;
    mediator.select("#example", "hiring").await;
    mediator.type_into("#title", "Hiring talks").await;
    mediator.type_into("#rounds", "3").await;
    mediator.click("#create-submit").await;
    let links = invitation_links(&mediator).await;
    let link = |who: &str| {
        links
            .get(who)
            .cloned()
            .unwrap_or_else(|| panic!("no link for {who}: {links:?}"))
    };
    assert!(link("Employer").contains("/caucus#key="));
    let talk_path = link("mediator")
        .trim_start_matches(&base)
        .split("/mediator")
        .next()
        .unwrap()
        .to_string();

    // Each delegation opens its own link; the key leaves the address bar at once.
    for (browser, who) in [(&employer, "Employer"), (&candidate, "Candidate")] {
        browser.goto(&link(who)).await;
        browser
            .wait_until(
                "the caucus room",
                "document.querySelector('#room-head')",
                WAIT,
            )
            .await;
        assert!(!browser.current_url().await.contains("key="));
        assert!(browser
            .text("h1")
            .await
            .contains(&format!("delegation of {who}")));
        assert_labelled(browser).await;
    }
    // Live updates are connected before the mediator acts.
    for browser in [&employer, &candidate] {
        browser
            .wait_until(
                "the live stream",
                "document.body.dataset.live === 'connected'",
                WAIT,
            )
            .await;
    }

    // A wrong link and an unknown talk give clear errors.
    mediator
        .goto(&format!("{base}{talk_path}/caucus#key=0000bad"))
        .await;
    mediator
        .wait_until("the refusal", "document.querySelector('#key-error')", WAIT)
        .await;
    assert!(mediator
        .text("#key-error")
        .await
        .contains("not valid for this talk"));
    mediator
        .goto(&format!("{base}/talks/nosuchtalk/caucus"))
        .await;
    assert!(mediator.text("h1").await.contains("No such talk"));

    // Round 1: the mediator asks the Employer for a proposal, then moves to the Candidate before
    // it answers — the Employer's question is no longer open.
    mediator.goto(&format!("{base}{talk_path}/mediator")).await;
    assert_labelled(&mediator).await;
    mediator.select("#party", "Employer").await;
    mediator.click("#kind-propose").await;
    mediator.click("#ask-submit").await;
    employer
        .wait_until(
            "the request for a proposal",
            "document.querySelector('#send-proposal')",
            WAIT,
        )
        .await;
    let proposal_question = employer
        .run(
            "return document.querySelector('#builder-submit input[name=question]').value;",
            json!([]),
        )
        .await;
    mediator.select("#party", "Candidate").await;
    mediator.click("#kind-test").await;
    mediator.click("[data-fill]").await; // the Nash package
    let tested = mediator
        .run(
            "const o = {}; document.querySelectorAll('#package-a select').forEach(s => o[s.dataset.issue] = s.value); return o;",
            json!([]),
        )
        .await;
    mediator.click("#ask-submit").await;
    candidate
        .wait_until(
            "the tested package, without reloading",
            "document.querySelector('#incoming .package-card')",
            WAIT,
        )
        .await;
    assert!(candidate.text("#incoming").await.contains("Worth to you"));
    // The Employer's page, still showing the proposal form, sends its (now stale) proposal.
    employer
        .run(
            "const f = document.createElement('form'); f.method = 'post'; \
             f.action = location.pathname + '/answer'; \
             for (const [k, v] of [['question', arguments[0]], ['verdict', 'propose']]) { \
               const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); } \
             document.querySelectorAll('#builder-form select').forEach(s => { \
               const i = document.createElement('input'); i.type = 'hidden'; i.name = s.name; i.value = s.value; f.appendChild(i); }); \
             document.body.appendChild(f); f.submit();",
            json!([proposal_question]),
        )
        .await;
    employer
        .wait_until("the error", "document.querySelector('#action-error')", WAIT)
        .await;
    assert!(employer
        .text("#action-error")
        .await
        .contains("no longer open"));

    if let Some(dir) = images() {
        candidate
            .screenshot(&dir.join("caucus.png"), WIDTH, 4000)
            .await;
    }
    // The Candidate rejects, objecting to the salary.
    candidate
        .click("#incoming input[name=objection][value=salary]")
        .await;
    candidate.click("#reject").await;
    candidate
        .wait_until(
            "its transcript",
            "document.querySelector('#transcript .exchange.answered')",
            WAIT,
        )
        .await;
    mediator
        .wait_until(
            "the Candidate's answer on the desk",
            "document.querySelector('#rounds').innerText.includes('objects to salary')",
            WAIT,
        )
        .await;
    assert_eq!(mediator.count("#margin-chart .point").await, 0);
    mediator.click("#end-round").await;
    mediator
        .wait_until(
            "the first margin point",
            "document.querySelectorAll('#margin-chart .point').length === 1",
            WAIT,
        )
        .await;

    // Round 2: the same package to both; both accept (the Employer with the keyboard only).
    mediator.select("#party", "Employer").await;
    for (issue, value) in tested.as_object().unwrap() {
        let css = format!("#package-a select[data-issue='{issue}']");
        mediator.select(&css, value.as_str().unwrap()).await;
    }
    mediator.click("#ask-submit").await;
    employer
        .wait_until(
            "the tested package",
            "document.querySelector('#accept')",
            WAIT,
        )
        .await;
    employer
        .run("document.querySelector('#accept').focus();", json!([]))
        .await;
    employer.press(ENTER).await;
    employer
        .wait_until(
            "its acceptance in the transcript",
            "document.querySelector('#transcript').innerText.includes('Accepted.')",
            WAIT,
        )
        .await;
    mediator
        .wait_until(
            "the Employer's answer",
            "document.querySelector('#rounds').innerText.includes('Accepted.')",
            WAIT,
        )
        .await;
    if let Some(dir) = images() {
        mediator.goto(&format!("{base}{talk_path}/mediator")).await;
        mediator
            .screenshot(&dir.join("dashboard.png"), WIDTH, 4000)
            .await;
    }
    mediator.select("#party", "Candidate").await;
    mediator.click("#ask-submit").await;
    candidate
        .wait_until(
            "the tested package",
            "document.querySelector('#accept')",
            WAIT,
        )
        .await;
    // Before the end, neither delegation's page holds anything of the other's: not its answers
    // anywhere in the document, not even its name outside the disclosure ledger (which names whose
    // data shaped a question put to this delegation, by design).
    for (browser, other, other_answer) in [
        (&employer, "Candidate", "objects to salary"),
        (&candidate, "Employer", "Proposed"),
    ] {
        let html = browser.html().await;
        assert!(
            !html.contains(other_answer),
            "[{}] shows {other}'s answer",
            browser.name
        );
        let parts = browser
            .run(
                "const main = document.querySelector('main').cloneNode(true); \
                 const report = main.querySelector('#transcript pre'); \
                 const text = report ? report.textContent : ''; if (report) report.remove(); \
                 return [main.innerHTML, text.split('DISCLOSURE LEDGER')[0]];",
                json!([]),
            )
            .await;
        for part in parts.as_array().unwrap() {
            let part = part.as_str().unwrap();
            assert!(
                !part.contains(other),
                "[{}] shows {other}: {part}",
                browser.name
            );
        }
    }
    candidate.click("#accept").await;

    // Agreement: the round ends by itself, the margin chart gets its second point, the talks end.
    mediator
        .wait_until(
            "the second margin point",
            "document.querySelectorAll('#margin-chart .point').length === 2",
            WAIT,
        )
        .await;
    mediator
        .wait_until(
            "the published communiqué",
            "document.querySelector('#communique-h').innerText.includes('Published')",
            WAIT,
        )
        .await;
    let claims = mediator.text("#communique .claims").await;
    assert!(claims.contains("reached agreement") && claims.contains("Rule 2"));
    assert!(mediator.count("#utility-table tbody tr").await >= 1);
    candidate
        .wait_until(
            "the communiqué in the caucus room",
            "document.querySelector('#outcome .communique')",
            WAIT,
        )
        .await;

    // Each transcript holds only its own caucuses.
    assert_eq!(employer.count("#transcript .exchange").await, 2);
    assert_eq!(candidate.count("#transcript .exchange").await, 2);
    assert!(!employer.html().await.contains("objects to salary"));
    assert!(!candidate.html().await.contains("Proposed"));

    // The public page shows the communiqué to anyone.
    let public = Browser::start(&driver, "public", 390, 844).await;
    public.goto(&format!("{base}/public")).await;
    let text = public.text("main").await;
    assert!(text.contains("Hiring talks"), "public page: {text}");
    assert!(
        text.contains("reached agreement on a package"),
        "public page: {text}"
    );
    assert!(!text.contains("objects to"));

    assert!(
        public.fits_width().await,
        "the public page scrolls sideways on a phone"
    );

    // Readable on a phone: the caucus room and the desk fit a narrow window.
    for (browser, page) in [(&candidate, "caucus"), (&mediator, "mediator")] {
        browser.resize(390, 844).await;
        browser.goto(&format!("{base}{talk_path}/{page}")).await;
        assert!(
            browser.fits_width().await,
            "[{}] scrolls sideways on a phone",
            browser.name
        );
    }
    if let Some(dir) = images() {
        candidate
            .screenshot(&dir.join("caucus-phone.png"), 390, 1400)
            .await;
    }
    for browser in [mediator, employer, candidate, public] {
        browser.quit().await;
    }
}
