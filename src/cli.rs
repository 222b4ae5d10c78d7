//! Command-line interface: the subcommands and their flags, and how each maps onto the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
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
    },
    /// Check every input and print every problem; exit 1 on any error. Writes nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
        } => {
            let out = out.unwrap_or_else(|| root.join("site"));
            let summary = oko::build(&oko::BuildOptions {
                root,
                out: out.clone(),
                base_url,
            })?;
            print_warnings(&summary.warnings);
            eprintln!(
                "built {} files ({} KB) into {}: {} organizations, {} result cells, {} plans",
                summary.pages_written,
                summary.bytes_written / 1024,
                out.display(),
                summary.organizations,
                summary.cells,
                summary.plans
            );
        }
        Command::Check { root } => {
            let summary = oko::check(&root)?;
            print_warnings(&summary.warnings);
            eprintln!(
                "no errors: {} organizations, {} result cells, {} plans",
                summary.organizations, summary.cells, summary.plans
            );
        }
    }
    Ok(())
}

fn print_warnings(warnings: &[oko::diag::Diagnostic]) {
    for w in warnings {
        eprintln!("{w}");
    }
}
