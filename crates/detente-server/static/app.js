// detente's browser interface: one small script, no dependencies, no build step.
// Pages work without it (plain forms); it adds the key exchange from the link fragment, live
// updates, the worth of the package being built, and small conveniences.
"use strict";

// Invitation links carry the key in the fragment (#key=…), which browsers never send to a server.
// Post it once to get a session cookie, then drop it from the address bar and history.
function exchangeKey() {
  if (!document.body.dataset.exchange) return;
  var match = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (!match || document.getElementById("key-error")) return;
  history.replaceState(null, "", location.pathname + location.search);
  document.getElementById("key").value = decodeURIComponent(match[1]);
  document.getElementById("key-opening").hidden = false;
  document.getElementById("key-form").submit();
}

function announce(text) {
  var status = document.getElementById("live-status");
  if (status) status.textContent = text;
}

var MESSAGES = {
  asked: "New question from the mediator.",
  answered: "An answer was recorded.",
  round_ended: "A round ended; the margin was measured.",
  concluded: "The talks have concluded.",
  caucus_closed: "The caucus closed."
};

// Re-fetch this page and swap in the regions marked data-live that changed, keeping focus.
var refreshing = null;
function refresh(kind) {
  if (refreshing) { refreshing.again = true; return; }
  refreshing = { again: false };
  fetch(document.body.dataset.page || location.pathname, { credentials: "same-origin", headers: { "Accept": "text/html" } })
    .then(function (response) { return response.ok ? response.text() : null; })
    .then(function (html) {
      if (!html) return;
      var fresh = new DOMParser().parseFromString(html, "text/html");
      var focusedId = document.activeElement && document.activeElement.id;
      document.querySelectorAll("[data-live]").forEach(function (region) {
        var next = fresh.getElementById(region.id);
        if (next && next.innerHTML !== region.innerHTML) {
          region.replaceWith(document.importNode(next, true));
        }
      });
      if (focusedId && document.activeElement === document.body) {
        var again = document.getElementById(focusedId);
        if (again) again.focus();
      }
      sumPoints();
      if (MESSAGES[kind]) announce(MESSAGES[kind]);
      document.body.dataset.updated = String(Date.now());
    })
    .catch(function () {})
    .then(function () {
      var again = refreshing && refreshing.again;
      refreshing = null;
      if (again) refresh(kind);
    });
}

function listen() {
  // A page re-rendered after a failed form post sits at the action's address: show the page's own.
  var page = document.body.dataset.page;
  if (page && location.pathname !== page) history.replaceState(null, "", page);
  // Keys never stay in the address bar, even when a cookie already opened the page.
  if (/(?:^#|&)key=/.test(location.hash)) history.replaceState(null, "", location.pathname);
  var url = document.body.dataset.events;
  if (!url || !window.EventSource) return;
  var source = new EventSource(url);
  ["opened", "profile_replaced", "agent_attached", "round_began", "caucus_opened", "asked",
   "answered", "walk_out_requested", "caucus_closed", "round_ended", "concluded"]
    .forEach(function (kind) {
      source.addEventListener(kind, function () {
        // When talks end every form goes: load the final page whole.
        if (kind === "concluded") location.replace(document.body.dataset.page || location.pathname);
        else refresh(kind);
      });
    });
  source.onopen = function () { document.body.dataset.live = "connected"; };
}

// The worth of the package being built, from the server (the delegation's own profile).
function builder() {
  var form = document.getElementById("builder-form");
  if (!form) return;
  var output = document.getElementById("builder-utility");
  form.addEventListener("change", function () {
    var query = new URLSearchParams();
    form.querySelectorAll("select").forEach(function (s) { query.append(s.name, s.value); });
    fetch(form.dataset.utility + "?" + query.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        output.textContent = data.text;
        output.className = data.above_reservation ? "above" : "below";
      });
  });
}

// The mediator's question form: show the package fields the chosen kind needs; quick fills.
function askForm() {
  var form = document.getElementById("ask-form");
  if (!form) return;
  function sync() {
    var kind = form.querySelector("input[name=kind]:checked").value;
    form.querySelectorAll("[data-kinds]").forEach(function (set) {
      set.hidden = set.dataset.kinds.split(" ").indexOf(kind) < 0;
    });
    form.classList.toggle("comparing", kind === "compare");
  }
  form.querySelectorAll("input[name=kind]").forEach(function (r) { r.addEventListener("change", sync); });
  sync();
  form.querySelectorAll("[data-fill]").forEach(function (button) {
    button.addEventListener("click", function () {
      var pkg = JSON.parse(button.dataset.fill);
      form.querySelectorAll("#package-a select[data-issue]").forEach(function (s) {
        if (pkg[s.dataset.issue] !== undefined) s.value = pkg[s.dataset.issue];
      });
      (button.dataset.sources || "").split(",").forEach(function (value) {
        form.querySelectorAll("input[name=source]").forEach(function (box) {
          if (box.value === value) box.checked = true;
        });
      });
      announce(button.textContent + " filled in.");
    });
  });
}

// The running total of a points answer (the shares must add up to 100). The form sits in a live
// region that is swapped on updates, so the total is recomputed from the document each time.
function sumPoints() {
  document.querySelectorAll("[data-total]").forEach(function (set) {
    var output = document.getElementById(set.dataset.total);
    if (!output) return;
    var total = 0;
    set.querySelectorAll("input[type=number]").forEach(function (input) {
      total += Number(input.value) || 0;
    });
    output.textContent = String(total);
    output.className = total === 100 ? "above" : "below";
  });
}

function pointsTotal() {
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("[data-total]")) sumPoints();
  });
  sumPoints();
}

