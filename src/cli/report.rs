//! What the commands print beyond their one-line summaries: import details (refused rows,
//! schools replaced, task-point notes), warnings, and a spinner for slow work.

use oko::i18n::tr;
use oko::import::Action;

/// How much the command says.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Quiet,
    Normal,
    Verbose,
}

/// A spinner on the terminal for work that has taken more than a second; nothing when stderr is
/// not a terminal or the command is quiet.
pub struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    pub fn start(message: String, level: Level) -> Progress {
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let thread = (level != Level::Quiet).then(|| {
            let done = done.clone();
            std::thread::spawn(move || {
                let started = std::time::Instant::now();
                let mut bar: Option<indicatif::ProgressBar> = None;
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    if bar.is_none() && started.elapsed().as_secs() >= 1 {
                        let b = indicatif::ProgressBar::new_spinner().with_message(message.clone());
                        b.enable_steady_tick(std::time::Duration::from_millis(120));
                        bar = Some(b);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                if let Some(b) = bar {
                    b.finish_and_clear();
                }
            })
        });
        Progress { done, thread }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Task-point notes of one imported file: a line per kind with the total and the number of
/// schools; each school with `--verbose`.
pub fn print_notes(
    file: &str,
    notes: &std::collections::BTreeMap<String, oko::import::TaskNotes>,
    level: Level,
) {
    if level == Level::Quiet {
        return;
    }
    type Count = fn(&oko::import::TaskNotes) -> usize;
    let kinds: [(String, Count); 4] = [
        (tr("cli.note_no_score", &[]), |n| n.no_score),
        (tr("cli.note_above_max", &[]), |n| n.above_max),
        (tr("cli.note_sum_differs", &[]), |n| n.sum_differs),
        (tr("cli.note_unscored", &[]), |n| n.unscored),
    ];
    for (what, count) in kinds {
        let schools: Vec<(&String, usize)> = notes
            .iter()
            .map(|(s, n)| (s, count(n)))
            .filter(|(_, c)| *c > 0)
            .collect();
        if schools.is_empty() {
            continue;
        }
        let total: usize = schools.iter().map(|(_, c)| c).sum();
        let more = if level == Level::Verbose {
            ":".to_owned()
        } else {
            tr("cli.note_verbose_hint", &[])
        };
        let count = schools.len();
        eprintln!(
            "{}",
            tr(
                "cli.note",
                &[
                    ("file", &file),
                    ("what", &what),
                    ("total", &total),
                    ("schools", &count),
                    ("more", &more)
                ]
            )
        );
        if level == Level::Verbose {
            for (school, c) in schools {
                eprintln!("  {school}: {c}");
            }
        }
    }
}

/// The line of one imported file: its rows, schools by what became of them, and where they go.
pub fn imported_file(s: &oko::import::Summary) -> String {
    let written = if s.written.is_empty() {
        tr("cli.nothing_new", &[])
    } else {
        s.written.join(", ")
    };
    tr(
        "cli.imported_file",
        &[
            ("file", &s.file),
            ("rows", &s.rows),
            ("absent", &s.absent),
            ("refused", &s.refused.len()),
            ("schools", &s.schools.len()),
            ("added", &s.count(Action::Added)),
            ("unchanged", &s.count(Action::Unchanged)),
            ("replaced", &s.count(Action::Replaced)),
            ("municipalities", &s.municipalities),
            ("tasks", &s.tasks),
            ("no_score", &s.no_score()),
            ("written", &written),
            ("new_orgs", &s.new_orgs),
        ],
    )
}

/// The schools of a file whose rows the project had otherwise (pupils before → after): replaced,
/// or kept for want of `--replace`; every school when verbose.
pub fn print_schools(s: &oko::import::Summary, level: Level) {
    for c in &s.schools {
        let key = match c.action {
            Action::Replaced => "cli.school_replaced",
            Action::Kept => "cli.school_kept",
            Action::Added if level == Level::Verbose => "cli.school_added",
            Action::Unchanged if level == Level::Verbose => "cli.school_unchanged",
            _ => continue,
        };
        eprintln!(
            "{}",
            tr(
                key,
                &[
                    ("school", &c.school),
                    ("before", &c.before),
                    ("after", &c.after)
                ]
            )
        );
    }
}

/// Rows refused by an import: the first twenty and a count, or all when verbose.
pub fn print_refused(file: &str, refused: &[oko::import::Refused], level: Level) {
    let shown = if level == Level::Verbose {
        usize::MAX
    } else {
        20
    };
    for r in refused.iter().take(shown) {
        eprintln!(
            "{}",
            tr(
                "cli.refused_row",
                &[("file", &file), ("row", &r.row), ("reason", &r.reason)]
            )
        );
    }
    if refused.len() > shown {
        let count = refused.len() - shown;
        eprintln!(
            "{}",
            tr("cli.more_refused", &[("file", &file), ("count", &count)])
        );
    }
}

/// Warnings: none when quiet, the first twenty and a count normally, all when verbose.
pub fn print_warnings(warnings: &[oko::diag::Diagnostic], level: Level) {
    let shown = match level {
        Level::Quiet => 0,
        Level::Normal => 20,
        Level::Verbose => usize::MAX,
    };
    for w in warnings.iter().take(shown) {
        eprintln!("{w}");
    }
    if level == Level::Normal && warnings.len() > shown {
        let count = warnings.len() - shown;
        eprintln!("{}", tr("cli.more_warnings", &[("count", &count)]));
    }
}
