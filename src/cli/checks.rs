//! Checks of a call that clap cannot make, done before anything is read: the language asked
//! for, a project at `--root` (and how to start one when there is none), and paths written as
//! on Windows on a system where `\` separates nothing. Each refusal is a wrong call: exit 2.
//!
//! On Windows `--root C:\site` and `data\results` are ordinary paths. On Linux and macOS `\` is
//! a character of a name, so `C:\site` would name one folder in the current one: such a path is
//! refused with the way to write it, unless it exists there.

use std::path::Path;

/// A call refused before any work: what is wrong and what to do.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// `--lang`'s value: `ru` or `en`, in any case.
pub fn lang(value: &str) -> Result<(), Refused> {
    match value.to_ascii_lowercase().as_str() {
        "ru" | "en" => Ok(()),
        _ => Err(Refused(oko::msg!("cli.unknown_lang", value = value))),
    }
}

/// A path given on the command line, refused when it is written as on Windows on another
/// system and does not exist as written.
pub fn path(path: &Path) -> Result<(), Refused> {
    let Some(text) = path.to_str() else {
        return Ok(());
    };
    let b = text.as_bytes();
    let drive = b.len() >= 2
        && b[0].is_ascii_alphabetic()
        && b[1] == b':'
        && b.get(2).is_none_or(|c| matches!(c, b'\\' | b'/'));
    if cfg!(windows) || !(drive || text.contains('\\')) || path.exists() {
        return Ok(());
    }
    Err(Refused(if drive {
        oko::msg!("cli.drive_path", path = text)
    } else {
        oko::msg!(
            "cli.windows_path",
            path = text,
            suggested = text.replace('\\', "/")
        )
    }))
}

/// The project a command reads: `root` must be a folder with config.yaml or data/orgs.csv.
pub fn project(root: &Path) -> Result<(), Refused> {
    path(root)?;
    let shown = std::path::absolute(root).unwrap_or_else(|_| root.to_owned());
    let shown = shown.display();
    if !root.is_dir() {
        return Err(Refused(oko::msg!("cli.no_such_folder", root = shown)));
    }
    if !root.join("config.yaml").exists() && !root.join("data").join("orgs.csv").exists() {
        return Err(Refused(oko::msg!("cli.not_a_project", root = shown)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ru_and_en_are_languages() {
        assert!(lang("ru").is_ok() && lang("EN").is_ok());
        assert!(lang("de").is_err() && lang("ru_RU").is_err() && lang("").is_err());
    }

    #[cfg(not(windows))]
    #[test]
    fn windows_paths_are_refused_with_the_way_to_write_them_unless_they_exist() {
        let said = |p: &str| path(Path::new(p)).map_err(|r| r.0);
        let backslash = said("data\\results").unwrap_err();
        assert!(backslash.contains("напишите data/results"), "{backslash}");
        for drive in ["C:\\site", "c:/site", "D:"] {
            assert!(said(drive).unwrap_err().contains("буквы диска"), "{drive}");
        }
        for fine in ["data/results", "site", "/tmp", "a:b"] {
            assert!(said(fine).is_ok(), "{fine}");
        }
        let tmp = tempfile::tempdir().unwrap();
        let odd = tmp.path().join("a\\b");
        std::fs::create_dir(&odd).unwrap();
        assert!(
            path(&odd).is_ok(),
            "a real name with a backslash is used as it is"
        );
    }
}
