//! Command-line interface: the subcommands and their flags, and how each maps onto the library.

use anyhow::Result;
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use oko::i18n::{lookup, tr, Lang};
use oko::import::Action;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "oko",
    version,
    about = "Static sites of objectivity reports and action plans"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print warnings in full and the time of each step.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Language of the messages: ru or en (default: from LANG, Russian unless it is English).
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
}

/// How much the command says.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Quiet,
    Normal,
    Verbose,
}

/// A spinner on the terminal for work that has taken more than a second; nothing when stderr is
/// not a terminal or the command is quiet.
struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(message: String, level: Level) -> Progress {
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

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (the previous site is replaced only on success).
    Build {
        /// The site project (config.yaml, data/, content/, templates/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/site].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Address the site is published under (used in sitemap.xml); links stay relative.
        #[arg(long)]
        base_url: Option<String>,
        /// Print the wall time of each pipeline step.
        #[arg(long)]
        timings: bool,
        /// Build one school's or municipality's self-contained subsite for its own website
        /// [default output: ROOT/site-ID].
        #[arg(long)]
        org: Option<String>,
        /// A publishing build: record what it released in data/releases.csv (commit that file).
        #[arg(long)]
        release: bool,
    },
    /// Check every input and print every problem; exit 1 on any error. Writes nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build into memory, serve on 127.0.0.1, rebuild on change and reload open pages.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 8080)]
        port: u16,
    },
    /// Import exports of other systems into the project's data/.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Create a starter project (config, one municipality, two schools, sample data, a plan).
    New {
        /// The folder to create; it must not exist or be empty.
        dir: PathBuf,
        /// A project for real data: config.yaml, data/orgs.csv with its header only and an
        /// empty content/; no samples, no demo banner.
        #[arg(long)]
        empty: bool,
    },
    /// Generate a synthetic site project with planted anomalies (listed in data/ground_truth.csv).
    Generate {
        /// Where to write the project (config.yaml and content/ are kept if they exist).
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 30)]
        schools: usize,
        #[arg(long, default_value_t = 3)]
        municipalities: usize,
        #[arg(long, default_value_t = 1)]
        regions: usize,
        /// Number of school years.
        #[arg(long, default_value_t = 3)]
        years: u16,
        /// The first year of results.
        #[arg(long, default_value_t = 2021)]
        first_year: u16,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write ФИС ОКО-style summaries (data/aggregates/) instead of participant rows.
        #[arg(long)]
        aggregates: bool,
        /// Use the organizations of this orgs.csv instead of inventing them.
        #[arg(long)]
        orgs: Option<PathBuf>,
        /// Multiply every school's pupils per grade (2.0: twice as many rows).
        #[arg(long, default_value_t = 1.0)]
        pupils_scale: f64,
    },
}

