//! Changing a project's inputs safely: the project lock and transactions.
//!
//! **The lock** is one file, `.oko.lock` at the project's root, made by the first command that
//! changes the project. Whatever changes the inputs (an import, a publishing build recording
//! what it released) holds it exclusively, and a second such command waits; whatever reads them
//! (a build, a check, each rebuild of `oko serve`) holds it shared while the inputs are loaded
//! and refuses at once while a change is being made, instead of reading half of it. The
//! operating system releases the lock when the process ends, however it ends.
//!
//! **A transaction** stages every file it writes in `.oko-staging/` at the root (the same file
//! system, so that putting a file in place is a rename). [`Transaction::commit`] makes the files
//! durable, then writes the journal of the changes (the commit point: a rename of its own), then
//! puts each file in place and removes the staging folder. A transaction that fails or is killed
//! before its journal leaves the project as it was; one killed after it is finished by the next
//! command that takes the lock ([`recover`]). Either way every change lands, or none.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The lock file's name at the project's root.
pub const LOCK_FILE: &str = ".oko.lock";
/// The staging folder's name at the project's root.
pub const STAGING: &str = ".oko-staging";
const JOURNAL: &str = "journal.json";

/// Holds the project lock until dropped.
#[derive(Debug)]
pub struct ProjectLock {
    file: Option<std::fs::File>,
    exclusive: bool,
}

/// Opens the lock file, creating it when `create` (writers create it; a reader of a project
/// no writer has touched finds none and needs none).
fn open_lock(root: &Path, create: bool) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .create(create)
        .truncate(false)
        .write(true)
        .open(root.join(LOCK_FILE))
}

fn lock_error(root: &Path, e: std::io::Error) -> anyhow::Error {
    anyhow::Error::new(e).context(crate::i18n::msg!(
        "io.lock",
        path = root.join(LOCK_FILE).display()
    ))
}

/// The right to read the project's inputs. A transaction a killed command left committed is
/// finished first. A project without a lock file (nothing ever changed it, or a read-only
/// folder) is read without one.
pub fn shared(root: &Path) -> Result<ProjectLock> {
    if root.join(STAGING).exists() {
        // Finish or undo what a killed command left, if nobody is at work on the project.
        if let Ok(file) = open_lock(root, false) {
            if file.try_lock().is_ok() {
                recover(root)?;
            }
        }
    }
    let Ok(file) = open_lock(root, false) else {
        return Ok(ProjectLock {
            file: None,
            exclusive: false,
        });
    };
    match file.try_lock_shared() {
        Ok(()) => Ok(ProjectLock {
            file: Some(file),
            exclusive: false,
        }),
        Err(std::fs::TryLockError::WouldBlock) => bail!(crate::i18n::msg!(
            "lock.busy",
            root = root.display(),
            lock = root.join(LOCK_FILE).display()
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(lock_error(root, e)),
    }
}

/// The right to change the project's inputs. Waits for other commands on the project to finish,
/// calling `waiting` once when it has to; then finishes or undoes what a killed one left.
pub fn exclusive(root: &Path, waiting: impl FnOnce()) -> Result<ProjectLock> {
    std::fs::create_dir_all(root)
        .with_context(|| crate::i18n::msg!("io.create", path = root.display()))?;
    let file = open_lock(root, true).map_err(|e| lock_error(root, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            file.lock().map_err(|e| lock_error(root, e))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(lock_error(root, e)),
    }
    recover(root)?;
    Ok(ProjectLock {
        file: Some(file),
        exclusive: true,
    })
}

/// One change of the journal: a staged file put in place, or a file removed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Change {
    Write { staged: String, to: String },
    Remove { path: String },
}

/// Files written and removed together or not at all. Dropped without [`Transaction::commit`],
/// it leaves the project as it was.
pub struct Transaction<'l> {
    root: PathBuf,
    staging: PathBuf,
    /// Root-relative path (with `/`) → the change, in path order.
    changes: BTreeMap<String, Change>,
    _lock: &'l ProjectLock,
}

impl<'l> Transaction<'l> {
    /// Starts a transaction on the project whose exclusive lock `lock` is.
    pub fn begin(root: &Path, lock: &'l ProjectLock) -> Result<Transaction<'l>> {
        assert!(lock.exclusive && lock.file.is_some(), "an exclusive lock");
        let staging = root.join(STAGING);
        std::fs::create_dir_all(&staging)
            .with_context(|| crate::i18n::msg!("io.create", path = staging.display()))?;
        Ok(Transaction {
            root: root.to_owned(),
            staging,
            changes: BTreeMap::new(),
            _lock: lock,
        })
    }

    /// The project's root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Stages `bytes` as the new content of `rel` (a root-relative path with `/`).
    pub fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        let staged = format!("{}", self.changes.len());
        let path = self.staging.join(&staged);
        let write = || -> std::io::Result<()> {
            use std::io::Write;
            let mut file = std::fs::File::create(&path)?;
            file.write_all(bytes)?;
            file.sync_all()
        };
        write().with_context(|| crate::i18n::msg!("io.write", path = path.display()))?;
        self.changes.insert(
            rel.to_owned(),
            Change::Write {
                staged,
                to: rel.to_owned(),
            },
        );
        Ok(())
    }

    /// Stages the removal of `rel`.
    pub fn remove(&mut self, rel: &str) {
        self.changes.insert(
            rel.to_owned(),
            Change::Remove {
                path: rel.to_owned(),
            },
        );
    }

    /// The paths this transaction changes, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.changes.keys().map(String::as_str)
    }

    /// Puts every change in place, or, when anything fails before the commit point, none.
    pub fn commit(mut self) -> Result<()> {
        let changes: Vec<Change> = std::mem::take(&mut self.changes).into_values().collect();
        let journal = serde_json::to_vec(&changes).expect("changes serialise");
        let temp = self.staging.join("journal.tmp");
        let write = || -> std::io::Result<()> {
            use std::io::Write;
            let mut file = std::fs::File::create(&temp)?;
            file.write_all(&journal)?;
            file.sync_all()?;
            std::fs::rename(&temp, self.staging.join(JOURNAL))
        };
        if let Err(e) = write() {
            let _ = std::fs::remove_dir_all(&self.staging);
            return Err(e).with_context(|| crate::i18n::msg!("io.write", path = temp.display()));
        }
        apply(&self.root, &self.staging, &changes)
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        // Not committed (an error, a dry run): the staged files go, the project stays as it was.
        if !self.staging.join(JOURNAL).exists() {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Puts the journal's changes in place (each one may already be: a killed command is finished
/// this way) and removes the staging folder.
fn apply(root: &Path, staging: &Path, changes: &[Change]) -> Result<()> {
    for change in changes {
        match change {
            Change::Write { staged, to } => {
                let from = staging.join(staged);
                if !from.exists() {
                    continue; // already in place
                }
                let target = root.join(to);
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir)
                        .with_context(|| crate::i18n::msg!("io.create", path = dir.display()))?;
                }
                std::fs::rename(&from, &target)
                    .with_context(|| crate::i18n::msg!("io.write", path = target.display()))?;
            }
            Change::Remove { path } => match std::fs::remove_file(root.join(path)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| {
                        crate::i18n::msg!("io.remove", path = root.join(path).display())
                    })
                }
                _ => {}
            },
        }
    }
    std::fs::remove_dir_all(staging)
        .with_context(|| crate::i18n::msg!("io.remove", path = staging.display()))
}

