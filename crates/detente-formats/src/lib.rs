//! Reading and writing negotiation scenarios.
//!
//! Formats: GENIUS XML (domain + `utility_space` files in one folder), GeniusWeb JSON (domain +
//! profile files), and detente's own TOML (one file per scenario). [`load`] takes a folder or a
//! file and finds out which it is.
//!
//! Readers are lenient where the format's owner is (GENIUS reads malformed XML, so do we) and say
//! what they normalised as [`Warning`]s; anything they cannot read is a [`LoadError`] naming the
//! file, the element or line, and what is wrong. No input makes them panic, and nothing is
//! allocated in proportion to a number written in a file (an integer issue of 10^18 values costs
//! two integers): files above 64 MiB and XML nested deeper than 64 levels are refused.
//!
//! Modules: `discover` (what a path holds), `genius` (XML: `xml` clean-up and tree, `domain`,
//! `profile` — the latter documents the GENIUS and NegMAS readings side by side), `geniusweb`
//! (JSON), `native` (TOML, with the format's documentation; `native::talks` reads the optional
//! `[talks]` table into a [`detente_core::talks::TalksSetup`], see [`talks_setup`]), `text` (file
//! checks, numbers), `error` ([`LoadError`]).
#![warn(missing_docs)]

use std::path::{Path, PathBuf};

use detente_core::Scenario;

mod discover;
mod error;
mod genius;
mod geniusweb;
pub mod gmcr;
mod native;
mod text;

pub use error::LoadError;
pub use native::{read_talks_setup, talks_setup, write_toml, TalksSetupError};

/// How discrete evaluations in GENIUS XML profiles become utilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EvaluationMode {
    /// GENIUS's reading: each evaluation divided by its issue's maximum, weighted sum capped at 1.
    #[default]
    Genius,
    /// NegMAS's reading: evaluations and weights used as written, no cap.
    Raw,
}

/// Options for [`load`].
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// How GENIUS XML evaluations are read. Other formats ignore it.
    pub evaluation: EvaluationMode,
}

/// Which format a scenario came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// GENIUS XML folder.
    GeniusXml,
    /// GeniusWeb JSON folder or file.
    GeniusWeb,
    /// detente TOML file.
    Toml,
}

/// Something a reader normalised or ignored, worth telling the user about.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// The file it concerns.
    pub file: PathBuf,
    /// What was normalised and how.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

/// A loaded scenario with what the reader had to say about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The scenario.
    pub scenario: Scenario,
    /// What was normalised on the way in.
    pub warnings: Vec<Warning>,
    /// Where it came from.
    pub format: SourceFormat,
}

/// Loads a scenario from a folder (GENIUS XML or GeniusWeb JSON) or a single `.toml`/`.json` file.
///
/// Folders: files are classified by content (root element, top-level JSON keys), `pareto.xml` is
/// skipped, party order is the sorted order of the profile file names, party names are file
/// stems, and the scenario is named after the folder. Files: `.toml` (detente) or `.json` (one
/// GeniusWeb profile with its embedded domain).
pub fn load(path: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    discover::load(path, options)
}

/// Reads detente TOML from a string; `origin_name` names it in error messages.
pub fn read_toml_str(text: &str, origin_name: &str) -> Result<Loaded, LoadError> {
    let path = PathBuf::from(origin_name);
    if text.trim().is_empty() {
        return Err(LoadError::Empty { path });
    }
    native::read_toml(&path, text)
}

/// Reads detente TOML from a string as an agenda: the issues and the delegations, with the
/// profile of each party that states one (a party given by `name` alone has none). What
/// `detente serve` creates agenda-only talks from; `origin_name` names it in error messages.
pub fn read_agenda_toml_str(
    text: &str,
    origin_name: &str,
) -> Result<(detente_core::Agenda, Vec<Warning>), LoadError> {
    let path = PathBuf::from(origin_name);
    if text.trim().is_empty() {
        return Err(LoadError::Empty { path });
    }
    native::read_agenda(&path, text)
}

/// Reads a GENIUS XML domain and profiles given as text (file name, content), in party order.
///
/// The same rules as loading a folder; useful for generated scenarios and fuzzing.
pub fn read_genius_str(
    name: &str,
    domain: (&str, &str),
    profiles: &[(&str, &str)],
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let mut warnings = Vec::new();
    let parse = |file: &str, text: &str, warnings: &mut Vec<Warning>| {
        let path = PathBuf::from(file);
        let text = text::decode(&path, text.as_bytes().to_vec())?;
        let doc = genius::xml::parse(&path, &text)?;
        warnings.extend(doc.fixes.into_iter().map(|message| Warning {
            file: path.clone(),
            message,
        }));
        Ok::<_, LoadError>((path, doc.root))
    };
    let (dpath, droot) = parse(domain.0, domain.1, &mut warnings)?;
    if genius::role(&droot) != genius::XmlRole::Domain {
        return Err(LoadError::invalid(
            &dpath,
            droot.location(),
            "the root element must be <negotiation_template>",
        ));
    }
    let mut parsed = Vec::with_capacity(profiles.len());
    for (file, text) in profiles {
        let (path, root) = parse(file, text, &mut warnings)?;
        if genius::role(&root) != genius::XmlRole::Profile {
            return Err(LoadError::invalid(
                &path,
                root.location(),
                "the root element must be <utility_space>",
            ));
        }
        parsed.push((path, root));
    }
    let scenario = genius::assemble(
        name,
        (&dpath, &droot),
        &parsed,
        options.evaluation,
        &mut warnings,
    )?;
    Ok(Loaded {
        scenario,
        warnings,
        format: SourceFormat::GeniusXml,
    })
}

/// Reads a GeniusWeb profile (with its embedded domain) given as text.
pub fn read_geniusweb_str(text: &str, origin_name: &str) -> Result<Loaded, LoadError> {
    let path = PathBuf::from(origin_name);
    let text = text::decode(&path, text.as_bytes().to_vec())?;
    geniusweb::load_single_file(&path, &text)
}