#[derive(Subcommand)]
enum ImportSource {
    /// ФИС ОКО pupil exports (xlsx): the «Протокол» sheet or the older pupil sheet.
    Fisoko {
        /// xlsx files, or folders to walk for them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The year of the results [default: from the file's name or folder, else «Дата загрузки»].
        #[arg(long)]
        year: Option<u16>,
        /// VPR, OGE, EGE, DKR, VSOSH (or ВПР, ОГЭ…) [default: from the name; a «Протокол» is VPR].
        #[arg(long)]
        procedure: Option<String>,
        /// A subject code or Russian name [default: from the file's name or folder].
        #[arg(long)]
        subject: Option<String>,
        /// 1..11 [default: «N класс» in the name, a folder named N, else the classes' grade].
        #[arg(long)]
        grade: Option<u8>,
        /// The region of the exports' organizations, where their cells do not name it.
        #[arg(long)]
        region: Option<String>,
        /// Replace the results of schools the project already has for a work.
        #[arg(long)]
        replace: bool,
        /// Print what the import would change and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// The ФИС ОКО list «Признаки необъективности» (xlsx) into data/official_markers.csv.
    Markers {
        /// The xlsx file.
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The region of municipalities the list adds, when orgs.csv has several regions.
        #[arg(long)]
        region: Option<String>,
    },
    /// Score-to-mark scales (CSV or xlsx in the shape of data/scales.csv) into data/scales.csv.
    Scales {
        /// The CSV or xlsx file.
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Replace a work's scale that data/scales.csv already has with other numbers.
        #[arg(long)]
        replace: bool,
    },
}

/// Task-point notes of one imported file: a line per kind with the total and the number of
/// schools; each school with `--verbose`.
fn print_notes(
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
fn imported_file(s: &oko::import::Summary) -> String {
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
fn print_schools(s: &oko::import::Summary, level: Level) {
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
fn print_refused(file: &str, refused: &[oko::import::Refused], level: Level) {
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

/// Parses the command line with its help in the language of `--lang` or the environment (read
/// before parsing, so that `--help` is already in it).
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        let a = a.to_str()?;
        match a.strip_prefix("--lang=") {
            Some(v) => Some(v.to_owned()),
            None if a == "--lang" => args.get(i + 1)?.to_str().map(str::to_owned),
            None => None,
        }
    });
    let lang = Lang::choose(flag.as_deref());
    oko::i18n::set(lang);
    let mut command = localize(Cli::command(), "help");
    match command.try_get_matches_from_mut(args) {
        Ok(matches) => Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit()),
        Err(e) => usage_error(&e, &mut command),
    }
}

/// A wrong call in the current language: what is wrong, the usage, where the help is; exit 2.
/// Help and version requests pass through as clap prints them.
fn usage_error(e: &clap::Error, command: &mut clap::Command) -> ! {
    use clap::error::{ContextKind, ErrorKind};
    let context = |kind: ContextKind| e.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let arg = [ContextKind::InvalidArg, ContextKind::InvalidSubcommand]
        .into_iter()
        .map(context)
        .find(|s| !s.is_empty())
        .unwrap_or_default();
    let value = context(ContextKind::InvalidValue);
    let said = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        ErrorKind::UnknownArgument => tr("usage.unknown_argument", &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => tr("usage.unknown_command", &[("arg", &arg)]),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            tr("usage.bad_value", &[("arg", &arg), ("value", &value)])
        }
        ErrorKind::MissingRequiredArgument => tr("usage.missing", &[("arg", &arg)]),
        ErrorKind::ArgumentConflict => tr(
            "usage.conflict",
            &[("arg", &arg), ("other", &context(ContextKind::PriorArg))],
        ),
        _ => tr("usage.other", &[("error", &e.kind())]),
    };
    let hint = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(context)
        .find(|s| !s.is_empty())
        .map_or_else(String::new, |s| {
            oko::msg!("diag.did_you_mean", candidate = s)
        });
    // The usage of the command that was called, as clap tells it, else the whole tool's.
    let usage = match context(ContextKind::Usage) {
        u if u.is_empty() => command.render_usage().to_string(),
        u => u,
    };
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    eprintln!(
        "{}: {said}{hint}\n\n{}: {usage}\n\n{}",
        tr("cli.error", &[]),
        tr("help.usage", &[]),
        tr("usage.more", &[])
    );
    std::process::exit(2)
}

/// The command with its about, its arguments' help and its headings from the catalogue
/// (`help.<command>….about`, `help.<command>.<argument>`, else `help.<argument>`), in the
/// current language; the help and
/// version flags are oko's own so that their help is in the catalogue too.
fn localize(command: clap::Command, key: &str) -> clap::Command {
    let lang = oko::i18n::current();
    let text = |k: &str| lookup(lang, k);
    // clap's headings («Usage:», «Options:») are its own words: the template names each part.
    let mut template = format!(
        "{{about-with-newline}}\n{}: {{usage}}\n",
        tr("help.usage", &[])
    );
    if command.has_subcommands() {
        template.push_str(&format!(
            "\n{}:\n{{subcommands}}\n",
            tr("help.commands", &[])
        ));
    }
    if command.get_positionals().next().is_some() {
        template.push_str(&format!(
            "\n{}:\n{{positionals}}\n",
            tr("help.arguments", &[])
        ));
    }
    template.push_str(&format!("\n{}:\n{{options}}\n", tr("help.options", &[])));
    let mut command = command
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .help_template(template)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(tr("help.help", &[])),
        );
    if key == "help" {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(tr("help.version", &[])),
        );
    }
    if let Some(about) = text(&format!("{key}.about")) {
        command = command.about(about);
    }
    command = command.mut_args(|arg| {
        let own = format!("{key}.{}", arg.get_id());
        match text(&own).or_else(|| text(&format!("help.{}", arg.get_id()))) {
            Some(help) => arg.help(help),
            None => arg,
        }
    });
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        let sub_key = format!("{key}.{name}");
        command = command.mut_subcommand(&name, |c| localize(c, &sub_key));
    }
    command
}

