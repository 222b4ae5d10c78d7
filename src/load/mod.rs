//! Step 1 of the pipeline: read every input of a site project into a validated [`Project`].
//!
//! Every problem is collected into [`Diagnostics`]; loading goes on past bad values so that one
//! run reports them all. Files are read in parallel and merged in path order, so the result does
//! not depend on thread timing.

pub mod codifier;
pub mod config;
pub mod content;
pub mod keys;
pub mod map;
pub mod observation;
pub mod official;
pub mod orgs;
pub mod recommendations;
pub mod releases;
pub mod results;
pub mod scales;
pub mod table;
pub mod tasks;
pub mod templates;
pub mod text;
pub mod vpr_scales;
pub(crate) mod yaml;
mod yaml_scan;

use crate::diag::Diagnostics;
use crate::model::config::Limits;
use crate::model::{Cell, Date, Detail, Project, SchoolCell, Subjects};
use config::RawConfig;
use keys::Lookups;
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Reads a project. Errors in the inputs are in the returned diagnostics, never a panic.
pub fn load(root: &Path) -> (Project, Diagnostics) {
    let mut diags = Diagnostics::default();
    let (config, subjects) = read_config(root, &mut diags);
    let limits = config.limits;

    let orgs = match read_text(root, "data/orgs.csv", true, &limits, &mut diags) {
        Some(text) => orgs::parse("data/orgs.csv", &text, &mut diags),
        None => Default::default(),
    };
    let mut look = Lookups {
        orgs: &orgs,
        subjects: &subjects,
        invalid_rows: config.invalid_rows,
        tasks: &BTreeMap::new(),
    };
    let codifier = read_text(root, "data/codifier.csv", false, &limits, &mut diags)
        .map(|t| codifier::parse("data/codifier.csv", &t, &look, &mut diags))
        .unwrap_or_default();
    let tasks = read_text(root, "data/tasks.csv", false, &limits, &mut diags)
        .map(|t| tasks::parse("data/tasks.csv", &t, &look, &codifier, &mut diags))
        .unwrap_or_default();
    look.tasks = &tasks;
    let official = read_text(
        root,
        "data/official_markers.csv",
        false,
        &limits,
        &mut diags,
    )
    .map(|t| official::parse("data/official_markers.csv", &t, &look, &mut diags))
    .unwrap_or_default();
    let mut scales = read_text(root, "data/scales.csv", false, &limits, &mut diags)
        .map(|t| scales::parse("data/scales.csv", &t, &subjects, &mut diags))
        .unwrap_or_default();
    let releases = read_text(root, releases::PATH, false, &limits, &mut diags)
        .map(|t| releases::parse(releases::PATH, &t, &look, &mut diags))
        .unwrap_or_default();
    let builtin_scales = vpr_scales::fill(&mut scales, &subjects);
    let observation = read_text(root, "data/observation.csv", false, &limits, &mut diags)
        .map(|t| observation::parse("data/observation.csv", &t, &look, &mut diags))
        .unwrap_or_default();

    let mut skipped_rows = BTreeMap::new();
    let result_files = files(root, "data/results", &["csv"], &mut diags);
    let aggregate_files = files(root, "data/aggregates", &["csv"], &mut diags);
    let total: u64 = result_files
        .iter()
        .chain(&aggregate_files)
        .filter_map(|rel| std::fs::symlink_metadata(root.join(rel)).ok())
        .map(|m| m.len())
        .sum();
    if total > limits.max_total_bytes {
        let message = crate::i18n::msg!(
            "load.results_too_big",
            total = total,
            cap = limits.max_total_bytes
        );
        diags.error("data", 0, 0, message);
        return (Project::default(), diags);
    }
    let per_file: Vec<_> = result_files
        .par_iter()
        .map(|rel| {
            let mut d = Diagnostics::default();
            let counts = read_text(root, rel, true, &limits, &mut d)
                .map(|t| results::parse_results(rel, &t, &look, &scales, &mut d));
            (d, counts)
        })
        .collect();
    let mut details: rustc_hash::FxHashMap<SchoolCell, (std::sync::Arc<str>, Detail)> =
        Default::default();
    for (rel, (d, counts)) in result_files.iter().zip(per_file) {
        diags.extend(d);
        let Some(counts) = counts else { continue };
        let rel: std::sync::Arc<str> = rel.as_str().into();
        if counts.skipped > 0 {
            skipped_rows.insert(rel.to_string(), counts.skipped);
        }
        for (cell, detail) in counts.cells {
            // The first file of a cell gives its detail whole (moved, not copied).
            match details.entry(cell) {
                Entry::Occupied(mut held) => held.get_mut().1.merge(&detail),
                Entry::Vacant(free) => {
                    free.insert((rel.clone(), detail));
                }
            }
        }
    }
    let mut cells: BTreeMap<SchoolCell, Cell> = details
        .into_iter()
        .map(|(k, (path, d))| (k, Cell::from_detail(path, d)))
        .collect();

    let per_file: Vec<_> = aggregate_files
        .par_iter()
        .map(|rel| {
            let mut d = Diagnostics::default();
            let parsed = read_text(root, rel, true, &limits, &mut d)
                .map(|t| results::parse_aggregates(rel, &t, &look, &scales, &mut d));
            (d, parsed)
        })
        .collect();
    for (rel, (d, parsed)) in aggregate_files.iter().zip(per_file) {
        diags.extend(d);
        let Some((rows, skipped)) = parsed else {
            continue;
        };
        if skipped > 0 {
            skipped_rows.insert(rel.clone(), skipped);
        }
        for (key, (line, cell)) in rows {
            match cells.get(&key) {
                Some(first) => diags.error(
                    rel,
                    line,
                    0,
                    crate::i18n::msg!("load.cell_twice_in", first = first.path),
                ),
                None => {
                    cells.insert(key, cell);
                }
            }
        }
    }

    let (plans, pages) = load_content(root, &orgs, config.as_of, &limits, &mut diags);
    let recommendations = recommendations::read(root, config.language, &limits, &mut diags);
    let map = read_text(root, map::PATH, false, &limits, &mut diags)
        .map(|t| map::parse(map::PATH, &t, &orgs, &mut diags))
        .unwrap_or_default();
    let templates = templates::read(root, &limits, &mut diags);
    // Advice on what the data lets oko compute, once the inputs are right.
    if !diags.has_errors() {
        scales::warn_unscaled(&cells, &scales, &subjects, &mut diags);
    }
    let mut project = Project {
        config,
        orgs,
        subjects,
        scales,
        builtin_scales,
        cells,
        observation,
        plans,
        pages,
        tasks,
        codifier,
        official,
        skipped_rows,
        releases,
        templates,
        recommendations,
        map,
    };
    if project.config.as_of.is_none() {
        project.config.as_of = default_as_of(&project);
    }
    (project, diags)
}

