//! GENIUS profile files (`<utility_space>`): weights, evaluations, reservation, discount, and the
//! ANAC 2014 hyper-rectangle profiles.
//!
//! Profile issues are matched to domain issues by `index`, then by `name`; a profile issue that
//! matches neither is an error (the profile belongs to another domain). Issue *kinds* and integer
//! bounds always come from the domain; a conflicting `type` in the profile (2nd_hand_car's
//! `type="price"`) is reported and overridden.
//!
//! Two readings ([`EvaluationMode`]):
//!
//! | | `Genius` (default) | `Raw` (NegMAS 0.16) |
//! |---|---|---|
//! | discrete value | evaluation / max over the issue (0 if max < 1e-5) | evaluation as written |
//! | integer `linear` | clamp₀₁(offset + slope·(x − lowerbound)) | offset + slope·x |
//! | real `linear` | clamp₀₁(parameter0 + parameter1·x) | parameter0 + parameter1·x |
//! | missing slope | 0 | 1 |
//! | weight on a non-issue index | dropped (warning) | NegMAS position `index − 1`: a gap in the issue indices is NegMAS's one-valued `DUMMY_ISSUE` (value 1, identity evaluation), anything else goes to the bias — both folded into the bias here |
//! | `DUMMY_ISSUE` without a weight | — | weight 1 when the profile has discrete items, else 0 (so AMPOvsCity scores +1) |
//! | issue without a weight | error (GENIUS cannot score it) | weight 1 (warning) |
//! | sum | capped at 1 | not capped |
//! | hyper-rectangles | Σ utility·ufun weight / `maxutility` | Σ utility·ufun weight (NegMAS ignores `maxutility`) |
//! | rectangle bound `[min, max]` | inclusive, `min ≤ x ≤ max` | open, `min < x < max` (NegMAS's `outcome_in_range` on a tuple; checked by running it) |
//!
//! Both readings: weights are used as written (never renormalised); `evaluation` missing or
//! `"null"` reads as 0 with a warning (BuildingConstruction util1–10 are blank templates GENIUS calls
//! incomplete and NegMAS refuses — detente accepts them as all-zero so the folder loads); a domain
//! value the profile does not list scores 0 (warning); the last of two items with the same value
//! wins (warning); a missing `<reservation>` is 0; a discount factor that does not parse, or lies
//! outside (0, 1], means no discounting (1) with a warning; `UNCERTAIN` profiles are read as linear
//! profiles and their comparison budget is reported; `triangular` evaluators rise from
//! `parameter0` to 1 at `parameter2` and fall to 0 at `parameter1`; hyper-rectangle `INCLUDES`
//! index issues by their `index` attribute; `EXCLUDES` exclude.

use std::collections::HashMap;
use std::path::Path;

use detente_core::{
    Evaluator, HyperRectangleUtility, IssueDomain, IssueUtility, LinearAdditiveUtility, Profile,
    Rectangle, RectangleBound, UtilityFunction,
};

use super::domain::{declared_kind, index_attr, issues_and_objectives, utility_space, Domain};
use super::xml::Element;
use crate::text::parse_number;
use crate::{EvaluationMode, LoadError, Warning};

struct Ctx<'a> {
    path: &'a Path,
    mode: EvaluationMode,
    warnings: &'a mut Vec<Warning>,
}

impl Ctx<'_> {
    fn warn(&mut self, message: String) {
        self.warnings.push(Warning {
            file: self.path.to_owned(),
            message,
        });
    }

    fn number(&self, el: &Element, attr: &str, what: &str) -> Result<f64, LoadError> {
        let text = el.attr(attr).ok_or_else(|| {
            LoadError::invalid(
                self.path,
                el.location(),
                format!("missing `{attr}` ({what})"),
            )
        })?;
        parse_number(text).map_err(|p| {
            LoadError::invalid(self.path, el.location(), format!("`{attr}` ({what}): {p}"))
        })
    }

    fn optional_number(
        &self,
        el: &Element,
        attrs: &[&str],
        what: &str,
    ) -> Result<Option<f64>, LoadError> {
        for attr in attrs {
            if el.attr(attr).is_some() {
                return self.number(el, attr, what).map(Some);
            }
        }
        Ok(None)
    }
}

