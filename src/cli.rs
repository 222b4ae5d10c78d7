//! Command-line interface: the subcommands and their flags, and how each maps onto the library.

mod checks;
mod help;
mod report;

use anyhow::Result;
pub use checks::Refused;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use oko::i18n::{tr, Lang};
use oko::import::Action;
use report::{
    imported_file, print_notes, print_refused, print_schools, print_warnings, Level, Progress,
};
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
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    New {
        /// A draft of another kind of input instead of a project.
        #[command(subcommand)]
        draft: Option<Draft>,
        /// The folder to create; it must not exist or be empty.
        #[arg(required = true)]
        dir: Option<PathBuf>,
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
enum Draft {
    /// A draft plan for a school or municipality from the recommendations for its markers.
    Plan {
        /// The school's or municipality's id in data/orgs.csv.
        #[arg(long)]
        org: String,
        /// The year whose markers the plan answers [default: the newest with its results].
        #[arg(long)]
        year: Option<u16>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
    /// A work's plan table (CSV or xlsx: task, level, skills, content, max points) into
    /// data/tasks.csv.
    Tasks {
        /// The CSV or xlsx file.
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The year of the work.
        #[arg(long)]
        year: u16,
        /// VPR, OGE, EGE, DKR, VSOSH (or ВПР, ОГЭ…).
        #[arg(long)]
        procedure: String,
        /// A subject code or Russian name.
        #[arg(long)]
        subject: String,
        /// 1..11.
        #[arg(long)]
        grade: u8,
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
    // An unknown `--lang` is refused in the environment's language.
    let known = flag.as_deref().filter(|f| checks::lang(f).is_ok());
    oko::i18n::set(Lang::choose(known));
    if let Some(Err(refused)) = flag.as_deref().map(checks::lang) {
        help::refuse(&refused.0);
    }
    let mut command = help::localize(Cli::command(), "help");
    match command.try_get_matches_from_mut(args) {
        Ok(matches) => Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit()),
        Err(e) => help::usage_error(&e, &mut command),
    }
}

impl Command {
    /// Every path the call names, each checked by [`checks::path`].
    fn paths(&self) -> Vec<&PathBuf> {
        let mut paths: Vec<&PathBuf> = Vec::new();
        match self {
            Command::Build { root, out, .. } => {
                paths.extend([Some(root), out.as_ref()].into_iter().flatten())
            }
            Command::Check { root } | Command::Serve { root, .. } => paths.push(root),
            Command::Import { source } => match source {
                ImportSource::Fisoko {
                    paths: files, root, ..
                } => {
                    paths.push(root);
                    paths.extend(files);
                }
                ImportSource::Markers { file, root, .. }
                | ImportSource::Tasks { file, root, .. }
                | ImportSource::Scales { file, root, .. } => {
                    paths.extend([file, root]);
                }
            },
            Command::New {
                draft: Some(Draft::Plan { root, .. }),
                ..
            } => paths.push(root),
            Command::New { dir, .. } => paths.extend(dir),
            Command::Generate { out, orgs, .. } => {
                paths.extend([Some(out), orgs.as_ref()].into_iter().flatten())
            }
        }
        paths
    }

    /// The project a command that builds or checks reads.
    fn project(&self) -> Option<&PathBuf> {
        match self {
            Command::Build { root, .. }
            | Command::Check { root }
            | Command::Serve { root, .. }
            | Command::New {
                draft: Some(Draft::Plan { root, .. }),
                ..
            } => Some(root),
            Command::Import { .. } | Command::New { .. } | Command::Generate { .. } => None,
        }
    }
}

pub fn run(cli: Cli) -> Result<()> {
    oko::i18n::set(oko::i18n::Lang::choose(cli.lang.as_deref()));
    for path in cli.command.paths() {
        checks::path(path)?;
    }
    if let Some(root) = cli.command.project() {
        checks::project(root)?;
    }
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
                    let peak = t.peak_kb.map_or_else(String::new, |kb| {
                        format!(
                            "  {} {:>7.1} MB",
                            tr("cli.peak_rss", &[]),
                            kb as f64 / 1024.0
                        )
                    });
                    eprintln!(
                        "  {:<11} {:>8.1} ms{cpu}{peak}",
                        t.step,
                        t.wall.as_secs_f64() * 1000.0
                    );
                }
                if let Some(kb) = oko::pipeline::peak_rss_kb() {
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
                    anyhow::anyhow!(tr(
                        "cli.unknown_procedure",
                        &[("found", &oko::diag::quoted(&p))]
                    ))
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
        Command::New {
            draft: Some(Draft::Plan { org, year, root }),
            ..
        } => {
            let d = oko::draft::write(&root, &org, year, || say(tr("cli.waiting_for_lock", &[])))?;
            let markers: Vec<&str> = d.markers.iter().map(|m| m.code()).collect();
            say(match markers.is_empty() {
                true => tr(
                    "cli.drafted_preventive",
                    &[
                        ("path", &d.path),
                        ("year", &d.year),
                        ("measures", &d.measures),
                    ],
                ),
                false => tr(
                    "cli.drafted",
                    &[
                        ("path", &d.path),
                        ("year", &d.year),
                        ("markers", &markers.join(", ")),
                        ("measures", &d.measures),
                    ],
                ),
            });
        }
        Command::Import {
            source:
                ImportSource::Tasks {
                    file,
                    root,
                    year,
                    procedure,
                    subject,
                    grade,
                },
        } => {
            let subjects = oko::load::subjects(&root);
            let work = (
                year,
                oko::model::Procedure::parse(&procedure)
                    .ok_or_else(|| anyhow::anyhow!(tr("load.expected_procedure", &[])))?
                    .code()
                    .to_owned(),
                subjects
                    .find(&subject)
                    .map(|s| subjects.code(s).to_owned())
                    .ok_or_else(|| {
                        anyhow::anyhow!(tr("load.expected_subject", &[("hint", &"")]))
                    })?,
                grade,
            );
            let s = oko::import::plan::import(
                &file,
                &root,
                work,
                &oko::import::workbook::Limits::default(),
                || say(tr("cli.waiting_for_lock", &[])),
            )?;
            for line in &s.refused {
                eprintln!("{line}");
            }
            if s.refused.is_empty() {
                say(tr(
                    "cli.tasks_imported",
                    &[("file", &s.file), ("tasks", &s.tasks)],
                ));
            } else {
                anyhow::bail!(tr(
                    "cli.tasks_refused",
                    &[("file", &s.file), ("refused", &s.refused.len())],
                ));
            }
        }
        Command::New { dir, empty, .. } => {
            let dir = dir.expect("clap asks for DIR when no draft is named");
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