/// config.yaml resolved, and the subjects: the built-ins and those it adds.
fn read_config(root: &Path, diags: &mut Diagnostics) -> (crate::model::config::Config, Subjects) {
    let mut subjects = Subjects::default();
    let text = read_text(root, "config.yaml", false, &Limits::default(), diags);
    let raw: RawConfig = text
        .as_deref()
        .and_then(|t| {
            yaml::parse(
                "config.yaml",
                t,
                &crate::i18n::msg!("yaml.what_config"),
                0,
                diags,
            )
        })
        .unwrap_or_default();
    if let Some(text) = &text {
        config::warn_placeholders(&raw, text, diags);
    }
    let config = config::resolve(raw, &mut subjects, diags);
    (config, subjects)
}

/// The subjects a project knows, for imports that name them (a problem of config.yaml is left
/// to `oko check`).
pub fn subjects(root: &Path) -> Subjects {
    read_config(root, &mut Diagnostics::default()).1
}

/// The newest `approved` date of any plan, or 31 August of the newest results year, whichever
/// is later: the end of the last school year the data speaks of.
fn default_as_of(project: &Project) -> Option<Date> {
    let approved = project.plans.iter().filter_map(|p| p.approved);
    let results_end = project.years().last().map(|&year| Date {
        year,
        month: 8,
        day: 31,
    });
    approved.chain(results_end).max()
}