/// Reads one profile against `domain`. `name` is the profile's (party's) name.
pub(crate) fn read_profile(
    path: &Path,
    root: &Element,
    domain: &Domain,
    name: &str,
    mode: EvaluationMode,
    warnings: &mut Vec<Warning>,
) -> Result<Profile, LoadError> {
    let mut ctx = Ctx {
        path,
        mode,
        warnings,
    };
    let container = utility_space(root);
    let kind = container.attr("type").unwrap_or("linear").trim().to_owned();
    let utility = match kind.to_ascii_lowercase().as_str() {
        "" | "linear" | "additive" => read_linear(&mut ctx, container, domain, name)?,
        "uncertain" => {
            let budget = |tag: &str| {
                container
                    .child(tag)
                    .map(|c| c.text.trim().to_owned())
                    .unwrap_or_else(|| "?".into())
            };
            ctx.warn(format!(
                "preference-uncertainty profile (type=\"UNCERTAIN\", comparisons={}, errors={}) read as the plain linear profile it contains",
                budget("comparisons"),
                budget("errors")
            ));
            read_linear(&mut ctx, container, domain, name)?
        }
        "nonlinear" => read_hyper_rectangles(&mut ctx, container, domain, name)?,
        other => {
            return Err(LoadError::invalid(
                path,
                container.location(),
                format!("profile type `{other}` is not supported (hint: linear, UNCERTAIN and nonlinear hyper-rectangle profiles are)"),
            ))
        }
    };
    let reservation = read_reservation(&ctx, container)?;
    let discount = read_discount(&mut ctx, container);
    Profile::new(name, utility, reservation, discount).map_err(|e| LoadError::model(path, e))
}

fn value_of(el: &Element) -> Option<&str> {
    el.attr("value")
        .or_else(|| el.child("value").map(|v| v.text.as_str()))
}

fn read_reservation(ctx: &Ctx<'_>, container: &Element) -> Result<f64, LoadError> {
    let Some(el) = container.child("reservation") else {
        return Ok(0.0);
    };
    let text = value_of(el).ok_or_else(|| {
        LoadError::invalid(
            ctx.path,
            el.location(),
            "<reservation> without a value (hint: <reservation value=\"0.5\"/>)",
        )
    })?;
    parse_number(text)
        .map_err(|p| LoadError::invalid(ctx.path, el.location(), format!("reservation value: {p}")))
}

fn read_discount(ctx: &mut Ctx<'_>, container: &Element) -> f64 {
    let Some(el) = container.child("discount_factor") else {
        return 1.0;
    };
    let location = el.location();
    match value_of(el).map(|t| (t, t.trim().parse::<f64>())) {
        None => {
            ctx.warn(format!(
                "{location}: discount factor without a value; no discounting"
            ));
            1.0
        }
        Some((t, Err(_))) => {
            ctx.warn(format!(
                "{location}: discount factor `{t}` is not a number; no discounting (as GENIUS)"
            ));
            1.0
        }
        Some((_, Ok(d))) if d > 0.0 && d <= 1.0 => d,
        Some((t, Ok(_))) => {
            ctx.warn(format!(
                "{location}: discount factor `{}` lies outside (0, 1]; means no discounting (as GENIUS)",
                t.trim()
            ));
            1.0
        }
    }
}

