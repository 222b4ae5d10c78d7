//! Step 5 of the pipeline, the one choke point for output: every file of the site passes through
//! [`Output::add`], and the site appears in place whole or not at all.
//!
//! A build [`stage`]s a hidden sibling folder, streams every file into it as it is rendered (so a
//! national site never has to fit in memory), and [`commit`] renames it over the old site. A
//! build that fails or is killed leaves the previous site whole; the next build removes what it
//! left. An `Output` may also keep its files in memory (tests, the live preview).
//!
//! One build at a time writes an output folder: a build takes [`lock`], an exclusive lock on the
//! hidden sibling file `.<name>.lock`, before it reads anything, and holds it until the site is
//! committed or abandoned; a second build exits at once with a message instead of removing the
//! first one's staging folder.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file a site written by oko carries at its root: a build replaces only a folder that has
/// it (or an empty one), never a web root, a project or a Pages clone that happens to hold an
/// `index.html`. It is no page: the manifest, the sitemap and the live preview never see it.
pub const MARKER: &str = ".oko-site";

/// The marker's text: fixed, so that builds stay byte-identical.
const MARKER_TEXT: &str = "This folder is a site written by oko; `oko build` replaces it whole.\n";

/// What a file of the site is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A page; `listed` when readers arrive at it (the sitemap lists it).
    Page { listed: bool },
    /// sitemap.xml and robots.txt.
    Furniture,
    /// The stylesheet and scripts.
    Asset,
    /// Open data.
    Data,
}

impl FileKind {
    /// Pages a reader arrives at, which the sitemap lists.
    pub fn in_sitemap(self) -> bool {
        self == FileKind::Page { listed: true }
    }
}

/// One file written: what it is and how large.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub kind: FileKind,
    pub size: usize,
}

/// The site's files: output path (with `/`) → bytes, in memory or already on disk, and the
/// manifest of everything written.
#[derive(Debug, Default)]
pub struct Output {
    files: BTreeMap<String, (FileKind, Vec<u8>)>,
    /// Every file added, wherever its bytes are.
    manifest: BTreeMap<String, Entry>,
    /// When set, files are written here as they are added instead of kept.
    spill: Option<PathBuf>,
    /// The first write that failed while spilling; reported by [`commit`].
    failed: Option<anyhow::Error>,
    /// Files are counted and dropped (a check that renders without writing).
    discard: bool,
}

impl Output {
    /// An output that writes each file into `dir` as it is added.
    fn spilling(dir: PathBuf) -> Output {
        Output {
            spill: Some(dir),
            ..Output::default()
        }
    }

    /// An output that keeps only the manifest: rendering for its errors alone.
    pub fn discarding() -> Output {
        Output {
            discard: true,
            ..Output::default()
        }
    }

    pub fn add(&mut self, path: &str, kind: FileKind, bytes: Vec<u8>) {
        debug_assert!(
            !path.starts_with('/') && !path.split('/').any(|s| s == ".." || s.is_empty()),
            "{path}"
        );
        let entry = Entry {
            kind,
            size: bytes.len(),
        };
        self.manifest.insert(path.to_owned(), entry);
        if self.discard {
            return;
        }
        match &self.spill {
            Some(dir) => {
                if self.failed.is_none() {
                    self.failed = write_file(&dir.join(path), &bytes).err();
                }
            }
            None => {
                self.files.insert(path.to_owned(), (kind, bytes));
            }
        }
    }