/// Plans and pages; `as_of` is config.yaml's, when it sets one.
fn load_content(
    root: &Path,
    orgs: &crate::model::Orgs,
    as_of: Option<Date>,
    limits: &Limits,
    diags: &mut Diagnostics,
) -> (Vec<crate::model::Plan>, Vec<crate::model::Page>) {
    let mut plans: Vec<crate::model::Plan> = Vec::new();
    let mut pages: Vec<crate::model::Page> = Vec::new();
    // Addresses in lower case → the index of the plan or page that has it: two addresses that
    // differ only in letter case are one folder on Windows and macOS.
    let mut plan_at: HashMap<(String, String), usize> = HashMap::new();
    let mut page_at: HashMap<String, usize> = HashMap::new();
    /// One file of `content/` read and parsed (on a worker, with its own diagnostics).
    enum Parsed {
        Page(crate::model::Page),
        Plan(crate::model::Plan),
    }
    let rels: Vec<String> = files(root, "content", &["yaml", "yml", "md"], diags)
        .into_iter()
        .filter(|rel| rel != recommendations::PATH) // the catalogue of recommendations, not a plan
        .collect();
    let parsed: Vec<(Diagnostics, Option<Parsed>)> = rels
        .par_iter()
        .map(|rel| {
            let mut d = Diagnostics::default();
            let parsed = read_text(root, rel, true, limits, &mut d).and_then(|text| {
                if rel.ends_with(".md") {
                    let below = rel.trim_start_matches("content/");
                    content::parse_page(rel, below, &text, &mut d).map(Parsed::Page)
                } else {
                    let plan = content::parse_plan(rel, &text, orgs, &mut d)?;
                    content::warn_approved_after(&plan, &text, as_of, &mut d);
                    Some(Parsed::Plan(plan))
                }
            });
            (d, parsed)
        })
        .collect();
    // In the files' order, whatever order the workers finished in: the first of two plans with
    // one address is the one kept.
    for (rel, (d, parsed)) in rels.iter().zip(parsed) {
        diags.extend(d);
        match parsed {
            None => {}
            Some(Parsed::Page(page)) => match page_at.get(&page.slug.to_lowercase()) {
                Some(&i) => {
                    let message = crate::i18n::msg!(
                        "load.page_address_twice",
                        address = page.slug,
                        first = pages[i].path
                    );
                    diags.error(rel, 0, 0, message);
                }
                None => {
                    page_at.insert(page.slug.to_lowercase(), pages.len());
                    pages.push(page);
                }
            },
            Some(Parsed::Plan(plan)) => {
                let key = (plan.org.to_lowercase(), plan.slug.to_lowercase());
                match plan_at.get(&key) {
                    None => {
                        plan_at.insert(key, plans.len());
                        plans.push(plan);
                    }
                    Some(&i) => {
                        let (org, first) = (&plan.org, &plans[i].path);
                        let message = match &plan.period {
                            _ if plans[i].slug != plan.slug => crate::i18n::msg!(
                                "load.plan_address_twice",
                                slug = plan.slug,
                                org = org,
                                first = first
                            ),
                            Some(period) => crate::i18n::msg!(
                                "load.plan_twice",
                                first = first,
                                org = org,
                                period = period
                            ),
                            None => crate::i18n::msg!(
                                "load.plan_twice_no_period",
                                first = first,
                                org = org
                            ),
                        };
                        diags.error(rel, 0, 0, message);
                    }
                }
            }
        }
    }
    (plans, pages)
}
/// The path of `rel` below `root`, refusing a symbolic link at any step (`data`, `data/x.csv`):
/// inputs must be plain files and folders inside the project. `Ok(None)` when it does not exist.
pub fn safe_path(root: &Path, rel: &str) -> Result<Option<std::path::PathBuf>, String> {
    let mut path = root.to_path_buf();
    for part in rel.split('/') {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(crate::i18n::msg!("load.symlink"))
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(crate::i18n::msg!("load.unreadable", error = e)),
        }
    }
    Ok(Some(path))
}

