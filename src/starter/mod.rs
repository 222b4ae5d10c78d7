//! `oko new DIR`: a starter project that builds at once: config, one municipality with two
//! schools, a sample of every CSV input, one plan and one page. The files are embedded here.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// (path in the project, contents)
const FILES: [(&str, &str); 8] = [
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

/// Writes the starter project into `dir`, which must not exist or be empty. Returns the files.
pub fn create(dir: &Path) -> Result<Vec<&'static str>> {
    if dir.exists()
        && dir
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!(crate::msg!("out.not_empty", dir = dir.display()));
    }
    for (rel, text) in FILES {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("every starter file is in a folder"))
            .with_context(|| crate::msg!("io.create", path = dir.display()))?;
        std::fs::write(&path, text)
            .with_context(|| crate::msg!("io.write", path = path.display()))?;
    }
    Ok(FILES.iter().map(|(rel, _)| *rel).collect())
}
