//! The readable report of `detente stability`.

use std::fmt::Write;

use detente_core::gmcr::{Concept, Conflict, Explanation, Reachability, StateId, Step};

use super::Results;

/// Above this many states the table lists the equilibria only.
const FULL_TABLE_LIMIT: usize = 200;
/// Paths from the status quo listed at most.
const LISTED_PATHS: usize = 50;

/// The whole report.
pub(crate) fn render(results: &Results) -> String {
    let mut out = String::new();
    header(&mut out, results);
    table(&mut out, results);
    equilibria(&mut out, results);
    coalitions(&mut out, results);
    status_quo(&mut out, results);
    for e in &results.explanations {
        // With no improvement the state is stable under every concept: say it once, under Nash.
        if e.improvements.is_empty() && e.concept != Concept::Nash {
            continue;
        }
        explanation(&mut out, &results.loaded.conflict, e);
    }
    out
}

fn header(out: &mut String, results: &Results) {
    let c = &results.loaded.conflict;
    let _ = writeln!(
        out,
        "{}: {} states, {} decision makers, {} options",
        c.name(),
        c.state_count(),
        c.decision_makers().len(),
        c.options().len()
    );
    if results.loaded.illustrative {
        let _ = writeln!(out, "Illustrative model: not taken from a publication.");
    }
    if let Some(source) = &results.loaded.source {
        let _ = writeln!(out, "Source: {source}");
    }
    let _ = writeln!(
        out,
        "\nOptions (the pattern column lists them in this order):"
    );
    for (k, o) in c.options().iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>2}. {} ({}): {}{}",
            k + 1,
            o.id,
            c.decision_makers()[o.owner],
            o.name,
            match o.reversibility {
                detente_core::gmcr::Reversibility::Reversible => "",
                detente_core::gmcr::Reversibility::OnceTaken => " [once taken, never dropped]",
                detente_core::gmcr::Reversibility::OnceDropped => " [once dropped, never retaken]",
            }
        );
    }
}

/// Letters of the concepts under which `s` is stable for `dm`: N, G, S, Q or `.`.
fn letters(results: &Results, dm: usize, s: StateId) -> String {
    Concept::ALL
        .into_iter()
        .zip(['N', 'G', 'S', 'Q'])
        .map(|(c, l)| {
            if results.analysis.is_stable(c, dm, s) {
                l
            } else {
                '.'
            }
        })
        .collect()
}

fn table(out: &mut String, results: &Results) {
    let c = &results.loaded.conflict;
    let full = c.state_count() <= FULL_TABLE_LIMIT;
    let _ = writeln!(
        out,
        "\nStability (N Nash, G GMR, S SMR, Q SEQ: the letter shows the state is stable for that decision maker){}:",
        if full { "" } else { "; equilibria only" }
    );
    let width = c.options().len().max(7);
    let mut line = format!("  {:>6}  {:<width$}", "state", "pattern");
    for name in c.decision_makers() {
        let _ = write!(line, "  {name:<4}");
    }
    let _ = writeln!(out, "{line}  equilibrium");
    for s in 0..c.state_count() as StateId {
        let concepts = equilibrium_concepts(results, s);
        if !full && concepts.is_empty() {
            continue;
        }
        let mut line = format!("  {:>6}  {:<width$}", s + 1, c.pattern(s));
        for (dm, name) in c.decision_makers().iter().enumerate() {
            let w = name.chars().count().max(4);
            let _ = write!(line, "  {:<w$}", letters(results, dm, s));
        }
        let _ = writeln!(
            out,
            "{}",
            format!("{line}  {}", concepts.join(" ")).trim_end()
        );
    }
}

fn equilibrium_concepts(results: &Results, s: StateId) -> Vec<&'static str> {
    Concept::ALL
        .into_iter()
        .filter(|&k| results.analysis.equilibria(k).contains(s))
        .map(Concept::label)
        .collect()
}

fn numbers(states: impl Iterator<Item = StateId>) -> String {
    let list: Vec<String> = states.map(|s| (s + 1).to_string()).collect();
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}

fn equilibria(out: &mut String, results: &Results) {
    let _ = writeln!(out, "\nEquilibria (stable for every decision maker):");
    for k in Concept::ALL {
        let set = results.analysis.equilibria(k);
        let _ = writeln!(out, "  {:<5} {}", k.label(), numbers(set.iter()));
    }
}