// Cheap live checks on a page of the preference wizard (a place chosen twice, points that do
// not add up to 100, an option ordered better but rated lower). The server judges; these only
// point out a slip before the form is sent.
function wizardChecks() {
  var form = document.querySelector("form[data-wizard]");
  var note = document.getElementById("wizard-live-check");
  if (!form || !note) return;
  function twice(name) {
    var seen = {}, found = [];
    form.querySelectorAll("select[name=" + name + "]").forEach(function (s) {
      if (seen[s.value]) found.push(s.value + " is placed twice.");
      seen[s.value] = true;
    });
    return found;
  }
  function check() {
    var problems = twice("rank").concat(twice("order"));
    var total = form.querySelector("[data-total]");
    if (total) {
      var sum = 0;
      total.querySelectorAll("input[type=number]").forEach(function (i) { sum += Number(i.value) || 0; });
      if (sum !== 100) problems.push("The points add up to " + sum + ", not 100.");
    }
    var rating = {};
    form.querySelectorAll("input[data-option]").forEach(function (i) {
      if (i.value !== "") rating[i.dataset.option] = Number(i.value);
    });
    var order = [];
    form.querySelectorAll("select[name=order]").forEach(function (s) { order.push(s.value); });
    for (var k = 0; k + 1 < order.length; k++) {
      var a = rating[order[k]], b = rating[order[k + 1]];
      if (a !== undefined && b !== undefined && a < b) {
        problems.push(order[k] + " is ordered before " + order[k + 1] + " but rated lower (" + a + " < " + b + ").");
      }
    }
    note.textContent = problems.join(" ");
    note.hidden = problems.length === 0;
  }
  form.addEventListener("input", check);
  form.addEventListener("change", check);
  check();
}

function conveniences() {
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.dataset.copy);
      input.select();
      var done = function () { button.textContent = "Copied"; announce("Link copied."); };
      if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(done, function () {});
      else { document.execCommand("copy"); done(); }
    });
  });
  document.querySelectorAll("input[type=file][data-fills]").forEach(function (input) {
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (!file) return;
      file.text().then(function (text) {
        document.getElementById(input.dataset.fills).value = text;
        var upload = document.getElementById("source-upload");
        if (upload) upload.checked = true;
      });
    });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  exchangeKey();
  listen();
  builder();
  askForm();
  pointsTotal();
  wizardChecks();
  conveniences();
});