pub fn run(cli: Cli) -> Result<()> {
    oko::i18n::set(oko::i18n::Lang::choose(cli.lang.as_deref()));
    let level = match (cli.quiet, cli.verbose) {
        (true, _) => Level::Quiet,
        (_, true) => Level::Verbose,
        _ => Level::Normal,
    };
    let say = |line: String| {
        if level != Level::Quiet {
            eprintln!("{line}");
        }
    };
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            timings,
            org,
            release,
        } => {
            let default_out = org
                .as_ref()
                .map_or_else(|| "site".to_owned(), |id| format!("site-{id}"));
            let out = out.unwrap_or_else(|| root.join(default_out));
            let summary = oko::build(&oko::BuildOptions {
                root,
                out: out.clone(),
                base_url,
                org,
                release,
            })?;
            print_warnings(&summary.warnings, level);
            if let Some((number, rows)) = summary.released {
                say(tr("cli.released", &[("release", &number), ("rows", &rows)]));
            }
            say(tr(
                "cli.built",
                &[
                    ("files", &summary.pages_written),
                    ("kb", &(summary.bytes_written / 1024)),
                    ("out", &out.display()),
                    ("orgs", &summary.organizations),
                    ("cells", &summary.cells),
                    ("plans", &summary.plans),
                ],
            ));
            if timings || level == Level::Verbose {
                for t in &summary.timings {
                    let cpu = t.cpu.map_or_else(String::new, |c| {
                        format!("  cpu {:>8.1} ms", c.as_secs_f64() * 1000.0)
                    });
                    eprintln!(
                        "  {:<11} {:>8.1} ms{cpu}",
                        t.step,
                        t.wall.as_secs_f64() * 1000.0
                    );
                }
                if let Some(kb) = peak_rss_kb() {
                    let label = tr("cli.peak_rss", &[]);
                    eprintln!("  {label:<11} {:>8.1} MB", kb as f64 / 1024.0);
                }
            }
        }
        Command::Generate {
            out,
            schools,
            municipalities,
            regions,
            years,
            first_year,
            seed,
            aggregates,
            orgs,
            pupils_scale,
        } => {
            let options = oko::generate::Options {
                out: out.clone(),
                regions,
                municipalities,
                schools,
                first_year,
                years,
                seed,
                aggregates,
                orgs,
                pupils_scale,
            };
            let started = std::time::Instant::now();
            let r = {
                let _progress = Progress::start(tr("cli.generating", &[]), level);
                oko::generate::generate(&options)?
            };
            let secs = started.elapsed().as_secs_f64();
            say(tr(
                "cli.generated",
                &[
                    ("orgs", &r.organizations),
                    ("schools", &r.schools),
                    ("rows", &r.rows),
                    ("files", &r.files),
                    ("mb", &(r.bytes / 1_000_000)),
                    ("out", &out.display()),
                    ("secs", &format!("{secs:.2}")),
                ],
            ));
        }
        Command::Serve { root, port } => {
            oko::serve::serve(&root, port, move |line| {
                if level != Level::Quiet || line.starts_with(&tr("serve.failed", &[])) {
                    eprintln!("{line}");
                }
            })?;
        }
        Command::Import {
            source:
                ImportSource::Fisoko {
                    paths,
                    root,
                    year,
                    procedure,
                    subject,
                    grade,
                    region,
                    replace,
                    dry_run,
                },
        } => {
            let procedure = match procedure {
                Some(p) => Some(oko::model::Procedure::parse(&p).ok_or_else(|| {
                    anyhow::anyhow!(tr("cli.unknown_procedure", &[("found", &format!("{p:?}"))]))
                })?),
                None => None,
            };
            let options = oko::import::Options {
                root,
                given: oko::import::assessment::Given {
                    year,
                    procedure,
                    subject,
                    grade,
                },
                region,
                replace,
                dry_run,
                ..Default::default()
            };
            let bar = (level != Level::Quiet).then(|| {
                let bar = indicatif::ProgressBar::new(0).with_style(
                    indicatif::ProgressStyle::with_template(&format!(
                        "{{bar:30}} {{pos}}/{{len}} {}",
                        tr("cli.progress_files", &[])
                    ))
                    .expect("a valid template"),
                );
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                bar
            });
            let outcome = oko::import::fisoko(
                &paths,
                &options,
                || say(tr("cli.waiting_for_lock", &[])),
                |done, total| {
                    if let Some(bar) = &bar {
                        bar.set_length(total as u64);
                        bar.set_position(done as u64);
                    }
                },
            )?;
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            for w in &outcome.warnings {
                eprintln!("{}: {w}", tr("diag.warning", &[]));
            }
            for s in &outcome.summaries {
                print_refused(&s.file, &s.refused, level);
                say(imported_file(s));
                print_schools(s, level);
                print_notes(&s.file, &s.notes, level);
            }
            for s in &outcome.conflicts {
                eprintln!(
                    "{}",
                    tr(
                        "cli.import_conflict",
                        &[("file", &s.file), ("count", &s.count(Action::Kept))]
                    )
                );
                print_schools(s, Level::Verbose);
            }
            for list in &outcome.lists {
                say(tr("cli.official_list_in_folder", &[("file", list)]));
            }
            let rows: usize = outcome.summaries.iter().map(|s| s.rows).sum();
            let refused: usize = outcome.summaries.iter().map(|s| s.refused.len()).sum();
            say(tr(
                "cli.imported_total",
                &[
                    ("files", &outcome.summaries.len()),
                    ("rows", &rows),
                    ("refused", &refused),
                    ("failed", &(outcome.failed.len() + outcome.conflicts.len())),
                ],
            ));
            if dry_run {
                say(tr("cli.dry_run", &[]));
            } else {
                for w in &outcome.written {
                    say(format!("  {w}"));
                }
            }
            for f in &outcome.failed {
                eprintln!("{f}");
            }
            let failed = outcome.failed.len() + outcome.conflicts.len();
            if failed > 0 {
                anyhow::bail!(tr("cli.files_failed", &[("failed", &failed)]));
            }
        }
        Command::Import {
            source: ImportSource::Markers { file, root, region },
        } => {
            let s = oko::import::markers::import(
                &file,
                &root,
                region.as_deref(),
                &oko::import::workbook::Limits::default(),
                || say(tr("cli.waiting_for_lock", &[])),
            )?;
            print_refused(&s.file, &s.refused, level);
            let years: Vec<String> = s.years.iter().map(u16::to_string).collect();
            say(tr(
                "cli.markers_imported",
                &[
                    ("file", &s.file),
                    ("flags", &s.flags),
                    ("schools", &s.schools),
                    ("years", &years.join(", ")),
                    ("refused", &s.refused.len()),
                    ("new_orgs", &s.new_orgs),
                ],
            ));
        }
        Command::Import {
            source:
                ImportSource::Scales {
                    file,
                    root,
                    replace,
                },
        } => {
            let s = oko::import::scales::import(
                &file,
                &root,
                replace,
                &oko::import::workbook::Limits::default(),
                || say(tr("cli.waiting_for_lock", &[])),
            )?;
            for line in s.refused.iter().chain(&s.differing) {
                eprintln!("{line}");
            }
            say(tr(
                "cli.scales_imported",
                &[
                    ("file", &s.file),
                    ("added", &s.added),
                    ("replaced", &s.replaced),
                    ("unchanged", &s.unchanged),
                    ("kept", &(s.differing.len() - s.replaced)),
                    ("refused", &s.refused.len()),
                ],
            ));
        }
        Command::New { dir, empty } => {
            let starter = if empty {
                oko::starter::Starter::Empty
            } else {
                oko::starter::Starter::Sample
            };
            let files = oko::starter::create(&dir, starter)?;
            for f in files {
                say(format!("  {}", dir.join(f).display()));
            }
            let dir = dir.display();
            say(match starter {
                oko::starter::Starter::Sample => tr("cli.new_done", &[("dir", &dir)]),
                oko::starter::Starter::Empty => tr("cli.new_empty_done", &[("dir", &dir)]),
            });
        }
        Command::Check { root } => {
            let summary = oko::check(&root)?;
            print_warnings(&summary.warnings, level);
            say(tr(
                "cli.check_ok",
                &[
                    ("orgs", &summary.organizations),
                    ("cells", &summary.cells),
                    ("plans", &summary.plans),
                ],
            ));
        }
    }
    Ok(())
}