/// Finishes a transaction whose journal was written, or removes one that never got that far.
/// The caller holds the project lock exclusively.
fn recover(root: &Path) -> Result<()> {
    let staging = root.join(STAGING);
    if !staging.exists() {
        return Ok(());
    }
    match std::fs::read(staging.join(JOURNAL)) {
        Ok(bytes) => {
            let changes: Vec<Change> = serde_json::from_slice(&bytes).with_context(|| {
                crate::i18n::msg!("io.read", path = staging.join(JOURNAL).display())
            })?;
            apply(root, &staging, &changes)
        }
        Err(_) => std::fs::remove_dir_all(&staging)
            .with_context(|| crate::i18n::msg!("io.remove", path = staging.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(root: &Path, rel: &str) -> Option<String> {
        std::fs::read_to_string(root.join(rel)).ok()
    }

    #[test]
    fn every_change_lands_on_commit_and_none_without_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(root.join("data/orgs.csv"), "old").unwrap();
        std::fs::write(root.join("data/gone.csv"), "x").unwrap();
        let lock = exclusive(root, || {}).unwrap();
        {
            let mut tx = Transaction::begin(root, &lock).unwrap();
            tx.write("data/orgs.csv", b"new").unwrap();
            tx.remove("data/gone.csv");
            // dropped without commit
        }
        assert_eq!(read(root, "data/orgs.csv").as_deref(), Some("old"));
        assert!(root.join("data/gone.csv").exists());
        assert!(!root.join(STAGING).exists(), "no staged file is left");

        let mut tx = Transaction::begin(root, &lock).unwrap();
        tx.write("data/orgs.csv", b"new").unwrap();
        tx.write("data/results/2021/a.csv", b"rows").unwrap();
        tx.remove("data/gone.csv");
        tx.commit().unwrap();
        assert_eq!(read(root, "data/orgs.csv").as_deref(), Some("new"));
        assert_eq!(
            read(root, "data/results/2021/a.csv").as_deref(),
            Some("rows")
        );
        assert!(!root.join("data/gone.csv").exists());
        assert!(!root.join(STAGING).exists());
    }

    #[test]
    fn a_journal_left_by_a_killed_import_is_finished_and_staging_without_one_undone() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(root.join("data/orgs.csv"), "old").unwrap();
        // Killed after the commit point with one of two files in place (a writer made the lock
        // file first).
        std::fs::write(root.join(LOCK_FILE), "").unwrap();
        let staging = root.join(STAGING);
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("1"), "tasks").unwrap();
        std::fs::write(root.join("data/orgs.csv"), "new").unwrap();
        let changes = [
            Change::Write {
                staged: "0".into(),
                to: "data/orgs.csv".into(),
            },
            Change::Write {
                staged: "1".into(),
                to: "data/tasks.csv".into(),
            },
        ];
        std::fs::write(staging.join(JOURNAL), serde_json::to_vec(&changes).unwrap()).unwrap();
        drop(shared(root).unwrap());
        assert_eq!(read(root, "data/orgs.csv").as_deref(), Some("new"));
        assert_eq!(read(root, "data/tasks.csv").as_deref(), Some("tasks"));
        assert!(!staging.exists());
        // Killed before it: the staged files are removed, nothing else moves.
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("0"), "half").unwrap();
        drop(exclusive(root, || {}).unwrap());
        assert_eq!(read(root, "data/orgs.csv").as_deref(), Some("new"));
        assert!(!staging.exists());
    }

    #[test]
    fn a_reader_is_refused_while_a_change_is_being_made() {
        let tmp = tempfile::tempdir().unwrap();
        let lock = exclusive(tmp.path(), || {}).unwrap();
        let e = shared(tmp.path()).unwrap_err().to_string();
        assert!(e.contains(LOCK_FILE), "{e}");
        drop(lock);
        shared(tmp.path()).unwrap();
    }
}
