//! Finding out what a path holds: a GENIUS XML folder, a GeniusWeb JSON folder, or a single
//! `.toml`/`.json` file.
//!
//! Folder rules (as NegMAS): files are taken in sorted file-name order, so the party order is the
//! sorted order of the profile file names and each party is named after its file stem; XML files
//! are classified by root element and `*pareto.xml` files (plain text in the ANAC 2014 folders) are
//! skipped; JSON files are classified by their top-level keys (`issuesValues` = domain, a type tag
//! such as `LinearAdditiveUtilitySpace` = profile). A folder with a GENIUS domain is read as GENIUS
//! even if JSON files sit beside it. Files of other kinds are ignored.

use std::path::{Path, PathBuf};

use crate::genius::{self, xml, XmlRole};
use crate::{geniusweb, native, text, LoadError, LoadOptions, Loaded, SourceFormat, Warning};

/// The file stem as a string (party and scenario names).
pub(crate) fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// Loads whatever `path` is.
pub(crate) fn load(path: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let meta = std::fs::metadata(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    if meta.is_dir() {
        return load_folder(path, options);
    }
    if has_extension(path, "toml") {
        let text = text::read_text(path)?;
        return native::read_toml(path, &text);
    }
    if has_extension(path, "json") {
        let text = text::read_text(path)?;
        return geniusweb::load_single_file(path, &text);
    }
    Err(LoadError::Unsupported {
        path: path.to_owned(),
        problem: "not a scenario folder, .toml or .json file (hint: for GENIUS XML pass the folder holding the domain and profile files)".into(),
    })
}

fn load_folder(folder: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let io = |source| LoadError::Io {
        path: folder.to_owned(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    let name = stem(&folder.canonicalize().unwrap_or_else(|_| folder.to_owned()));
    let mut warnings = Vec::new();

    let xml_files: Vec<&PathBuf> = files
        .iter()
        .filter(|p| has_extension(p, "xml"))
        .filter(|p| {
            !p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .to_ascii_lowercase()
                    .ends_with("pareto.xml")
            })
        })
        .collect();
    let mut domains = Vec::new();
    let mut profiles = Vec::new();
    let mut others = Vec::new();
    for path in xml_files {
        let text = text::read_text(path)?;
        let doc = xml::parse(path, &text)?;
        for fix in doc.fixes {
            warnings.push(Warning {
                file: path.clone(),
                message: fix,
            });
        }
        match genius::role(&doc.root) {
            XmlRole::Domain => domains.push((path.clone(), doc.root)),
            XmlRole::Profile => profiles.push((path.clone(), doc.root)),
            XmlRole::Other => others.push(format!("{} (<{}>)", path.display(), doc.root.name)),
        }
    }
    if !domains.is_empty() {
        if domains.len() > 1 {
            return Err(LoadError::SeveralDomains {
                path: folder.to_owned(),
                files: names(domains.iter().map(|(p, _)| p)),
            });
        }
        if profiles.is_empty() {
            return Err(LoadError::NoProfiles {
                path: folder.to_owned(),
            });
        }
        for other in others {
            warnings.push(Warning {
                file: folder.to_owned(),
                message: format!("ignored XML file that is neither domain nor profile: {other}"),
            });
        }
        let (dpath, droot) = &domains[0];
        let scenario = genius::assemble(
            &name,
            (dpath, droot),
            &profiles,
            options.evaluation,
            &mut warnings,
        )?;
        return Ok(Loaded {
            scenario,
            warnings,
            format: SourceFormat::GeniusXml,
        });
    }

    let json_files: Vec<&PathBuf> = files.iter().filter(|p| has_extension(p, "json")).collect();
    if !json_files.is_empty() {
        let mut parsed = Vec::new();
        for path in json_files {
            let text = text::read_text(path)?;
            parsed.push((path.clone(), geniusweb::parse_json(path, &text)?));
        }
        if let Some(loaded) = geniusweb::load_folder(folder, &name, parsed, warnings)? {
            return Ok(loaded);
        }
        return Err(LoadError::NoDomain {
            path: folder.to_owned(),
            seen: String::from(" (JSON files found, but none has \"issuesValues\")"),
        });
    }
    let seen = if !profiles.is_empty() {
        format!(
            " (found {} profile file(s) but no <negotiation_template>)",
            profiles.len()
        )
    } else if files.iter().any(|p| has_extension(p, "toml")) {
        " (found .toml files: pass the .toml file itself)".to_owned()
    } else {
        String::new()
    };
    Err(LoadError::NoDomain {
        path: folder.to_owned(),
        seen,
    })
}

pub(crate) fn names<'a>(paths: impl Iterator<Item = &'a PathBuf>) -> String {
    paths
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lookup-table entries (one `f64` each) a scenario may cost: 2^26 = 512 MiB.
const TABLE_BUDGET: u128 = 1 << 26;

/// The core builds one lookup table per issue and party for every issue of at most 2^22 values;
/// a file declaring many such issues must not make it allocate gigabytes.
pub(crate) fn check_table_budget(
    path: &Path,
    space: &detente_core::OutcomeSpace,
    parties: usize,
) -> Result<(), LoadError> {
    let per_party: u128 = space
        .issues()
        .iter()
        .filter_map(|i| i.cardinality())
        .filter(|&n| n <= 1 << 22)
        .sum();
    let total = per_party.saturating_mul(parties as u128);
    if total > TABLE_BUDGET {
        return Err(LoadError::Unsupported {
            path: path.to_owned(),
            problem: format!(
                "evaluating this scenario needs {total} lookup-table entries ({parties} parties × {per_party}), above the limit of {TABLE_BUDGET} (hint: integer issues this wide are usually meant to be real issues)"
            ),
        });
    }
    Ok(())
}
