//! Scenarios bundled with the server, so talks can start without an upload.

/// A two-party hiring negotiation with a zone of agreement (illustrative numbers).
pub const HIRING: &str = include_str!("../examples-data/hiring.json");

/// The repository's proximity-talks examples (illustrative preferences; see the files).
pub const MIAMI: &str = include_str!("../../../examples/miami.toml");
/// The Miami agenda without profiles: each delegation states its own in its caucus room.
pub const MIAMI_AGENDA: &str = include_str!("../../../examples/miami-agenda.toml");
/// A commercial negotiation with a zone of agreement.
pub const SUPPLY_CONTRACT: &str = include_str!("../../../examples/supply-contract.toml");

/// `(name, format, text)` of every bundled example.
pub const ALL: &[(&str, &str, &str)] = &[
    ("hiring", "json", HIRING),
    ("miami", "toml", MIAMI),
    ("miami-agenda", "toml", MIAMI_AGENDA),
    ("supply-contract", "toml", SUPPLY_CONTRACT),
];

/// Talk settings a TOML scenario suggests in its `[talks]` table: `(mediator name, rounds)`.
///
/// Read with the same typed reader as `detente talks` (`detente_formats::talks_setup`), so a
/// table that `detente talks` would refuse is refused here too, with the reader's message.
pub fn talk_defaults(
    format: &str,
    text: &str,
) -> Result<(Option<String>, Option<u32>), detente_formats::TalksSetupError> {
    if format != "toml" {
        return Ok((None, None));
    }
    Ok(match detente_formats::talks_setup(text, "scenario.toml")? {
        Some(setup) => (setup.mediator, setup.rounds),
        None => (None, None),
    })
}

/// The bundled example called `name`.
pub fn find(name: &str) -> Option<(&'static str, &'static str)> {
    ALL.iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, format, text)| (*format, *text))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_example_reads_and_fits_the_service() {
        for (name, format, text) in super::ALL {
            let scenario = crate::engine::scenario::parse(format, text)
                .unwrap_or_else(|e| panic!("example `{name}`: {e}"));
            assert!(scenario.delegations().len() >= 2, "{name}");
        }
        assert_eq!(
            super::talk_defaults("toml", super::MIAMI).unwrap(),
            (Some("the United States".to_string()), Some(6))
        );
        let agenda = crate::engine::scenario::parse("toml", super::MIAMI_AGENDA).unwrap();
        assert!(agenda.delegations().iter().all(|d| d.profile.is_none()));
        assert_eq!(
            super::talk_defaults("toml", super::MIAMI_AGENDA).unwrap(),
            (Some("the United States".to_string()), Some(6))
        );
    }

    #[test]
    fn a_talks_table_detente_talks_would_refuse_is_refused_not_ignored() {
        let with = |table: &str| super::MIAMI.replace("[talks]", &format!("[talks]\n{table}"));
        let refused = super::talk_defaults("toml", &with("seed = 1")).unwrap_err();
        assert!(refused.to_string().contains("seed"), "{refused}");
        assert_eq!(super::talk_defaults("json", "{}").unwrap(), (None, None));
    }
}