/// Reads and decodes one input within `limits`; a missing optional file is `None` without a
/// problem.
fn read_text(
    root: &Path,
    rel: &str,
    required: bool,
    limits: &Limits,
    diags: &mut Diagnostics,
) -> Option<String> {
    let path = match safe_path(root, rel) {
        Ok(Some(path)) => path,
        Ok(None) if !required => return None,
        Ok(None) => {
            diags.error(rel, 0, 0, crate::i18n::msg!("load.missing"));
            return None;
        }
        Err(message) => {
            diags.error(rel, 0, 0, message);
            return None;
        }
    };
    let csv = rel.to_ascii_lowercase().ends_with(".csv");
    let (cap, key) = if csv {
        (limits.max_csv_bytes, "limits.max_csv_mb")
    } else {
        (limits.max_text_bytes, "limits.max_text_kb")
    };
    if let Ok(meta) = std::fs::metadata(&path) {
        if meta.len() > cap {
            let message =
                crate::i18n::msg!("load.file_too_big", size = meta.len(), key = key, cap = cap);
            diags.error(rel, 0, 0, message);
            return None;
        }
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.error(rel, 0, 0, crate::i18n::msg!("load.missing"));
            return None;
        }
        Err(e) => {
            diags.error(rel, 0, 0, crate::i18n::msg!("load.unreadable", error = e));
            return None;
        }
    };
    if csv {
        let (lines, longest) = line_stats(&bytes);
        let rows = lines.saturating_sub(1);
        if rows > limits.max_rows {
            let message =
                crate::i18n::msg!("load.too_many_rows", rows = rows, cap = limits.max_rows);
            diags.error(rel, 0, 0, message);
            return None;
        }
        if let Some((line, len)) = longest.filter(|&(_, len)| len > MAX_LINE_BYTES) {
            let message = crate::i18n::msg!(
                "load.line_too_long",
                line = line,
                len = len,
                cap = MAX_LINE_BYTES
            );
            diags.error(rel, line, 0, message);
            return None;
        }
    }
    match text::decode_owned(bytes) {
        Ok((text, _)) => Some(text),
        Err(message) => {
            diags.error(rel, 0, 0, message);
            None
        }
    }
}

/// The longest line a CSV input may have: far more than any real row, far less than a file.
const MAX_LINE_BYTES: usize = 1 << 20;

/// Number of lines (newlines, plus one for a last line without one), and the first line longer
/// than [`MAX_LINE_BYTES`] with its length.
fn line_stats(bytes: &[u8]) -> (u64, Option<(usize, usize)>) {
    let newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    let lines = newlines + u64::from(!bytes.is_empty() && !bytes.ends_with(b"\n"));
    // Tiles of half the limit: a line longer than the limit covers at least one whole tile, so
    // some tile has no newline; only then are the lines walked one by one to name it.
    let tile = MAX_LINE_BYTES / 2;
    let suspect = bytes
        .chunks(tile)
        .any(|t| t.len() == tile && memchr::memchr(b'\n', t).is_none());
    if !suspect {
        return (lines, None);
    }
    let (mut lines, mut start) = (0u64, 0usize);
    let mut long = None;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        if end == bytes.len() && start == end {
            break; // no last line after a final newline (or an empty file)
        }
        lines += 1;
        if long.is_none() && end - start > MAX_LINE_BYTES {
            long = Some((lines as usize, end - start));
        }
        start = end + 1;
    }
    (lines, long)
}

/// Files below `dir` with one of `extensions`, as sorted root-relative paths with `/`.
/// A symbolic link is refused: inputs must be plain files inside the project.
fn files(root: &Path, dir: &str, extensions: &[&str], diags: &mut Diagnostics) -> Vec<String> {
    let base = match safe_path(root, dir) {
        Ok(Some(base)) if base.is_dir() => base,
        Ok(_) => return Vec::new(),
        Err(message) => {
            diags.error(dir, 0, 0, message);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.error(
                    dir,
                    0,
                    0,
                    crate::i18n::msg!("load.folder_unreadable", error = e),
                );
                continue;
            }
        };
        let rel_path = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let rel = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if entry.path_is_symlink() {
            diags.error(&rel, 0, 0, crate::i18n::msg!("load.symlink"));
            continue;
        }
        let wanted = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()));
        if entry.file_type().is_file() && wanted {
            out.push(rel);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{line_stats, MAX_LINE_BYTES};

    #[test]
    fn counts_lines_and_finds_the_first_line_over_the_limit_whatever_its_length() {
        assert_eq!(line_stats(b""), (0, None));
        assert_eq!(line_stats(b"a\nb"), (2, None));
        assert_eq!(line_stats(b"a\nb\n"), (2, None));
        for long in [
            MAX_LINE_BYTES + 1,
            MAX_LINE_BYTES * 3 / 2 - 1,
            MAX_LINE_BYTES * 2,
        ] {
            let mut text = b"year\n".to_vec();
            text.extend(std::iter::repeat_n(b'x', long));
            text.extend(b"\nlast\n");
            assert_eq!(
                line_stats(&text),
                (3, Some((2, long))),
                "a line of {long} bytes"
            );
        }
        let mut fine = vec![b'x'; MAX_LINE_BYTES * 3 / 4];
        fine.push(b'\n');
        fine.extend(vec![b'y'; MAX_LINE_BYTES]);
        assert_eq!(line_stats(&fine), (2, None), "lines up to the limit pass");
    }
}
