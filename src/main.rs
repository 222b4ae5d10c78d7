//! The `oko` command: parses the command line, calls the library, prints what it returns and
//! picks the exit code (0 success, 1 errors in the inputs or the build, 2 bad usage: a wrong
//! call, or a folder that holds no project).

mod cli;

/// mimalloc: a build allocates and frees millions of small strings (pages, numbers, CSV fields);
/// with the system allocator that was 40 % of a build's CPU (bench/run.sh, perf).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(refused) = e.downcast_ref::<cli::Refused>() {
                eprintln!("{}: {refused}", oko::i18n::tr("cli.error", &[]));
                return ExitCode::from(2);
            }
            match e.downcast_ref::<oko::diag::InputErrors>() {
                Some(errors) => eprintln!("{errors}"),
                None => eprintln!("{}: {e:#}", oko::i18n::tr("cli.error", &[])),
            }
            ExitCode::from(1)
        }
    }
}