/// Which domain issue a profile `<issue>` describes: by index, then by name.
fn match_issue(ctx: &mut Ctx<'_>, el: &Element, domain: &Domain) -> Result<usize, LoadError> {
    let name = el.attr("name").unwrap_or("");
    let by_index = el
        .attr("index")
        .and_then(|t| t.trim().parse::<i64>().ok())
        .and_then(|k| domain.position_of_index(k));
    match by_index {
        Some(p) if domain.issues[p].issue.name() == name || name.is_empty() => Ok(p),
        _ => match domain.position_of_name(name) {
            Some(p) => {
                if el.attr("index").is_some() {
                    ctx.warn(format!(
                        "{}: issue `{name}` has index {} here but {} in the domain; matched by name",
                        el.location(),
                        el.attr("index").unwrap_or(""),
                        domain.issues[p].index
                    ));
                }
                Ok(p)
            }
            None => Err(LoadError::invalid(
                ctx.path,
                el.location(),
                format!(
                    "issue `{name}` is not in the domain (domain issues: {}); is this profile for another domain?",
                    domain
                        .issues
                        .iter()
                        .map(|i| format!("`{}`", i.issue.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        },
    }
}

fn read_linear(
    ctx: &mut Ctx<'_>,
    container: &Element,
    domain: &Domain,
    name: &str,
) -> Result<UtilityFunction, LoadError> {
    let (issue_elements, objectives) = issues_and_objectives(container);
    let mut holders: Vec<&Element> = objectives.clone();
    if holders.is_empty() {
        holders.push(container);
    }
    let n = domain.issues.len();
    let mut evaluators: Vec<Option<Evaluator>> = vec![None; n];
    let mut has_items = false;
    for el in &issue_elements {
        let p = match_issue(ctx, el, domain)?;
        if evaluators[p].is_some() {
            return Err(LoadError::invalid(
                ctx.path,
                el.location(),
                format!(
                    "issue `{}` is described twice in this profile",
                    domain.issues[p].issue.name()
                ),
            ));
        }
        has_items |= el.children_named("item").next().is_some();
        evaluators[p] = Some(read_evaluator(ctx, el, domain, p)?);
    }
    if let Some(p) = evaluators.iter().position(Option::is_none) {
        return Err(LoadError::invalid(
            ctx.path,
            container.location(),
            format!(
                "the profile does not describe domain issue `{}` (index {}); is this profile for another domain?",
                domain.issues[p].issue.name(),
                domain.issues[p].index
            ),
        ));
    }

    // Weights, by index.
    let mut weights: Vec<Option<f64>> = vec![None; n];
    let mut bias = 0.0;
    let max_index = domain.issues.iter().map(|i| i.index).max().unwrap_or(0);
    let mut dummy_weights: HashMap<i64, f64> = HashMap::new();
    for holder in &holders {
        for w in holder.children_named("weight") {
            let index = index_attr(ctx.path, w)?;
            let value = ctx.number(w, "value", "weight")?;
            if value < 0.0 {
                return Err(LoadError::invalid(
                    ctx.path,
                    w.location(),
                    format!("negative weight {value} (hint: weights are non-negative shares of importance)"),
                ));
            }
            match domain.position_of_index(index) {
                Some(p) => {
                    if weights[p].is_some() {
                        ctx.warn(format!(
                            "{}: issue `{}` has two weights; the last one wins",
                            w.location(),
                            domain.issues[p].issue.name()
                        ));
                    }
                    weights[p] = Some(value);
                }
                None => match ctx.mode {
                    EvaluationMode::Genius => {
                        let what = if domain.objective_indices.contains(&index) {
                            "names the objective itself"
                        } else {
                            "names no issue"
                        };
                        ctx.warn(format!(
                            "{}: weight index {index} {what}; ignored (GENIUS ignores it)",
                            w.location()
                        ));
                    }
                    EvaluationMode::Raw => {
                        if (1..=max_index).contains(&index) {
                            dummy_weights.insert(index, value);
                        } else {
                            ctx.warn(format!(
                                "{}: weight index {index} names no issue; added to the bias (as NegMAS)",
                                w.location()
                            ));
                            bias += value;
                        }
                    }
                },
            }
        }
    }
    if ctx.mode == EvaluationMode::Raw {
        // NegMAS places issue `index` at position index − 1 and fills gaps with a one-valued
        // DUMMY_ISSUE (value 1); with discrete items present it is scored as identity × weight.
        let gaps = (1..=max_index).filter(|k| domain.position_of_index(*k).is_none());
        for gap in gaps {
            let contribution = if has_items {
                dummy_weights.get(&gap).copied().unwrap_or(1.0)
            } else {
                0.0
            };
            if contribution != 0.0 {
                ctx.warn(format!(
                    "no issue has index {gap}: NegMAS inserts a DUMMY_ISSUE there scoring {contribution}; added to the bias"
                ));
            }
            bias += contribution;
        }
    }
    let mut issues = Vec::with_capacity(n);
    for (p, (evaluator, weight)) in evaluators.into_iter().zip(weights).enumerate() {
        let issue = &domain.issues[p];
        let weight = match (weight, ctx.mode) {
            (Some(w), _) => w,
            (None, EvaluationMode::Genius) => {
                return Err(LoadError::invalid(
                    ctx.path,
                    container.location(),
                    format!(
                        "issue `{}` has no weight; GENIUS cannot score such a profile (hint: add <weight index=\"{}\" value=\"…\"/> to the objective)",
                        issue.issue.name(),
                        issue.index
                    ),
                ))
            }
            (None, EvaluationMode::Raw) => {
                ctx.warn(format!(
                    "issue `{}` has no weight; NegMAS uses 1",
                    issue.issue.name()
                ));
                1.0
            }
        };
        issues.push(IssueUtility {
            weight,
            evaluator: evaluator.unwrap_or(Evaluator::Constant(0.0)),
        });
    }
    let total: f64 = issues.iter().map(|i| i.weight).sum();
    if total == 0.0 {
        ctx.warn("every weight is 0: the utility is 0 everywhere (a blank template?)".into());
    } else if (total - 1.0).abs() > 1e-6 {
        ctx.warn(format!(
            "issue weights sum to {total:.6}, not 1; used as written{}",
            if ctx.mode == EvaluationMode::Genius {
                ", utilities capped at 1 (as GENIUS)"
            } else {
                " (as NegMAS)"
            }
        ));
    }
    let cap = match ctx.mode {
        EvaluationMode::Genius => Some(1.0),
        EvaluationMode::Raw => None,
    };
    LinearAdditiveUtility::new(name, &domain.space, bias, issues, cap)
        .map(UtilityFunction::LinearAdditive)
        .map_err(|e| LoadError::model(ctx.path, e))
}

fn read_evaluator(
    ctx: &mut Ctx<'_>,
    el: &Element,
    domain: &Domain,
    p: usize,
) -> Result<Evaluator, LoadError> {
    let issue = &domain.issues[p].issue;
    let declared = declared_kind(el).trim().to_ascii_lowercase();
    if declared != issue.kind() {
        ctx.warn(format!(
            "{}: declared type `{declared}` but the domain says {}; the domain wins",
            el.location(),
            issue.kind()
        ));
    }
    match issue.domain() {
        IssueDomain::Discrete(values) => {
            let mut scores: HashMap<&str, f64> = HashMap::new();
            let mut missing = 0usize;
            for item in el.children_named("item") {
                let Some(value) = item.attr("value") else {
                    ctx.warn(format!(
                        "{}: <item> without a `value` ignored",
                        item.location()
                    ));
                    continue;
                };
                if !values.iter().any(|v| v == value) {
                    return Err(LoadError::invalid(
                        ctx.path,
                        item.location(),
                        format!(
                            "value `{value}` is not a value of issue `{}` in the domain; is this profile for another domain?",
                            issue.name()
                        ),
                    ));
                }
                let score = match item.attr("evaluation").map(str::trim) {
                    None | Some("null") => {
                        missing += 1;
                        0.0
                    }
                    Some(_) => {
                        let x = ctx.number(item, "evaluation", "evaluation")?;
                        if x < 0.0 {
                            return Err(LoadError::invalid(
                                ctx.path,
                                item.location(),
                                format!("negative evaluation {x} (hint: evaluations are non-negative scores)"),
                            ));
                        }
                        x
                    }
                };
                if scores.insert(value, score).is_some() {
                    ctx.warn(format!(
                        "{}: value `{value}` of issue `{}` is listed twice; the last one wins (as GENIUS)",
                        item.location(),
                        issue.name()
                    ));
                }
            }
            if missing > 0 {
                ctx.warn(format!(
                    "issue `{}`: {missing} item(s) have no evaluation (GENIUS calls the profile incomplete); read as 0",
                    issue.name()
                ));
            }
            let unlisted: Vec<&str> = values
                .iter()
                .filter(|v| !scores.contains_key(v.as_str()))
                .map(String::as_str)
                .collect();
            if !unlisted.is_empty() {
                ctx.warn(format!(
                    "issue `{}`: value(s) {} not evaluated by this profile; scored 0",
                    issue.name(),
                    unlisted
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            let mut table: Vec<f64> = values
                .iter()
                .map(|v| scores.get(v.as_str()).copied().unwrap_or(0.0))
                .collect();
            if ctx.mode == EvaluationMode::Genius {
                let max = table.iter().copied().fold(0.0, f64::max);
                if max < 1e-5 {
                    table.iter_mut().for_each(|x| *x = 0.0);
                } else {
                    table.iter_mut().for_each(|x| *x /= max);
                }
            }
            Ok(Evaluator::Table(table))
        }
        IssueDomain::Integer { .. } | IssueDomain::Real { .. } => {
            if el.children_named("item").next().is_some() {
                ctx.warn(format!(
                    "{}: <item>s on a numeric issue ignored",
                    el.location()
                ));
            }
            let Some(ev) = el.child("evaluator") else {
                ctx.warn(format!(
                    "{}: numeric issue `{}` has no <evaluator>; scored 0",
                    el.location(),
                    issue.name()
                ));
                return Ok(Evaluator::Constant(0.0));
            };
            let ftype = ev
                .attr("ftype")
                .unwrap_or("linear")
                .trim()
                .to_ascii_lowercase();
            let p = |k: &str| ctx.optional_number(ev, &[k], "evaluator parameter");
            match ftype.as_str() {
                "linear" => {
                    let offset = ctx
                        .optional_number(ev, &["offset", "parameter0"], "evaluator offset")?
                        .unwrap_or(0.0);
                    let default_slope = match ctx.mode {
                        EvaluationMode::Genius => 0.0,
                        EvaluationMode::Raw => 1.0,
                    };
                    let slope = ctx
                        .optional_number(ev, &["slope", "parameter1"], "evaluator slope")?
                        .unwrap_or(default_slope);
                    Ok(match (ctx.mode, issue.domain()) {
                        (EvaluationMode::Genius, IssueDomain::Integer { min, .. }) => {
                            Evaluator::Linear {
                                offset,
                                slope,
                                origin: *min as f64,
                                clamp: true,
                            }
                        }
                        (EvaluationMode::Genius, _) => Evaluator::Linear {
                            offset,
                            slope,
                            origin: 0.0,
                            clamp: true,
                        },
                        (EvaluationMode::Raw, _) => Evaluator::Linear {
                            offset,
                            slope,
                            origin: 0.0,
                            clamp: false,
                        },
                    })
                }
                "constant" => Ok(Evaluator::Constant(p("parameter0")?.unwrap_or(0.0))),
                "triangular" => Ok(Evaluator::Triangular {
                    lower: p("parameter0")?.unwrap_or(0.0),
                    upper: p("parameter1")?.unwrap_or(1.0),
                    top: p("parameter2")?.unwrap_or(1.0),
                }),
                other => Err(LoadError::invalid(
                    ctx.path,
                    ev.location(),
                    format!("evaluator ftype `{other}` is not supported (hint: linear, constant or triangular)"),
                )),
            }
        }
    }
}

/// NegMAS tests `min < x < max`; the model's bounds are inclusive. For integer-valued issues the
/// open interval is `[⌊min⌋+1, ⌈max⌉−1]`; for real ones the neighbouring floats.
fn open_to_closed(min: f64, max: f64, integral: bool) -> (f64, f64) {
    if integral {
        (min.floor() + 1.0, max.ceil() - 1.0)
    } else {
        (next_float(min, true), next_float(max, false))
    }
}

/// The adjacent finite float above (`up`) or below `x`.
fn next_float(x: f64, up: bool) -> f64 {
    if x == 0.0 {
        let tiny = f64::from_bits(1);
        return if up { tiny } else { -tiny };
    }
    let bits = x.to_bits();
    let away_from_zero = (x > 0.0) == up;
    f64::from_bits(if away_from_zero { bits + 1 } else { bits - 1 })
}

fn read_hyper_rectangles(
    ctx: &mut Ctx<'_>,
    container: &Element,
    domain: &Domain,
    name: &str,
) -> Result<UtilityFunction, LoadError> {
    let (issue_elements, objectives) = issues_and_objectives(container);
    for el in &issue_elements {
        match_issue(ctx, el, domain)?;
    }
    let mut holders: Vec<&Element> = objectives;
    holders.push(container);
    let utility_elements: Vec<&Element> = holders
        .iter()
        .flat_map(|h| {
            h.children
                .iter()
                .filter(|c| c.name == "utility" || c.name == "utility_function")
        })
        .collect();
    if utility_elements.is_empty() {
        return Err(LoadError::invalid(
            ctx.path,
            container.location(),
            "a nonlinear profile needs a <utility> element holding <ufun>s",
        ));
    }
    let mut rectangles = Vec::new();
    let mut max_utility: Option<f64> = None;
    for u in utility_elements {
        if let Some(m) = ctx.optional_number(u, &["maxutility"], "maximum utility")? {
            max_utility = Some(m);
        }
        let mut found = false;
        for ufun in u.children_named("ufun") {
            found = true;
            let kind = ufun.attr("type").unwrap_or("PlainUfun");
            if kind != "PlainUfun" {
                return Err(LoadError::invalid(
                    ctx.path,
                    ufun.location(),
                    format!("ufun type `{kind}` is not supported (only PlainUfun)"),
                ));
            }
            let aggregation = ufun.attr("aggregation").unwrap_or("sum");
            if aggregation != "sum" {
                return Err(LoadError::invalid(
                    ctx.path,
                    ufun.location(),
                    format!("aggregation `{aggregation}` is not supported (only sum)"),
                ));
            }
            let weight = ctx
                .optional_number(ufun, &["weight"], "ufun weight")?
                .unwrap_or(1.0);
            for rect in ufun.children_named("hyperRectangle") {
                let utility = ctx
                    .optional_number(rect, &["utility"], "rectangle utility")?
                    .unwrap_or(0.0);
                let mut r = Rectangle {
                    utility: utility * weight,
                    includes: Vec::new(),
                    excludes: Vec::new(),
                };
                for bound in &rect.children {
                    let list = match bound.name.as_str() {
                        "INCLUDES" => &mut r.includes,
                        "EXCLUDES" => &mut r.excludes,
                        _ => continue,
                    };
                    let index = index_attr(ctx.path, bound)?;
                    let issue = domain.position_of_index(index).ok_or_else(|| {
                        LoadError::invalid(
                            ctx.path,
                            bound.location(),
                            format!("index {index} names no issue of the domain"),
                        )
                    })?;
                    let (min, max) = (
                        ctx.number(bound, "min", "lower bound")?,
                        ctx.number(bound, "max", "upper bound")?,
                    );
                    let (min, max) = match ctx.mode {
                        EvaluationMode::Genius => (min, max),
                        EvaluationMode::Raw => {
                            let integral = !matches!(
                                domain.issues[issue].issue.domain(),
                                IssueDomain::Real { .. }
                            );
                            open_to_closed(min, max, integral)
                        }
                    };
                    list.push(RectangleBound { issue, min, max });
                }
                rectangles.push(r);
            }
        }
        if !found {
            return Err(LoadError::invalid(
                ctx.path,
                u.location(),
                "no <ufun> inside <utility>",
            ));
        }
    }
    let scale = match ctx.mode {
        EvaluationMode::Raw => 1.0,
        EvaluationMode::Genius => match max_utility {
            Some(m) if m > 0.0 => 1.0 / m,
            Some(m) => {
                return Err(LoadError::invalid(
                    ctx.path,
                    container.location(),
                    format!("maxutility {m} must be positive"),
                ))
            }
            None => {
                ctx.warn(
                    "nonlinear profile without maxutility; rectangle sums used unscaled".into(),
                );
                1.0
            }
        },
    };
    HyperRectangleUtility::new(name, &domain.space, rectangles, scale)
        .map(UtilityFunction::HyperRectangle)
        .map_err(|e| LoadError::model(ctx.path, e))
}

#[cfg(test)]
mod tests {
    use detente_core::Value;

    use crate::{read_genius_str, EvaluationMode, LoadOptions, Loaded};

    const DOMAIN: &str = r#"<negotiation_template><utility_space><objective index="0" name="r">
        <issue index="1" name="n" type="integer"><range lowerbound="0" upperbound="4"/></issue>
        <issue index="2" name="x" type="real" lowerbound="0" upperbound="10"/>
        </objective></utility_space></negotiation_template>"#;

    fn load(profile: &str, evaluation: EvaluationMode) -> Loaded {
        read_genius_str(
            "t",
            ("d.xml", DOMAIN),
            &[("p.xml", profile)],
            &LoadOptions { evaluation },
        )
        .unwrap()
    }

    fn u(l: &Loaded, n: i64, x: f64) -> f64 {
        l.scenario.parties()[0]
            .profile
            .utility
            .utility(&[Value::Integer(n), Value::Real(x)])
    }

    #[test]
    fn bounds_in_either_place_and_triangular_and_constant_evaluators() {
        let p = r#"<utility_space><objective index="0" name="r">
            <issue index="1" name="n" type="integer"><evaluator ftype="constant" parameter0="0.5"/></issue>
            <issue index="2" name="x" type="real"><evaluator ftype="triangular" parameter0="0" parameter1="10" parameter2="5"/></issue>
            <weight index="1" value="0.5"/><weight index="2" value="0.5"/></objective></utility_space>"#;
        let l = load(p, EvaluationMode::Genius);
        assert_eq!(l.scenario.space().count().to_string(), "infinite");
        assert!((u(&l, 3, 5.0) - 0.75).abs() < 1e-12);
        assert!((u(&l, 3, 2.5) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn issues_match_by_name_when_the_index_differs() {
        let p = r#"<utility_space><objective index="0" name="r">
            <issue index="7" name="x" type="real"><evaluator ftype="linear" parameter0="0" parameter1="0.1"/></issue>
            <issue index="1" name="n" type="integer"><evaluator ftype="linear" slope="0.25" offset="0"/></issue>
            <weight index="1" value="0.5"/><weight index="2" value="0.5"/></objective></utility_space>"#;
        let l = load(p, EvaluationMode::Genius);
        assert!(l
            .warnings
            .iter()
            .any(|w| w.message.contains("matched by name")));
        assert!((u(&l, 4, 10.0) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn raw_mode_bias_and_default_weight_follow_negmas() {
        // Weight index 9 lies beyond every issue: NegMAS adds it to the bias. Issue `x` has no
        // weight: NegMAS uses 1. No discrete items: numeric evaluators as written (slope default 1).
        let p = r#"<utility_space><objective index="0" name="r">
            <issue index="1" name="n" type="integer"><evaluator ftype="linear" offset="0.5"/></issue>
            <issue index="2" name="x" type="real"><evaluator ftype="linear" parameter0="1" parameter1="-0.5"/></issue>
            <weight index="1" value="0.5"/><weight index="9" value="0.25"/></objective></utility_space>"#;
        let l = load(p, EvaluationMode::Raw);
        assert!((u(&l, 4, 4.0) - (0.25 + 0.5 * (0.5 + 4.0) + (1.0 - 2.0))).abs() < 1e-12);
        assert!(l
            .warnings
            .iter()
            .any(|w| w.message.contains("NegMAS uses 1")));
        let e = read_genius_str(
            "t",
            ("d.xml", DOMAIN),
            &[("p.xml", p)],
            &LoadOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("`x` has no weight"), "{e}");
    }
}