/// The process's peak resident memory (Linux: VmHWM of /proc/self/status).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Warnings: none when quiet, the first twenty and a count normally, all when verbose.
fn print_warnings(warnings: &[oko::diag::Diagnostic], level: Level) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command's about and every argument's help are in the catalogue in both languages.
    #[test]
    fn the_help_of_every_command_and_argument_is_in_the_catalogue() {
        fn walk(command: &clap::Command, key: &str, missing: &mut Vec<String>) {
            for lang in [Lang::Ru, Lang::En] {
                let about = format!("{key}.about");
                if lookup(lang, &about).is_none() {
                    missing.push(format!("{about} ({lang:?})"));
                }
                for arg in command.get_arguments() {
                    let id = arg.get_id().as_str();
                    let own = format!("{key}.{id}");
                    if lookup(lang, &own).is_none() && lookup(lang, &format!("help.{id}")).is_none()
                    {
                        missing.push(format!("{own} ({lang:?})"));
                    }
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, &format!("{key}.{}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "help", &mut missing);
        assert!(missing.is_empty(), "{missing:#?}");
        // The help is drawn from it, headings included (Russian is the default language).
        let russian = localize(Cli::command(), "help").render_help().to_string();
        assert!(russian.contains("Использование: oko"), "{russian}");
        assert!(russian.contains("Показать эту справку"), "{russian}");
    }
}
