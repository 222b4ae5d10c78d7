//! The integration suite: fixture projects under tests/fixtures built into temporary folders.
//! One module per feature.

mod analysis;
mod build;
mod charts;
mod cli;
mod cycle;
mod disclosure;
mod exports;
mod generate;
mod import;
mod invalid;
mod language;
mod links;
mod map;
mod methodologist;
mod methodology;
mod opendata;
mod publication;
mod publish;
mod real_data;
mod releases;
mod scales;
mod serve;
mod session;
mod trust;

use std::path::{Path, PathBuf};

/// Runs the `oko` binary with `args` and returns what it did; the environment names no language,
/// so it speaks Russian, its default.
pub fn oko(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_oko"))
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run oko")
}

/// Runs `oko build --root ROOT --out OUT EXTRA…`.
pub fn oko_build(root: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    oko(&args)
}

/// A fixture project by name.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The repository root: the demo project.
pub fn demo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds `root` into a fresh temporary folder and returns (the folder guard, the site path).
pub fn build_into_temp(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("site");
    oko::build(&oko::BuildOptions {
        root: root.to_owned(),
        out: out.clone(),
        base_url: None,
        org: None,
        release: false,
    })
    .unwrap_or_else(|e| panic!("build of {} failed: {e:#}", root.display()));
    (tmp, out)
}

/// The text of a file of a built site as a reader's tools see it: a workbook's (`.xlsx`, a zip)
/// every part unpacked, so that a scan for leaks reads its cells too.
pub fn site_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_none_or(|e| e != "xlsx") {
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut text).unwrap();
    }
    text
}

/// Every file below `dir`, relative, with `/`.
pub fn files_below(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}
