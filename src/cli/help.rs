//! The command line's help and wrong calls in the current language: clap's words replaced by
//! the catalogue's (`help.*`, `usage.*`).

use clap::{Arg, ArgAction};
use oko::i18n::{lookup, tr};

/// A call refused before clap saw it (an unknown `--lang`): what is wrong and where the help
/// is; exit 2.
pub fn refuse(said: &str) -> ! {
    eprintln!(
        "{}: {said}\n\n{}",
        tr("cli.error", &[]),
        tr("usage.more", &[])
    );
    std::process::exit(2)
}

/// A wrong call in the current language: what is wrong, the usage, where the help is; exit 2.
/// Help and version requests pass through as clap prints them.
pub fn usage_error(e: &clap::Error, command: &mut clap::Command) -> ! {
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
pub fn localize(command: clap::Command, key: &str) -> clap::Command {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;
    use oko::i18n::Lang;

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