/// A coalition's members' names joined with `+`.
pub(crate) fn coalition_name(conflict: &Conflict, members: &[usize]) -> String {
    let names: Vec<&str> = members
        .iter()
        .map(|&d| conflict.decision_makers()[d].as_str())
        .collect();
    names.join(" + ")
}

fn coalitions(out: &mut String, results: &Results) {
    let Some(analysis) = &results.coalitions else {
        return;
    };
    let c = &results.loaded.conflict;
    let groups: Vec<String> = analysis
        .partition()
        .coalitions()
        .iter()
        .map(|m| coalition_name(c, m))
        .collect();
    let _ = writeln!(out, "\nCoalitions: {}", groups.join(" | "));
    for (i, name) in groups.iter().enumerate() {
        let _ = writeln!(out, "  stable for {name}:");
        for k in Concept::ALL {
            let _ = writeln!(
                out,
                "    {:<5} {}",
                k.label(),
                numbers(analysis.stable(k, i).iter())
            );
        }
    }
    let _ = writeln!(
        out,
        "  Coalition equilibria (stable for every coalition and every decision maker):"
    );
    for k in Concept::ALL {
        let _ = writeln!(
            out,
            "    {:<5} {}",
            k.label(),
            numbers(analysis.equilibria(k).iter())
        );
    }
}

/// "1 —Uniroyal→ 3 —Local Government→ 7".
pub(crate) fn path_text(conflict: &Conflict, from: StateId, steps: &[Step]) -> String {
    let mut text = (from + 1).to_string();
    for step in steps {
        let _ = write!(
            text,
            " —{}→ {}",
            conflict.decision_makers()[step.mover],
            step.to + 1
        );
    }
    text
}

fn status_quo(out: &mut String, results: &Results) {
    let Some((sq, paths)) = &results.status_quo else {
        return;
    };
    let c = &results.loaded.conflict;
    let _ = writeln!(
        out,
        "\nFrom the status quo, state {} ({}), to each equilibrium:",
        sq + 1,
        c.pattern(*sq)
    );
    for path in paths.iter().take(LISTED_PATHS) {
        let concepts: Vec<&str> = path.concepts.iter().map(|k| k.label()).collect();
        let how = match &path.reach {
            Reachability::StatusQuo => "it is the status quo".to_string(),
            Reachability::ByImprovements(steps) => {
                format!("by improvements: {}", path_text(c, *sq, steps))
            }
            Reachability::ByMoves(steps) => {
                format!(
                    "only with moves some mover does not gain by: {}",
                    path_text(c, *sq, steps)
                )
            }
            Reachability::Unreachable => "unreachable".to_string(),
        };
        let _ = writeln!(
            out,
            "  {:>6} ({}): {how}",
            path.target + 1,
            concepts.join(", ")
        );
    }
    if paths.len() > LISTED_PATHS {
        let more = paths.len() - LISTED_PATHS;
        let _ = writeln!(out, "  … and {more} more (all of them in --format json)");
    }
}

fn explanation(out: &mut String, conflict: &Conflict, e: &Explanation) {
    let dm = &conflict.decision_makers()[e.dm];
    if e.improvements.is_empty() {
        let _ = writeln!(
            out,
            "\nState {} for {dm}: stable under every concept (no unilateral improvement)",
            e.state + 1
        );
        return;
    }
    let verdict = if e.stable { "stable" } else { "unstable" };
    let _ = writeln!(
        out,
        "\nState {} for {dm} under {}: {verdict}",
        e.state + 1,
        e.concept.label()
    );
    for item in &e.improvements {
        let target = item.improvement + 1;
        match &item.sanction {
            Some(steps) => {
                let _ = writeln!(
                    out,
                    "  improvement to {target}, deterred by {}",
                    path_text(conflict, item.improvement, steps)
                );
            }
            None if e.concept == Concept::Nash => {
                let _ = writeln!(
                    out,
                    "  improvement to {target} (Nash stability admits none)"
                );
            }
            None => {
                let _ = writeln!(out, "  improvement to {target}: no sanction deters it");
            }
        }
    }
}
