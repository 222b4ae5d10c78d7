//! The `oko` command: parses the command line, calls the library, prints what it returns and
//! picks the exit code (0 success, 1 errors in the inputs or the build, 2 bad usage).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<oko::diag::InputErrors>() {
                Some(errors) => eprintln!("{errors}"),
                None => eprintln!("{}: {e:#}", oko::i18n::tr("cli.error", &[])),
            }
            ExitCode::from(1)
        }
    }
}
