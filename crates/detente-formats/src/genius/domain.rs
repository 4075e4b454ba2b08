//! GENIUS domain files (`<negotiation_template>`): the issues and their values.
//!
//! Rules (formats.md §1.1–1.2):
//! - issues are collected recursively from `objective` elements only (never a blanket search for
//!   `item`, which would pick up legacy `similarity_function` items);
//! - issue kind: `type`, else `etype`, else `vtype`, else discrete;
//! - discrete values are the `value` attributes of the *direct* `item` children; a value listed
//!   twice is one value (warning) — FlightBooking-B has 36 outcomes, not 48;
//! - integer bounds come from the issue's `lowerbound`/`upperbound`, else from a `<range>` child;
//!   real bounds from `<range>`, else from the issue;
//! - issues are ordered by their `index` attribute (NegMAS's order, which its golden numbers use);
//!   a file listing them in another order gets a warning. `number_of_issues` is ignored (it is
//!   wrong in two shared files).

use std::collections::HashSet;
use std::path::Path;

use detente_core::{Issue, IssueDomain, OutcomeSpace};

use super::xml::Element;
use crate::text::parse_number;
use crate::{LoadError, Warning};

/// A domain issue with the identifiers profiles use to refer to it.
#[derive(Debug, Clone)]
pub(crate) struct DomainIssue {
    /// The `index` attribute (an identifier, not a position).
    pub index: i64,
    /// The issue as the model knows it.
    pub issue: Issue,
}

/// The issues of a GENIUS domain, ordered by index.
#[derive(Debug, Clone)]
pub(crate) struct Domain {
    pub issues: Vec<DomainIssue>,
    /// `index` attributes of the objectives (weights may name them).
    pub objective_indices: Vec<i64>,
    pub space: OutcomeSpace,
}

impl Domain {
    /// Position of the issue with `index`.
    pub fn position_of_index(&self, index: i64) -> Option<usize> {
        self.issues.iter().position(|i| i.index == index)
    }

    /// Position of the issue called `name`.
    pub fn position_of_name(&self, name: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.issue.name() == name)
    }
}

/// The element holding the objectives: `negotiation_template/utility_space`, or a profile root.
pub(crate) fn utility_space(root: &Element) -> &Element {
    if root.name == "utility_space" {
        root
    } else {
        root.child("utility_space").unwrap_or(root)
    }
}

/// The issue and objective elements under `container`, in document order, recursing through
/// objectives only.
pub(crate) fn issues_and_objectives(container: &Element) -> (Vec<&Element>, Vec<&Element>) {
    let (mut issues, mut objectives) = (Vec::new(), Vec::new());
    collect(container, &mut issues, &mut objectives);
    (issues, objectives)
}

fn collect<'a>(
    container: &'a Element,
    issues: &mut Vec<&'a Element>,
    objectives: &mut Vec<&'a Element>,
) {
    for child in &container.children {
        match child.name.as_str() {
            "objective" => {
                objectives.push(child);
                collect(child, issues, objectives);
            }
            "issue" => issues.push(child),
            _ => {}
        }
    }
}

/// The issue kind GENIUS files declare: `type`, else `etype`, else `vtype`, else discrete.
pub(crate) fn declared_kind(el: &Element) -> &str {
    el.attr("type")
        .or_else(|| el.attr("etype"))
        .or_else(|| el.attr("vtype"))
        .unwrap_or("discrete")
}

/// Reads the `index` attribute of an issue, objective or weight.
pub(crate) fn index_attr(path: &Path, el: &Element) -> Result<i64, LoadError> {
    let text = el.attr("index").ok_or_else(|| {
        LoadError::invalid(
            path,
            el.location(),
            "missing `index` attribute (hint: GENIUS identifies issues and weights by index)",
        )
    })?;
    text.trim().parse::<i64>().map_err(|_| {
        LoadError::invalid(
            path,
            el.location(),
            format!("`index=\"{text}\"` is not an integer"),
        )
    })
}

