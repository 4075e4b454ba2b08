//! GENIUS XML scenarios: one domain file (`<negotiation_template>`) and one profile file
//! (`<utility_space>`) per party, in one folder.
//!
//! Reading happens in three steps: [`xml`] cleans the text the way GENIUS's lenient loader
//! tolerates it and builds an element tree; [`domain`] reads the issues; [`profile`] reads each
//! party's preferences against them. Each module documents the rules it follows; `formats.md`
//! quirks map to them one by one, and every normalisation becomes a [`Warning`].

pub(crate) mod domain;
pub(crate) mod profile;
pub(crate) mod xml;

use std::path::{Path, PathBuf};

use detente_core::{Party, Scenario};

use crate::{EvaluationMode, LoadError, Warning};

/// What a GENIUS XML file holds, judged by its root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum XmlRole {
    Domain,
    Profile,
    Other,
}

/// Classifies a parsed file by its root element.
pub(crate) fn role(root: &xml::Element) -> XmlRole {
    match root.name.as_str() {
        "negotiation_template" => XmlRole::Domain,
        "utility_space" => XmlRole::Profile,
        _ => XmlRole::Other,
    }
}

/// Builds a scenario from a parsed domain and parsed profiles (already in party order).
pub(crate) fn assemble(
    name: &str,
    domain_file: (&Path, &xml::Element),
    profiles: &[(PathBuf, xml::Element)],
    mode: EvaluationMode,
    warnings: &mut Vec<Warning>,
) -> Result<Scenario, LoadError> {
    let (domain_path, domain_root) = domain_file;
    let domain = domain::read_domain(domain_path, domain_root, warnings)?;
    crate::discover::check_table_budget(domain_path, &domain.space, profiles.len())?;
    let mut parties = Vec::with_capacity(profiles.len());
    for (path, root) in profiles {
        let party_name = crate::discover::stem(path);
        let profile = profile::read_profile(path, root, &domain, &party_name, mode, warnings)?;
        parties.push(Party {
            name: party_name,
            description: None,
            profile,
        });
    }
    Scenario::new(name, domain.space.clone(), parties).map_err(|e| LoadError::model(domain_path, e))
}
