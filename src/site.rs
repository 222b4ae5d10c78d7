//! Step 5 of the pipeline, the one choke point for output: every file of the site passes through
//! [`Output::add`], and [`write`] puts the whole site in place at once.
//!
//! The site is written into a hidden sibling folder and renamed over the old one, so a build that
//! fails or is killed leaves the previous site whole.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The site's files in memory: output path (with `/`) → bytes.
#[derive(Debug, Default)]
pub struct Output {
    files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn add(&mut self, path: &str, bytes: Vec<u8>) {
        debug_assert!(
            !path.starts_with('/') && !path.split('/').any(|s| s == ".." || s.is_empty()),
            "{path}"
        );
        self.files.insert(path.to_owned(), bytes);
    }

    /// Moves every file of `other` into this output.
    pub fn extend(&mut self, other: Output) {
        self.files.extend(other.files);
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}

/// The hidden sibling folder `.<name>.<tag>-<pid>` of the output folder.
fn sibling(out: &Path, tag: &str, pid: u32) -> Result<PathBuf> {
    let name = out
        .file_name()
        .context("the output folder needs a name")?
        .to_string_lossy();
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{name}.{tag}-{pid}")))
}

/// Leftovers of builds that were killed: their half-written `tmp` folders are removed; an `old`
/// folder is put back when the kill fell between the two renames and left no site at all.
fn recover(out: &Path) -> Result<()> {
    let name = out
        .file_name()
        .context("the output folder needs a name")?
        .to_string_lossy()
        .into_owned();
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    leftovers.sort();
    for path in leftovers {
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else {
            continue;
        };
        if rest.starts_with("old-") && !out.exists() {
            std::fs::rename(&path, out)
                .with_context(|| format!("failed to restore `{}`", path.display()))?;
        } else if rest.starts_with("tmp-") || rest.starts_with("old-") {
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("failed to remove `{}`", path.display()))?;
        }
    }
    Ok(())
}

/// Replaces `out` with exactly the files of `output`.
pub fn write(out: &Path, output: &Output) -> Result<()> {
    recover(out)?;
    if out.exists() {
        let is_site = out.join("index.html").is_file();
        let is_empty = out
            .read_dir()
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !is_site && !is_empty {
            bail!(
                "refusing to replace `{}`: it exists and is not an oko site (it has no index.html)",
                out.display()
            );
        }
    }
    let pid = std::process::id();
    let tmp = sibling(out, "tmp", pid)?;
    if let Err(e) = write_all(&tmp, output) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = sibling(out, "old", pid)?;
    if out.exists() {
        std::fs::rename(out, &old)
            .with_context(|| format!("failed to move the old `{}` aside", out.display()))?;
    }
    std::fs::rename(&tmp, out)
        .with_context(|| format!("failed to put the new site at `{}`", out.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("failed to remove `{}`", old.display()))?;
    }
    Ok(())
}

fn write_all(dir: &Path, output: &Output) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create `{}`", dir.display()))?;
    for (path, bytes) in &output.files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("failed to create `{}`", parent.display()))?;
        }
        std::fs::write(&target, bytes)
            .with_context(|| format!("failed to write `{}`", target.display()))?;
    }
    Ok(())
}