    /// Starts a file that is written bit by bit ([`Sink`]), put in place by [`Output::finish`]:
    /// in the staging folder when this output streams (so a large table is never held whole),
    /// else in memory.
    pub fn start(&mut self, path: &str) -> Sink {
        match (&self.spill, self.discard) {
            (Some(dir), false) => {
                let target = dir.join(path);
                let file = target
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::File::create(&target));
                match file {
                    Ok(file) => Sink::File(std::io::BufWriter::with_capacity(1 << 16, file), 0),
                    Err(e) => {
                        if self.failed.is_none() {
                            self.failed =
                                Some(anyhow::Error::new(e).context(crate::i18n::msg!(
                                    "io.write",
                                    path = target.display()
                                )));
                        }
                        Sink::Nowhere(0)
                    }
                }
            }
            (_, true) => Sink::Nowhere(0),
            (None, false) => Sink::Memory(Vec::new()),
        }
    }

    /// Puts a file started with [`Output::start`] in place.
    pub fn finish(&mut self, path: &str, kind: FileKind, sink: Sink) {
        use std::io::Write;
        let size = match sink {
            Sink::File(mut file, size) => {
                if let Err(e) = file.flush() {
                    if self.failed.is_none() {
                        self.failed = Some(
                            anyhow::Error::new(e)
                                .context(crate::i18n::msg!("io.write", path = path)),
                        );
                    }
                }
                size
            }
            Sink::Nowhere(size) => size,
            Sink::Memory(bytes) => {
                let size = bytes.len();
                self.files.insert(path.to_owned(), (kind, bytes));
                size
            }
        };
        self.manifest.insert(path.to_owned(), Entry { kind, size });
    }

    /// Reads back a file already written, from memory or from the staging folder (a file derived
    /// from another, such as a workbook from its CSV, without holding either whole); `None` when
    /// this output keeps no bytes (a check).
    pub fn reopen(&self, path: &str) -> Option<std::io::Result<Box<dyn std::io::Read + '_>>> {
        if let Some((_, bytes)) = self.files.get(path) {
            return Some(Ok(Box::new(bytes.as_slice())));
        }
        let dir = self.spill.as_ref().filter(|_| !self.discard)?;
        Some(
            std::fs::File::open(dir.join(path))
                .map(|f| Box::new(std::io::BufReader::with_capacity(1 << 16, f)) as Box<_>),
        )
    }

    /// Records a failure to write, reported by [`commit`] (the first one).
    pub fn fail(&mut self, e: anyhow::Error) {
        if self.failed.is_none() {
            self.failed = Some(e);
        }
    }

    /// The size of a file written.
    pub fn size_of(&self, path: &str) -> usize {
        self.manifest.get(path).map_or(0, |e| e.size)
    }

    /// An output for one worker of a parallel render: it writes into the same staging folder
    /// when this one streams (so pages are written by the thread that rendered them), and keeps
    /// its files in memory otherwise. Give it back with [`Output::join`].
    pub fn fork(&self) -> Output {
        Output {
            spill: self.spill.clone(),
            discard: self.discard,
            ..Output::default()
        }
    }

    /// Takes back a forked output: its files, sizes and first failure.
    pub fn join(&mut self, part: Output) {
        self.manifest.extend(part.manifest);
        self.files.extend(part.files);
        if self.failed.is_none() {
            self.failed = part.failed;
        }
    }

    /// Moves every file of `other` into this output.
    pub fn extend(&mut self, other: Output) {
        for (path, (kind, bytes)) in other.files {
            self.add(&path, kind, bytes);
        }
    }

    /// The files kept in memory, in path order.
    pub fn into_files(self) -> impl Iterator<Item = (String, FileKind, Vec<u8>)> {
        self.files.into_iter().map(|(p, (k, b))| (p, k, b))
    }

    /// The bytes of a file kept in memory.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|(_, b)| b.as_slice())
    }

    /// What has been written: every file's path, kind and size, in path order.
    pub fn manifest(&self) -> impl Iterator<Item = (&str, Entry)> {
        self.manifest.iter().map(|(p, e)| (p.as_str(), *e))
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.manifest.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.manifest.len()
    }

    pub fn is_empty(&self) -> bool {
        self.manifest.is_empty()
    }

    pub fn total_bytes(&self) -> usize {
        self.manifest.values().map(|e| e.size).sum()
    }
}

/// A file being written bit by bit: into the staging folder, into memory, or (a check) nowhere;
/// it counts its bytes.
pub enum Sink {
    File(std::io::BufWriter<std::fs::File>, usize),
    Memory(Vec<u8>),
    Nowhere(usize),
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::File(file, size) => {
                let n = file.write(buf)?;
                *size += n;
                Ok(n)
            }
            Sink::Memory(bytes) => bytes.write(buf),
            Sink::Nowhere(size) => {
                *size += buf.len();
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::File(file, _) => file.flush(),
            _ => Ok(()),
        }
    }
}

fn write_file(target: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| crate::i18n::msg!("io.create", path = parent.display()))?;
    }
    std::fs::write(target, bytes)
        .with_context(|| crate::i18n::msg!("io.write", path = target.display()))
}

