//! Checks of each input's shape against the agenda, before anything in the draft changes.

use super::error::WizardError;

/// `order` lists each of `0..n` exactly once.
pub(super) fn permutation(
    field: &str,
    order: &[usize],
    n: usize,
    what: &'static str,
    out_of_range: impl Fn(String, usize) -> WizardError,
) -> Result<(), WizardError> {
    let mut seen = vec![false; n];
    for (i, &x) in order.iter().enumerate() {
        if x >= n {
            return Err(out_of_range(format!("{field}[{i}]"), x));
        }
        if std::mem::replace(&mut seen[x], true) {
            return Err(WizardError::DuplicateIndex {
                field: format!("{field}[{i}]"),
                index: x,
                what,
            });
        }
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        return Err(WizardError::MissingIndex {
            field: field.to_owned(),
            index: missing,
            what,
        });
    }
    Ok(())
}

/// `list` has one entry per `what`.
pub(super) fn length<T>(
    field: &str,
    list: &[T],
    expected: usize,
    what: &'static str,
) -> Result<(), WizardError> {
    if list.len() == expected {
        return Ok(());
    }
    Err(WizardError::WrongLength {
        field: field.to_owned(),
        expected,
        found: list.len(),
        what,
    })
}

/// A score on the 0–100 scale.
pub(super) fn score(field: String, value: u32) -> Result<(), WizardError> {
    if value <= 100 {
        Ok(())
    } else {
        Err(WizardError::ScoreOutOfRange { field, value })
    }
}

/// Points per issue, summing to exactly 100.
pub(super) fn points(points: &[u32], issues: usize) -> Result<(), WizardError> {
    length("points", points, issues, "one per issue")?;
    let sum: u64 = points.iter().map(|&p| u64::from(p)).sum();
    if sum == 100 {
        return Ok(());
    }
    let hint = if sum > 100 {
        format!("take {} points away", sum - 100)
    } else {
        format!("give out {} more points", 100 - sum)
    };
    Err(WizardError::PointsSum {
        field: "points".to_owned(),
        sum,
        hint,
    })
}

/// A package of per-issue value indices on an agenda whose issues have `options` options.
pub(super) fn package(field: &str, package: &[u32], options: &[usize]) -> Result<(), WizardError> {
    length(field, package, options.len(), "one option index per issue")?;
    for (k, (&v, &n)) in package.iter().zip(options).enumerate() {
        if v as usize >= n {
            return Err(WizardError::OptionOutOfRange {
                field: format!("{field}[{k}]"),
                issue: k,
                index: u64::from(v),
                options: n,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue_out_of_range(field: String, index: usize) -> WizardError {
        WizardError::IssueOutOfRange {
            field,
            index,
            issues: 3,
        }
    }

    #[test]
    fn permutation_errors_name_the_entry() {
        let err = permutation("order", &[0, 0, 1], 3, "issue", issue_out_of_range).unwrap_err();
        assert_eq!(err.location(), "order[1]");
        assert!(err.to_string().contains("lists #0 twice"), "{err}");
        let err = permutation("order", &[0, 3], 3, "issue", issue_out_of_range).unwrap_err();
        assert_eq!(err.location(), "order[1]");
        let err = permutation("order", &[0, 2], 3, "issue", issue_out_of_range).unwrap_err();
        assert!(err.to_string().contains("leaves out #1"), "{err}");
        assert!(permutation("order", &[2, 0, 1], 3, "issue", issue_out_of_range).is_ok());
    }

    #[test]
    fn points_errors_say_the_sum_and_the_fix() {
        let err = points(&[50, 60], 2).unwrap_err();
        assert!(err.to_string().contains("add up to 110"), "{err}");
        assert!(err.to_string().contains("take 10 points away"), "{err}");
        let err = points(&[u32::MAX, u32::MAX], 2).unwrap_err();
        assert!(matches!(err, WizardError::PointsSum { .. }));
        assert!(matches!(
            points(&[100], 2),
            Err(WizardError::WrongLength { .. })
        ));
    }

    #[test]
    fn package_errors_name_the_issue() {
        let err = package("corrections[0].0", &[0, 5], &[2, 3]).unwrap_err();
        assert_eq!(err.location(), "corrections[0].0[1]");
        assert!(err.to_string().contains("option #5 of issue #1"), "{err}");
        assert!(score("walk_away".into(), 101).is_err());
    }
}