/// Reads a GENIUS domain from its parsed root element.
pub(crate) fn read_domain(
    path: &Path,
    root: &Element,
    warnings: &mut Vec<Warning>,
) -> Result<Domain, LoadError> {
    let warn = |warnings: &mut Vec<Warning>, message: String| {
        warnings.push(Warning {
            file: path.to_owned(),
            message,
        })
    };
    let container = utility_space(root);
    let (elements, objectives) = issues_and_objectives(container);
    if elements.is_empty() {
        return Err(LoadError::invalid(
            path,
            container.location(),
            "no <issue> elements found under <objective> (hint: a domain lists its issues inside utility_space/objective)",
        ));
    }
    let untyped: Vec<&str> = elements
        .iter()
        .filter(|el| {
            el.attr("type").is_none() && el.attr("etype").is_none() && el.attr("vtype").is_none()
        })
        .map(|el| el.attr("name").unwrap_or("?"))
        .collect();
    if !untyped.is_empty() {
        warn(
            warnings,
            format!(
                "{} issue(s) without type/etype/vtype read as discrete (first: `{}`)",
                untyped.len(),
                untyped[0]
            ),
        );
    }
    let mut issues: Vec<(DomainIssue, usize)> = Vec::with_capacity(elements.len());
    let mut indices = HashSet::new();
    let mut names = HashSet::new();
    for el in elements {
        let index = index_attr(path, el)?;
        // Names are kept exactly as written (SmartPhone has " Accessory"), as NegMAS keeps them.
        let name = el.attr("name").unwrap_or("").to_owned();
        if name.trim().is_empty() {
            return Err(LoadError::invalid(
                path,
                el.location(),
                "issue without a `name` attribute (hint: every issue needs a unique name)",
            ));
        }
        if !indices.insert(index) {
            return Err(LoadError::invalid(
                path,
                el.location(),
                format!("issue index {index} is used twice (hint: give every issue its own index)"),
            ));
        }
        if !names.insert(name.clone()) {
            return Err(LoadError::invalid(
                path,
                el.location(),
                format!(
                    "issue name `{name}` is used twice (hint: every issue needs a unique name)"
                ),
            ));
        }
        let domain = read_issue_domain(path, el, &name, warnings)?;
        let issue = Issue::new(name, domain)
            .map_err(|e| LoadError::invalid(path, el.location(), e.to_string()))?;
        issues.push((DomainIssue { index, issue }, el.line));
    }
    if issues.windows(2).any(|w| w[0].0.index > w[1].0.index) {
        warn(
            warnings,
            "issues are not listed in index order; ordered by index (as NegMAS does)".into(),
        );
        issues.sort_by_key(|(i, _)| i.index);
    }
    let mut objective_indices = Vec::new();
    for o in objectives {
        if let Ok(k) = index_attr(path, o) {
            objective_indices.push(k);
        }
    }
    let issues: Vec<DomainIssue> = issues.into_iter().map(|(i, _)| i).collect();
    let space = OutcomeSpace::new(issues.iter().map(|i| i.issue.clone()).collect())
        .map_err(|e| LoadError::model(path, e))?;
    Ok(Domain {
        issues,
        objective_indices,
        space,
    })
}

fn read_issue_domain(
    path: &Path,
    el: &Element,
    name: &str,
    warnings: &mut Vec<Warning>,
) -> Result<IssueDomain, LoadError> {
    let kind = declared_kind(el);
    match kind.trim().to_ascii_lowercase().as_str() {
        "discrete" => {
            let mut values: Vec<String> = Vec::new();
            let mut seen = HashSet::new();
            for item in el.children_named("item") {
                let Some(value) = item.attr("value") else {
                    warnings.push(Warning {
                        file: path.to_owned(),
                        message: format!("{}: <item> without a `value` ignored", item.location()),
                    });
                    continue;
                };
                if seen.insert(value.to_owned()) {
                    values.push(value.to_owned());
                } else {
                    warnings.push(Warning {
                        file: path.to_owned(),
                        message: format!(
                            "{}: issue `{name}` lists value `{value}` twice; counted once",
                            item.location()
                        ),
                    });
                }
            }
            if values.is_empty() {
                return Err(LoadError::invalid(
                    path,
                    el.location(),
                    format!("discrete issue `{name}` has no <item value=\"…\"> children"),
                ));
            }
            Ok(IssueDomain::Discrete(values))
        }
        "integer" => {
            let bound = |attr: &str| -> Result<i64, LoadError> {
                let text = el
                    .attr(attr)
                    .or_else(|| el.child("range").and_then(|r| r.attr(attr)))
                    .ok_or_else(|| {
                        LoadError::invalid(
                            path,
                            el.location(),
                            format!("integer issue `{name}` has no `{attr}` (hint: write lowerbound=\"…\" upperbound=\"…\" on the issue)"),
                        )
                    })?;
                text.trim().parse::<i64>().map_err(|_| {
                    LoadError::invalid(
                        path,
                        el.location(),
                        format!(
                            "`{attr}=\"{text}\"` of integer issue `{name}` is not a 64-bit integer"
                        ),
                    )
                })
            };
            let (min, max) = (bound("lowerbound")?, bound("upperbound")?);
            check_order(path, el, name, min as f64, max as f64)?;
            Ok(IssueDomain::Integer { min, max })
        }
        "real" => {
            let bound = |attr: &str| -> Result<f64, LoadError> {
                let text = el
                    .child("range")
                    .and_then(|r| r.attr(attr))
                    .or_else(|| el.attr(attr))
                    .ok_or_else(|| {
                        LoadError::invalid(
                            path,
                            el.location(),
                            format!("real issue `{name}` has no `{attr}` (hint: add <range lowerbound=\"…\" upperbound=\"…\"/>)"),
                        )
                    })?;
                parse_number(text).map_err(|p| {
                    LoadError::invalid(
                        path,
                        el.location(),
                        format!("`{attr}` of real issue `{name}`: {p}"),
                    )
                })
            };
            let (min, max) = (bound("lowerbound")?, bound("upperbound")?);
            check_order(path, el, name, min, max)?;
            Ok(IssueDomain::Real { min, max })
        }
        other => Err(LoadError::invalid(
            path,
            el.location(),
            format!("unknown issue type `{other}` (hint: use discrete, integer or real)"),
        )),
    }
}

fn check_order(path: &Path, el: &Element, name: &str, min: f64, max: f64) -> Result<(), LoadError> {
    if min > max {
        return Err(LoadError::invalid(
            path,
            el.location(),
            format!("issue `{name}`: lowerbound {min} exceeds upperbound {max}"),
        ));
    }
    Ok(())
}