/// The hidden sibling `.<name>.<tag>` of the output folder.
fn sibling_named(out: &Path, tag: &str) -> Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| crate::i18n::msg!("out.no_name"))?
        .to_string_lossy();
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{name}.{tag}")))
}

/// The hidden sibling folder `.<name>.<tag>-<pid>` of the output folder.
fn sibling(out: &Path, tag: &str, pid: u32) -> Result<PathBuf> {
    sibling_named(out, &format!("{tag}-{pid}"))
}

/// Leftovers of builds that were killed: their half-written `tmp` folders are removed; an `old`
/// folder is put back when the kill fell between the two renames and left no site at all.
fn recover(out: &Path) -> Result<()> {
    let name = out
        .file_name()
        .with_context(|| crate::i18n::msg!("out.no_name"))?
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
        let pid = rest.split_once('-').map_or("", |(_, pid)| pid);
        if alive(pid) {
            continue;
        }
        if rest.starts_with("old-") && !out.exists() {
            std::fs::rename(&path, out)
                .with_context(|| crate::i18n::msg!("io.restore", path = path.display()))?;
        } else if rest.starts_with("tmp-") || rest.starts_with("old-") {
            std::fs::remove_dir_all(&path)
                .with_context(|| crate::i18n::msg!("io.remove", path = path.display()))?;
        }
    }
    Ok(())
}

/// A site being written beside the one it will replace; holds the output's lock.
pub struct Staged {
    out: PathBuf,
    tmp: PathBuf,
    _lock: Lock,
}

/// The exclusive right to write one output folder, until dropped (closing the file releases
/// the lock).
pub struct Lock {
    _file: std::fs::File,
}

/// Takes the output folder's lock, or says which build holds it.
pub fn lock(out: &Path) -> Result<Lock> {
    let path = sibling_named(out, "lock")?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| crate::i18n::msg!("io.create", path = parent.display()))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| crate::i18n::msg!("io.open", path = path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Lock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => bail!(crate::i18n::msg!(
            "out.locked",
            out = out.display(),
            lock = path.display()
        )),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| crate::i18n::msg!("io.lock", path = path.display()))
        }
    }
}

/// Whether the process that named a leftover folder is still running (Linux: /proc); elsewhere
/// the lock alone says it is gone.
fn alive(pid: &str) -> bool {
    pid.parse::<u32>()
        .is_ok_and(|p| p != std::process::id() && Path::new(&format!("/proc/{p}")).exists())
}

/// Prepares to replace `out`: cleans up after killed builds, refuses to replace a folder that oko
/// did not write (no [`MARKER`]) unless it is empty, and returns an output that streams files
/// into the staging folder, the marker already in it.
pub fn stage(out: &Path, lock: Lock) -> Result<(Staged, Output)> {
    recover(out)?;
    if std::fs::symlink_metadata(out).is_ok() {
        let is_site = std::fs::symlink_metadata(out.join(MARKER)).is_ok_and(|m| m.is_file());
        let is_empty = out
            .read_dir()
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !is_site && !is_empty {
            bail!(crate::i18n::msg!(
                "out.not_a_site",
                out = out.display(),
                marker = MARKER
            ));
        }
    }
    let tmp = sibling(out, "tmp", std::process::id())?;
    std::fs::create_dir_all(&tmp)
        .with_context(|| crate::i18n::msg!("io.create", path = tmp.display()))?;
    write_file(&tmp.join(MARKER), MARKER_TEXT.as_bytes())?;
    Ok((
        Staged {
            out: out.to_owned(),
            tmp: tmp.clone(),
            _lock: lock,
        },
        Output::spilling(tmp),
    ))
}

impl Staged {
    /// Gives up: the staging folder is removed and the previous site stays.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

/// Puts the staged site in place of the old one.
pub fn commit(staged: Staged, output: Output) -> Result<()> {
    if let Some(e) = output.failed {
        staged.abandon();
        return Err(e);
    }
    let Staged { out, tmp, _lock } = staged;
    let old = sibling(&out, "old", std::process::id())?;
    if out.exists() {
        std::fs::rename(&out, &old)
            .with_context(|| crate::i18n::msg!("out.move_aside", out = out.display()))?;
    }
    std::fs::rename(&tmp, &out)
        .with_context(|| crate::i18n::msg!("out.put", out = out.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old)
            .with_context(|| crate::i18n::msg!("io.remove", path = old.display()))?;
    }
    Ok(())
}
