//! `oko new DIR`: a starter project that teaches. The sample one builds at once (config, one
//! municipality with two schools, a sample of every CSV input, one plan showing every field once
//! with the Russian statuses and dates `oko check` accepts, and one page, with the demo banner
//! on); `--empty` starts a project for real data: config.yaml with its keys explained,
//! data/orgs.csv with its header only, and an empty content/. Both carry a README.md in Russian
//! (what each file is, the next commands). Comments are in Russian. The files are embedded.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// Which starter to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Starter {
    /// Sample data of every kind, marked as invented.
    Sample,
    /// Nothing but the files a project needs, for real data.
    Empty,
}

/// (path in the project, contents) of the sample starter.
const SAMPLE: [(&str, &str); 9] = [
    ("README.md", include_str!("README.md")),
    ("config.yaml", include_str!("config.yaml")),
    ("data/orgs.csv", include_str!("orgs.csv")),
    (
        "data/results/2024/vpr_ma_4.csv",
        include_str!("results.csv"),
    ),
    ("data/aggregates/2024.csv", include_str!("aggregates.csv")),
    ("data/scales.csv", include_str!("scales.csv")),
    ("data/observation.csv", include_str!("observation.csv")),
    (
        "content/plans/school1-2024-2025.yaml",
        include_str!("plan.yaml"),
    ),
    ("content/about.md", include_str!("about.md")),
];

/// The empty starter's files besides config.yaml, whose comments come from the catalogue in
/// the command line's language; `content/` is a folder of its own. Both starters carry the same
/// README.md (in Russian: it is for the people who keep the project).
const EMPTY: [(&str, &str); 2] = [
    ("README.md", include_str!("README.md")),
    ("data/orgs.csv", include_str!("orgs-header.csv")),
];

impl Starter {
    fn files(self) -> Vec<(&'static str, String)> {
        let own = |files: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
            files
                .iter()
                .map(|&(rel, text)| (rel, text.to_owned()))
                .collect()
        };
        match self {
            Starter::Sample => own(&SAMPLE),
            Starter::Empty => {
                let mut files = vec![("config.yaml", crate::i18n::msg!("starter.empty_config"))];
                files.extend(own(&EMPTY));
                files
            }
        }
    }
}

/// Writes the starter project into `dir`, which must not exist or be empty. Returns what it
/// wrote: the files, and `content/` (which the empty starter leaves empty).
pub fn create(dir: &Path, starter: Starter) -> Result<Vec<&'static str>> {
    if dir.exists()
        && dir
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!(crate::i18n::msg!("out.not_empty", dir = dir.display()));
    }
    let mut written = Vec::new();
    for (rel, text) in starter.files() {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("every starter file is in a folder"))
            .with_context(|| crate::i18n::msg!("io.create", path = dir.display()))?;
        std::fs::write(&path, text)
            .with_context(|| crate::i18n::msg!("io.write", path = path.display()))?;
        written.push(rel);
    }
    if starter == Starter::Empty {
        let content = dir.join("content");
        std::fs::create_dir_all(&content)
            .with_context(|| crate::i18n::msg!("io.create", path = content.display()))?;
        written.push("content/");
    }
    Ok(written)
}
