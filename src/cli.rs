//! The command line: opens the store and runs the TUI or a subcommand. Help
//! texts and messages come from `assets/strings`, in Vietnamese by default.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::clock::Clock;
use crate::documents::layout::Format;
use crate::exchange::members_csv;
use crate::exchange::output::{self, OutputError};
use crate::i18n::{Lang, Strings};
use crate::store::lock::WriterLock;
use crate::store::{self, Store};
use crate::{demo, planning, tui, vi};

#[derive(Debug, Parser)]
#[command(name = "chibo", version)]
pub struct Cli {
    #[arg(long, global = true, env = "CHIBO_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    #[arg(long, global = true, env = "CHIBO_LANG", value_enum)]
    lang: Option<Lang>,
    // A fixed "now" (dd/mm/yyyy hh:mm) for tests and demonstrations.
    #[arg(long, global = true, env = "CHIBO_NOW", hide = true)]
    now: Option<String>,
    #[arg(long, global = true)]
    force: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

mod bundle;
mod cells;
mod documents;
mod export;
mod report;

#[derive(Debug, Subcommand)]
enum Command {
    Demo {
        #[arg(long, value_name = "DD/MM/YYYY")]
        today: Option<String>,
        #[arg(long, value_enum)]
        scale: Option<demo::Scale>,
    },
    Check,
    Backup {
        dest: PathBuf,
    },
    Restore {
        backup: PathBuf,
    },
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    Cells {
        #[command(subcommand)]
        action: Option<CellsAction>,
    },
    Meetings {
        #[arg(long)]
        cell: String,
    },
    Report {
        #[arg(long, required_unless_present = "all", conflicts_with = "all")]
        cell: Option<String>,
        #[arg(long)]
        all: bool,
        // A calendar year a cell can have met in: anything else is a typo
        // (and the year before it must still be a year).
        #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1930..=2200))]
        year: Option<i32>,
        #[arg(long, default_value = "txt", value_parser = ["txt", "csv", "json"])]
        format: String,
        #[arg(long, value_parser = ["meetings", "members", "tasks", "warnings"])]
        section: Option<String>,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    Minutes {
        meeting: i64,
        #[arg(long, default_value = "txt", value_parser = ["md", "txt", "docx"])]
        format: String,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    Agenda {
        meeting: i64,
        #[arg(long, default_value = "txt", value_parser = ["md", "txt"])]
        format: String,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    Findings {
        meeting: i64,
        #[arg(long, default_value = "txt", value_parser = ["txt", "json"])]
        format: String,
    },
    Resolution {
        meeting: i64,
        #[arg(long, default_value = "txt", value_parser = ["docx", "md", "txt"])]
        format: String,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long)]
        redraft: bool,
    },
    Notice {
        meeting: i64,
        #[arg(long, default_value = "txt", value_parser = ["txt", "md", "docx"])]
        format: String,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, conflicts_with = "format")]
        short: bool,
    },
    Roll {
        meeting: i64,
        #[arg(long, default_value = "txt", value_parser = ["md", "txt", "docx"])]
        format: String,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    Bundle {
        #[arg(long)]
        cell: String,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long)]
        with_private: bool,
    },
    Merge {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        take_over: bool,
        #[arg(long)]
        yes: bool,
    },
    Transfer {
        #[command(subcommand)]
        action: TransferAction,
    },
    // clap's own `help` subcommand speaks English only; this one shows the
    // same help as `--help`, in the UI language.
    Help {
        command: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum CellsAction {
    Add {
        name: String,
        #[arg(long)]
        upper: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum TransferAction {
    Out {
        #[arg(long)]
        cell: String,
        #[arg(long)]
        member: String,
        #[arg(long)]
        to: String,
        #[arg(long, value_name = "DD/MM/YYYY")]
        date: Option<String>,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    In {
        file: PathBuf,
        #[arg(long)]
        cell: String,
        #[arg(long, value_name = "DD/MM/YYYY")]
        date: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum ExportWhat {
    Json {
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    Attendance {
        #[arg(long)]
        cell: String,
        #[arg(long, value_name = "DD/MM/YYYY")]
        from: Option<String>,
        #[arg(long, value_name = "DD/MM/YYYY")]
        to: Option<String>,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    Members {
        #[arg(long)]
        cell: String,
        #[arg(long)]
        with_private: bool,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum ImportWhat {
    Json {
        file: PathBuf,
    },
    Members {
        #[arg(long)]
        cell: String,
        file: PathBuf,
    },
}

/// A failure already worded for the person at the keyboard.
#[derive(Debug)]
pub struct Failure(pub String);

/// The language asked for before clap parses (its help texts depend on it).
fn requested_lang(args: &[OsString]) -> Lang {
    let mut iter = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        let value = match arg.strip_prefix("--lang=") {
            Some(v) => Some(v.to_string()),
            None if arg == "--lang" => iter.next().map(|v| v.to_string()),
            None => None,
        };
        if let Some(v) = value {
            return if v == "en" { Lang::En } else { Lang::Vi };
        }
    }
    match std::env::var("CHIBO_LANG").as_deref() {
        Ok("en") => Lang::En,
        _ => Lang::Vi,
    }
}

/// The strings key of a command's description; `path` is its name under
/// `chibo` ("" for chibo itself, "import members").
fn about_key(path: &str) -> &'static str {
    match path {
        "" => "cli.about",
        "demo" => "help.demo",
        "check" => "help.check",
        "backup" => "help.backup",
        "restore" => "help.restore",
        "export" => "help.export",
        "export json" => "help.export_json",
        "export attendance" => "export_csv.help.attendance",
        "export members" => "export_csv.help.members",
        "import" => "help.import",
        "import json" => "help.import_json",
        "import members" => "help.import_members",
        "cells" => "help.cells",
        "report" => "help.report",
        "cells add" => "help.cells_add",
        "meetings" => "help.meetings",
        "minutes" => "help.minutes",
        "agenda" => "help.agenda",
        "findings" => "help.findings",
        "resolution" => "resolution.about_resolution",
        "notice" => "resolution.about_notice",
        "roll" => "resolution.about_roll",
        "bundle" => "help.bundles.bundle",
        "merge" => "help.bundles.merge",
        "transfer" => "help.bundles.transfer",
        "transfer out" => "help.bundles.transfer_out",
        "transfer in" => "help.bundles.transfer_in",
        "help" => "cli.usage.help_command",
        _ => "",
    }
}

/// The strings key of an argument's help in the command at `path`.
fn arg_help_key(path: &str, arg: &str) -> &'static str {
    match (path, arg) {
        (_, "db") => "help.db",
        (_, "lang") => "help.lang",
        (_, "force") => "help.force",
        (_, "help") => "cli.usage.help",
        (_, "version") => "cli.usage.version",
        ("demo", "today") => "help.today",
        ("demo", "scale") => "help.scale",
        ("backup", "dest") => "help.dest",
        ("restore", "backup") => "help.backup_file",
        ("bundle" | "transfer out", "output") => "help.bundles.output",
        (_, "output") => "help.output",
        (_, "meeting") => "help.meeting_id",
        ("findings", "format") => "help.findings_format",
        ("resolution", "format") => "resolution.format_resolution",
        ("notice", "format") => "resolution.format_notice",
        ("roll", "format") => "resolution.format_roll",
        ("resolution", "redraft") => "resolution.redraft_help",
        ("notice", "short") => "resolution.short_help",
        ("report", "format") => "help.report_format",
        ("minutes", "format") => "minutes_doc.format_help",
        (_, "format") => "help.format",
        ("meetings", "cell") => "help.import_cell_any",
        ("report", "cell") => "help.import_cell_any",
        ("report", "all") => "help.report_all",
        ("report", "year") => "help.report_year",
        ("report", "section") => "help.report_section",
        ("cells add", "name") => "help.cell_name",
        ("cells add", "upper") => "help.cell_upper",
        ("cells", "action") => "cli.usage.help_command_arg",
        ("export attendance" | "export members", "cell") => "help.import_cell_any",
        ("export attendance", "from") => "export_csv.help.from",
        ("export attendance", "to") => "export_csv.help.to",
        ("export members", "with_private") => "export_csv.help.with_private",
        ("import members", "cell") => "help.import_cell",
        ("import members", "file") => "help.import_csv",
        ("import json", "file") => "help.import_file",
        ("help", "command") => "cli.usage.help_command_arg",
        ("bundle", "cell") => "help.import_cell_any",
        ("bundle", "with_private") => "help.bundles.with_private",
        ("merge", "file") => "help.bundles.bundle_file",
        ("merge", "dry_run") => "help.bundles.dry_run",
        ("merge", "take_over") => "help.bundles.take_over",
        ("merge", "yes") => "help.bundles.merge_yes",
        ("transfer", "action") => "cli.usage.help_command_arg",
        ("transfer out", "cell") => "help.import_cell_any",
        ("transfer out", "member") => "help.bundles.transfer_member",
        ("transfer out", "to") => "help.bundles.transfer_to",
        ("transfer out", "date") => "help.bundles.transfer_out_date",
        ("transfer in", "file") => "help.bundles.transfer_file",
        ("transfer in", "cell") => "help.bundles.transfer_in_cell",
        ("transfer in", "date") => "help.bundles.transfer_in_date",
        _ => "",
    }
}

/// The strings key of the placeholder of an argument's value (`<TỆP>`).
fn value_name_key(path: &str, arg: &str) -> Option<&'static str> {
    Some(match arg {
        // `transfer out --to` names the receiving unit, elsewhere a day.
        "to" if path == "transfer out" => "cli.value.unit",
        "db" => "cli.value.db",
        "lang" => "cli.value.lang",
        "now" | "today" | "from" | "to" | "date" => "cli.value.date",
        "format" => "cli.value.format",
        "output" | "dest" | "backup" | "file" => "cli.value.file",
        "meeting" => "cli.value.meeting",
        "cell" => "cli.value.cell",
        "year" => "cli.value.year",
        "section" => "cli.value.section",
        "name" => "cli.value.name",
        "upper" => "cli.value.unit",
        "command" => "cli.value.command",
        "scale" => "cli.value.scale",
        "member" => "cli.value.bundles.member",
        _ => return None,
    })
}

/// One command and its subcommands in the UI language. clap writes its
/// headings, its `--help`/`--version` lines and its `help` subcommand in
/// English, so they are switched off here and chibo's own take their place;
/// clap's `[default: …]`, `[env: …]` and `[possible values: …]` are hidden:
/// each help text says them in words.
fn localize(cmd: clap::Command, s: &Strings, path: &str) -> clap::Command {
    // Styled as clap styles its own headings (dropped when not a terminal).
    let style = cmd.get_styles().get_usage();
    let template = format!(
        "{{about-with-newline}}\n{}{}:{} {{usage}}\n\n{{all-args}}{{after-help}}",
        style.render(),
        s.get("cli.usage.heading"),
        style.render_reset()
    );
    let options = s.get("cli.usage.options").to_string();
    let arguments = s.get("cli.usage.arguments").to_string();
    // Headings are listed in the order of their first argument: options go
    // after the positional arguments (mut_arg puts an argument last).
    let option_ids: Vec<String> = cmd
        .get_arguments()
        .filter(|a| !a.is_positional())
        .map(|a| a.get_id().to_string())
        .collect();
    let cmd = option_ids
        .iter()
        .fold(cmd, |cmd, id| cmd.mut_arg(id, |a| a));
    cmd.about(s.get(about_key(path)).to_string())
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .help_template(template)
        .subcommand_help_heading(s.get("cli.usage.commands").to_string())
        .subcommand_value_name(s.get("cli.value.command").to_string())
        .mut_args(|arg| {
            let id = arg.get_id().as_str().to_string();
            let heading = if arg.is_positional() {
                &arguments
            } else {
                &options
            };
            let arg = arg
                .help(s.get(arg_help_key(path, &id)).to_string())
                .help_heading(heading.clone())
                .hide_env(true);
            match value_name_key(path, &id) {
                Some(key) if arg.get_action().takes_values() => arg
                    .value_name(s.get(key).to_string())
                    .hide_default_value(true)
                    .hide_possible_values(true),
                _ => arg,
            }
        })
        .mut_subcommands(|sub| {
            let name = sub.get_name().to_string();
            let sub_path = if path.is_empty() {
                name
            } else {
                format!("{path} {name}")
            };
            localize(sub, s, &sub_path)
        })
}

/// Writes each command's usage line once, with clap's "[OPTIONS]" in the UI
/// language (clap has no setting for that word).
fn localize_usage(cmd: &mut clap::Command, s: &Strings) {
    let rendered = cmd.render_usage().to_string();
    let line = rendered
        .split_once(':')
        .map_or(rendered.as_str(), |(_, usage)| usage)
        .trim()
        .replace("[OPTIONS]", s.get("cli.usage.options_tag"));
    *cmd = std::mem::take(cmd).override_usage(line);
    for sub in cmd.get_subcommands_mut() {
        localize_usage(sub, s);
    }
}

/// The clap command with every text it prints taken from the strings files.
fn command(s: &Strings) -> clap::Command {
    use clap::{Arg, ArgAction};
    let options = s.get("cli.usage.options").to_string();
    let mut cmd = localize(Cli::command(), s, "")
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .global(true)
                .action(ArgAction::Help)
                .help(s.get(arg_help_key("", "help")).to_string())
                .help_heading(options.clone()),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(s.get(arg_help_key("", "version")).to_string())
                .help_heading(options),
        );
    cmd.build();
    localize_usage(&mut cmd, s);
    cmd
}

/// A value from the context of a clap error, as text (a list joined by
/// commas), without control characters: it may be what was typed.
fn context_text(e: &clap::Error, kind: clap::error::ContextKind) -> Option<String> {
    use clap::error::ContextValue as V;
    let text = match e.get(kind)? {
        V::String(v) => v.clone(),
        V::Strings(list) => list.join(", "),
        V::StyledStr(v) => v.to_string(),
        V::StyledStrs(list) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        V::Number(n) => n.to_string(),
        V::Bool(_) | V::None => return None,
        // ContextValue is non-exhaustive.
        _ => return None,
    };
    Some(vi::strip_controls(&text))
}

/// An option as a person names it: "--format", not "--format <ĐỊNH_DẠNG>";
/// a positional argument keeps its placeholder.
fn arg_name(display: &str) -> String {
    if display.starts_with('-') {
        display
            .split([' ', '='])
            .next()
            .unwrap_or(display)
            .to_string()
    } else {
        display.to_string()
    }
}

/// The subcommand a refused command line was for ("import members"), read
/// from its words: clap's error does not always say which one it was.
fn refused_path(cmd: &clap::Command, args: &[OsString]) -> Vec<String> {
    let takes_value = |cmd: &clap::Command, is: &dyn Fn(&clap::Arg) -> bool| {
        cmd.get_arguments()
            .any(|a| is(a) && a.get_action().takes_values())
    };
    let mut path = Vec::new();
    let mut current = cmd;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let skip_value = if let Some(long) = word.strip_prefix("--") {
            !long.contains('=') && takes_value(current, &|a| a.get_long() == Some(long))
        } else if let Some(short) = word.strip_prefix('-') {
            // "-oFILE" carries its value; "-o FILE" takes the next word.
            let mut letters = short.chars();
            match (letters.next(), letters.next()) {
                (Some(c), None) => takes_value(current, &|a| a.get_short() == Some(c)),
                _ => false,
            }
        } else if let Some(sub) = current.find_subcommand(word.as_ref()) {
            path.push(sub.get_name().to_string());
            current = sub;
            false
        } else {
            // A value, or the name clap refused: no subcommand follows.
            break;
        };
        if skip_value {
            words.next();
        }
    }
    path
}

/// A command line clap refused, in the UI language: what is wrong (the
/// accepted values, a likely meant name), the usage line of the command at
/// `path` and where its help is. clap's own English message is never shown.
fn usage_error(s: &Strings, e: &clap::Error, cmd: &clap::Command, path: &[String]) -> String {
    use clap::error::{ContextKind as C, ErrorKind as K};
    let get = |kind| context_text(e, kind).unwrap_or_default();
    let arg = arg_name(&get(C::InvalidArg));
    let value = get(C::InvalidValue);
    let mut message = match e.kind() {
        K::InvalidValue if value.is_empty() => s.fmt("cli.parse.value_required", &[("arg", &arg)]),
        K::InvalidValue => {
            let mut m = s.fmt(
                "cli.parse.invalid_value",
                &[("value", &value), ("arg", &arg)],
            );
            if let Some(valid) = context_text(e, C::ValidValue) {
                m.push(' ');
                m.push_str(&s.fmt("cli.parse.valid_values", &[("values", &valid)]));
            }
            m
        }
        K::ValueValidation => s.fmt(
            "cli.parse.invalid_value",
            &[("value", &value), ("arg", &arg)],
        ),
        K::UnknownArgument => s.fmt("cli.parse.unknown_argument", &[("arg", &arg)]),
        K::InvalidSubcommand => s.fmt(
            "cli.parse.unknown_command",
            &[("name", &get(C::InvalidSubcommand))],
        ),
        K::MissingSubcommand => s.fmt(
            "cli.parse.missing_command",
            &[("commands", &get(C::ValidSubcommand))],
        ),
        K::MissingRequiredArgument => s.fmt(
            "cli.parse.missing_argument",
            &[("args", &get(C::InvalidArg))],
        ),
        K::TooManyValues => s.fmt(
            "cli.parse.too_many_values",
            &[("value", &value), ("arg", &arg)],
        ),
        K::ArgumentConflict => {
            let prior = arg_name(&get(C::PriorArg));
            if prior.is_empty() || prior == arg {
                s.fmt("cli.parse.repeated", &[("arg", &arg)])
            } else {
                s.fmt("cli.parse.conflict", &[("arg", &arg), ("other", &prior)])
            }
        }
        _ if !arg.is_empty() => s.fmt("cli.parse.invalid_argument", &[("arg", &arg)]),
        _ => s.get("cli.parse.invalid").to_string(),
    };
    let suggested = [C::SuggestedSubcommand, C::SuggestedArg, C::SuggestedValue]
        .into_iter()
        .find_map(|kind| match e.get(kind) {
            Some(clap::error::ContextValue::String(one)) => Some(vec![one.clone()]),
            Some(clap::error::ContextValue::Strings(many)) => Some(many.clone()),
            _ => None,
        });
    if let Some(names) = suggested {
        let or = format!(" {} ", s.get("cli.parse.or"));
        let names: Vec<String> = names.iter().map(|n| vi::strip_controls(n)).collect();
        message.push(' ');
        message.push_str(&s.fmt("cli.parse.did_you_mean", &[("name", &names.join(&or))]));
    }
    let mut target = cmd;
    for name in path {
        match target.find_subcommand(name) {
            Some(sub) => target = sub,
            None => break,
        }
    }
    let rendered = target.clone().render_usage().to_string();
    let usage = rendered.split_once(':').map_or("", |(_, u)| u).trim();
    let command = std::iter::once("chibo")
        .chain(path.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = format!("{}: {message}\n", s.get("cli.error_prefix"));
    if !usage.is_empty() {
        out.push_str(&format!("\n{}: {usage}\n", s.get("cli.usage.heading")));
    }
    out.push_str(&s.fmt("cli.usage.more", &[("command", &command)]));
    out.push('\n');
    out
}

/// Prints what clap stopped at: help and version as they are (already in the
/// UI language), anything else as [`usage_error`]. Returns clap's exit code
/// (0 for help and version, 2 for a command line it refused).
fn report(s: &Strings, e: &clap::Error, cmd: &clap::Command, args: &[OsString]) -> i32 {
    use clap::error::ErrorKind as K;
    match e.kind() {
        K::DisplayHelp
        | K::DisplayVersion
        | K::DisplayHelpOnMissingArgumentOrSubcommand
        | K::Io
        | K::Format => {
            let _ = e.print();
        }
        _ => eprint!("{}", usage_error(s, e, cmd, &refused_path(cmd, args))),
    }
    e.exit_code()
}

/// True when clap refused "help" as the name of a subcommand: chibo's own
/// `help` is a subcommand of chibo only, not of `export` or `import`.
fn asks_for_help(e: &clap::Error) -> bool {
    use clap::error::{ContextKind, ContextValue};
    e.kind() == clap::error::ErrorKind::InvalidSubcommand
        && matches!(
            e.get(ContextKind::InvalidSubcommand),
            Some(ContextValue::String(name)) if name == "help"
        )
}

/// `chibo help [COMMAND]…`: the same help as `chibo COMMAND… --help`.
fn help(s: &Strings, path: &[String]) -> i32 {
    let mut args = vec![OsString::from("chibo")];
    args.extend(path.iter().map(OsString::from));
    args.push(OsString::from("--help"));
    let mut cmd = command(s);
    match cmd.try_get_matches_from_mut(&args) {
        Ok(_) => 0,
        Err(e) => report(s, &e, &cmd, &args),
    }
}

/// Entry point of the binary: parses arguments, runs, prints the message of
/// a failure and returns the exit code.
pub fn run() -> i32 {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = requested_lang(&args);
    let strings = Strings::load(lang);
    let mut cmd = command(&strings);
    let matches = match cmd.try_get_matches_from_mut(&args) {
        Ok(m) => m,
        // "chibo export help json", as clap's own help subcommands allowed.
        Err(e) if asks_for_help(&e) => {
            let mut again: Vec<OsString> = args.iter().filter(|a| *a != "help").cloned().collect();
            again.push(OsString::from("--help"));
            return match command(&strings).try_get_matches_from_mut(&again) {
                Ok(_) => 0,
                Err(e) => report(&strings, &e, &cmd, &again),
            };
        }
        Err(e) => return report(&strings, &e, &cmd, &args),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return report(&strings, &e, &cmd, &args),
    };
    let strings = match cli.lang {
        Some(chosen) if chosen != lang => Strings::load(chosen),
        _ => strings,
    };
    if let Some(Command::Help { command }) = &cli.command {
        return help(&strings, command);
    }
    // The rules, templates and rubric are parsed once, here: a broken asset
    // stops chibo before anything opens, naming its file and line.
    if let Err(e) = crate::assets::load() {
        eprintln!(
            "{}: {}",
            strings.get("cli.error_prefix"),
            strings.fmt("cli.bad_asset", &[("detail", &e)])
        );
        return 2;
    }
    match execute(cli, &strings) {
        Ok(()) => 0,
        Err(Failure(message)) => {
            eprintln!("{}: {message}", strings.get("cli.error_prefix"));
            1
        }
    }
}

/// The default database: the platform's data folder.
pub fn default_db_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("vn", "chibo", "chibo").map(|d| d.data_dir().join("chibo.db"))
}

fn execute(cli: Cli, s: &Strings) -> Result<(), Failure> {
    let clock = match &cli.now {
        Some(text) => Clock::Fixed(
            vi::parse_date_time(text)
                .ok_or_else(|| Failure(s.fmt("cli.bad_datetime", &[("value", text)])))?,
        ),
        None => Clock::System,
    };
    let db = match cli.db {
        Some(path) => path,
        None => default_db_path().ok_or_else(|| Failure(s.get("cli.no_data_dir").to_string()))?,
    };
    let fail = |e: store::Error| Failure(s.error(&e));
    let force = cli.force;
    // Commands that only read refuse a file that is not there: a mistyped
    // --db must not create an empty database and call it healthy.
    let existing = |db: &Path| -> Result<(), Failure> {
        if db.exists() {
            Ok(())
        } else {
            Err(Failure(
                s.fmt("cli.no_database", &[("path", &db.display())]),
            ))
        }
    };
    match cli.command {
        None => run_tui(&db, clock, s),
        Some(Command::Demo { today, scale }) => {
            let today = match today {
                Some(text) => vi::parse_date(&text)
                    .ok_or_else(|| Failure(s.fmt("cli.bad_date", &[("value", &text)])))?,
                None => clock.today(),
            };
            let started = Instant::now();
            let mut store = Store::open(&db, clock).map_err(fail)?;
            let _writer = WriterLock::acquire(&db).map_err(fail)?;
            let scale = scale.unwrap_or_default();
            let done = demo::load_scale(&mut store, today, scale).map_err(fail)?;
            let seconds = format!("{:.2}", started.elapsed().as_secs_f64())
                .replace('.', s.decimal_separator());
            say(&s.fmt(
                "cli.demo_done",
                &[
                    ("cells", &done.cells),
                    ("members", &done.members),
                    ("meetings", &done.meetings),
                    ("seconds", &seconds),
                ],
            ));
            if scale == demo::Scale::Committee {
                // Closing the store folds the WAL into the file first.
                drop(store);
                let megabytes = std::fs::metadata(&db).map_or(0.0, |m| m.len() as f64 / 1e6);
                let size = format!("{megabytes:.1}").replace('.', s.decimal_separator());
                say(&s.fmt("cli.demo_size", &[("path", &db.display()), ("size", &size)]));
            }
            Ok(())
        }
        Some(Command::Check) => {
            existing(&db)?;
            let store = Store::open(&db, clock).map_err(fail)?;
            say(&s.fmt("cli.database", &[("path", &db.display())]));
            say(&counts_line(&store, s)?);
            let problems = store.integrity_problems().map_err(fail)?;
            if problems.is_empty() {
                let version = store.schema_version().map_err(fail)?;
                say(&s.fmt("cli.check_ok", &[("version", &version)]));
                Ok(())
            } else {
                let mut message = s.fmt("cli.check_problems", &[("count", &problems.len())]);
                for p in problems.iter().take(20) {
                    message.push_str("\n  ");
                    message.push_str(&vi::strip_controls(p));
                }
                Err(Failure(message))
            }
        }
        Some(Command::Backup { dest }) => {
            existing(&db)?;
            let store = Store::open(&db, clock).map_err(fail)?;
            if output::is_database_file(&dest, &db) {
                return Err(output_failure(s, OutputError::IsDatabase(dest)));
            }
            if std::fs::symlink_metadata(&dest).is_ok() {
                if !force {
                    return Err(output_failure(s, OutputError::Exists(dest)));
                }
                // Replaced whole or not at all: the copy is made beside it.
                let staging = dest.with_extension("chibo-backup.tmp");
                let _ = std::fs::remove_file(&staging);
                store.backup_to(&staging).map_err(fail)?;
                std::fs::rename(&staging, &dest).map_err(|e| {
                    let _ = std::fs::remove_file(&staging);
                    fail(store::Error::io(&dest, e))
                })?;
            } else {
                store.backup_to(&dest).map_err(fail)?;
            }
            say(&s.fmt("cli.backup_done", &[("path", &dest.display())]));
            Ok(())
        }
        Some(Command::Restore { backup }) => {
            let _writer = WriterLock::acquire(&db).map_err(fail)?;
            let saved = store::backup::restore(&db, &backup, clock).map_err(fail)?;
            say(&s.fmt("cli.restore_done", &[("backup", &backup.display())]));
            if let Some(saved) = saved {
                say(&s.fmt("cli.restore_saved", &[("path", &saved.display())]));
            }
            Ok(())
        }
        Some(Command::Export {
            what: ExportWhat::Json { output },
        }) => {
            existing(&db)?;
            let store = Store::open(&db, clock).map_err(fail)?;
            let json = crate::exchange::json::export(&store).map_err(fail)?;
            match output {
                Some(path) => {
                    write_private(&path, json.as_bytes(), s, force, &db)?;
                    eprintln!("{}", s.fmt("cli.export_done", &[("path", &path.display())]));
                }
                None => {
                    let mut out = std::io::stdout().lock();
                    let _ = out.write_all(json.as_bytes());
                }
            }
            Ok(())
        }
        Some(Command::Export {
            what:
                ExportWhat::Attendance {
                    cell,
                    from,
                    to,
                    output,
                },
        }) => {
            existing(&db)?;
            let request = export::Attendance { cell, from, to };
            export::attendance(&db, clock, s, request, export::Target { output, force })
        }
        Some(Command::Export {
            what:
                ExportWhat::Members {
                    cell,
                    with_private,
                    output,
                },
        }) => {
            existing(&db)?;
            let target = export::Target { output, force };
            export::members(&db, clock, s, &cell, with_private, target)
        }
        Some(Command::Import {
            what: ImportWhat::Json { file },
        }) => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                Failure(s.fmt(
                    "cli.read_file",
                    &[("path", &file.display()), ("reason", &s.io_reason(&e))],
                ))
            })?;
            let dump = crate::exchange::json::parse(&text).map_err(|reason| {
                Failure(s.fmt(
                    "cli.bad_json",
                    &[("path", &file.display()), ("reason", &reason)],
                ))
            })?;
            let mut store = Store::open(&db, clock).map_err(fail)?;
            let _writer = WriterLock::acquire(&db).map_err(fail)?;
            store.load_dump(&dump).map_err(fail)?;
            let c = store.counts().map_err(fail)?;
            say(&s.fmt(
                "cli.import_done",
                &[
                    ("cells", &c.cells),
                    ("members", &c.members),
                    ("meetings", &c.meetings),
                ],
            ));
            Ok(())
        }
        Some(Command::Import {
            what: ImportWhat::Members { cell, file },
        }) => {
            // Members go into a cell that exists: a fresh file starts with
            // `chibo cells add`, and a refused import leaves no file behind.
            existing(&db)?;
            import_members(&db, clock, s, &cell, &file)
        }
        Some(Command::Cells { action: None }) => {
            existing(&db)?;
            cells::list(&db, clock, s)
        }
        Some(Command::Cells {
            action: Some(CellsAction::Add { name, upper }),
        }) => cells::add(&db, clock, s, &name, upper.as_deref()),
        Some(Command::Report {
            cell,
            all: _,
            year,
            format,
            section,
            output,
        }) => {
            existing(&db)?;
            let request = report::Request {
                cell,
                year,
                format,
                section,
                output,
                force,
            };
            report::run(&db, clock, s, request)
        }
        Some(Command::Meetings { cell }) => {
            existing(&db)?;
            list_meetings(&db, clock, s, &cell)
        }
        Some(Command::Agenda {
            meeting,
            format,
            output,
        }) => {
            existing(&db)?;
            let target = Target {
                path: output,
                force,
            };
            write_agenda(&db, clock, s, meeting, &format, target)
        }
        Some(Command::Minutes {
            meeting,
            format,
            output,
        }) => {
            existing(&db)?;
            let target = Target {
                path: output,
                force,
            };
            write_minutes(&db, clock, s, meeting, &format, target)
        }
        Some(Command::Findings { meeting, format }) => {
            existing(&db)?;
            print_findings(&db, clock, s, meeting, &format)
        }
        Some(Command::Resolution {
            meeting,
            format,
            output,
            redraft,
        }) => {
            existing(&db)?;
            let request = documents::Request {
                paper: crate::paperwork::Paper::Resolution,
                meeting,
                format,
                output,
                force,
                redraft,
                short: false,
            };
            documents::run(&db, clock, s, request)
        }
        Some(Command::Notice {
            meeting,
            format,
            output,
            short,
        }) => {
            existing(&db)?;
            let request = documents::Request {
                paper: crate::paperwork::Paper::Notice,
                meeting,
                format,
                output,
                force,
                redraft: false,
                short,
            };
            documents::run(&db, clock, s, request)
        }
        Some(Command::Roll {
            meeting,
            format,
            output,
        }) => {
            existing(&db)?;
            let request = documents::Request {
                paper: crate::paperwork::Paper::Roll,
                meeting,
                format,
                output,
                force,
                redraft: false,
                short: false,
            };
            documents::run(&db, clock, s, request)
        }
        Some(Command::Bundle {
            cell,
            output,
            with_private,
        }) => {
            existing(&db)?;
            bundle::write(&db, clock, s, &cell, output, with_private, force)
        }
        Some(Command::Merge {
            file,
            dry_run,
            take_over,
            yes,
        }) => {
            // A take-over may start a new laptop's file; a merge needs the
            // committee's.
            if !take_over {
                existing(&db)?;
            }
            let request = bundle::MergeRequest {
                file,
                dry_run,
                take_over,
                yes,
            };
            bundle::merge(&db, clock, s, request)
        }
        Some(Command::Transfer {
            action:
                TransferAction::Out {
                    cell,
                    member,
                    to,
                    date,
                    output,
                },
        }) => {
            existing(&db)?;
            let request = bundle::TransferOut {
                cell,
                member,
                to,
                date,
                output,
                force,
            };
            bundle::transfer_out(&db, clock, s, request)
        }
        Some(Command::Transfer {
            action: TransferAction::In { file, cell, date },
        }) => {
            existing(&db)?;
            bundle::transfer_in(&db, clock, s, &file, &cell, date.as_deref())
        }
        // `run` answers it before opening anything.
        Some(Command::Help { .. }) => Ok(()),
    }
}

/// `chibo findings`: the engine's findings for one meeting, as text or as
/// JSON (the shape every chibo report uses).
fn print_findings(
    db: &Path,
    clock: Clock,
    s: &Strings,
    meeting: i64,
    format: &str,
) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let store = Store::open(db, clock).map_err(fail)?;
    let findings = planning::findings(&store, meeting).map_err(fail)?;
    let mut out = std::io::stdout().lock();
    let text = if format == "json" {
        let list: Vec<serde_json::Value> = findings
            .iter()
            .map(|f| crate::documents::findings::json(s, f))
            .collect();
        let mut text = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
        text.push('\n');
        text
    } else {
        crate::documents::findings::text(s, &store.meeting(meeting).map_err(fail)?, &findings)
    };
    let _ = out.write_all(text.as_bytes());
    Ok(())
}

/// `chibo agenda`: a meeting's agenda to a file or standard output.
fn write_agenda(
    db: &Path,
    clock: Clock,
    s: &Strings,
    meeting: i64,
    format: &str,
    target: Target,
) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let store = Store::open(db, clock).map_err(fail)?;
    let format = Format::parse(format).unwrap_or(Format::Text);
    let text = planning::agenda_document(&store, meeting, format, clock.today()).map_err(fail)?;
    match target.path {
        Some(path) => {
            write_private(&path, text.as_bytes(), s, target.force, db)?;
            eprintln!("{}", s.fmt("cli.export_done", &[("path", &path.display())]));
        }
        None => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    Ok(())
}

/// `chibo minutes`: the biên bản as text, Markdown or Word, to a file or
/// standard output; a Word file is refused on a terminal (it would print
/// binary noise).
fn write_minutes(
    db: &Path,
    clock: Clock,
    s: &Strings,
    meeting: i64,
    format: &str,
    target: Target,
) -> Result<(), Failure> {
    use crate::documents::render::DocFormat;
    use std::io::IsTerminal;

    let format = DocFormat::parse(format).unwrap_or(DocFormat::Text);
    if format == DocFormat::Docx && target.path.is_none() && std::io::stdout().is_terminal() {
        return Err(Failure(s.get("minutes_doc.docx_terminal").to_string()));
    }
    let fail = |e: store::Error| Failure(s.error(&e));
    let store = Store::open(db, clock).map_err(fail)?;
    let bytes = planning::document_bytes(&store, planning::DocumentKind::Minutes, meeting, format)
        .map_err(fail)?;
    match target.path {
        Some(path) => {
            write_private(&path, &bytes, s, target.force, db)?;
            eprintln!("{}", s.fmt("cli.export_done", &[("path", &path.display())]));
        }
        None => {
            let _ = std::io::stdout().lock().write_all(&bytes);
        }
    }
    Ok(())
}

/// `chibo meetings --cell NAME`: the meetings with their ids, newest first.
fn list_meetings(db: &Path, clock: Clock, s: &Strings, cell: &str) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let store = Store::open(db, clock).map_err(fail)?;
    let cell = cells::find(&store, s, cell)?;
    for m in store.meetings(cell.id).map_err(fail)? {
        let attendance = if m.status.is_held() {
            let f = store.figures(m.id).map_err(fail)?;
            s.percent(f.present, f.expected).unwrap_or_default()
        } else {
            String::new()
        };
        say(&format!(
            "{:>5}  {}  {:<28}  {:<14}  {}",
            m.id,
            vi::date_time(m.started_at.unwrap_or(m.planned_at)),
            s.get(&format!("kind.{}", m.kind.code())),
            s.get(&format!("meeting_status.{}", m.status.code())),
            attendance
        ));
    }
    Ok(())
}

/// `chibo import members --cell NAME FILE.csv`: all rows or none.
fn import_members(
    db: &Path,
    clock: Clock,
    s: &Strings,
    cell: &str,
    file: &Path,
) -> Result<(), Failure> {
    /// Problems listed in the refusal; the rest are counted.
    const SHOWN: usize = 50;
    let fail = |e: store::Error| Failure(s.error(&e));
    let open = || {
        std::fs::File::open(file)
            .map(std::io::BufReader::new)
            .map_err(|e| {
                Failure(s.fmt(
                    "cli.read_file",
                    &[("path", &file.display()), ("reason", &s.io_reason(&e))],
                ))
            })
    };
    let reader = |source| {
        members_csv::CsvReader::new(source, clock.today()).map_err(|problem| {
            Failure(format!(
                "{}\n  {}",
                s.fmt("cli.import_refused", &[("count", &1)]),
                s.csv_problem(&problem)
            ))
        })
    };
    let mut store = Store::open(db, clock).map_err(fail)?;
    let _writer = WriterLock::acquire(db).map_err(fail)?;
    let cell = cells::find(&store, s, cell)?;
    let known: std::collections::HashMap<u64, String> = store
        .members(cell.id)
        .map_err(fail)?
        .into_iter()
        .map(|m| {
            (
                members_csv::identity_key(&m.full_name, m.birth_date),
                m.full_name,
            )
        })
        .collect();
    // First pass: check every row, holding only the problems and a hash a
    // row; nothing is written unless the whole file is good.
    let rows = reader(open()?)?;
    let ignored = rows.ignored_columns.clone();
    let progress = progress_bar(std::fs::metadata(file).map(|m| m.len()).unwrap_or(0));
    let (mut good, mut problems, mut problem_count) = (0u64, Vec::new(), 0usize);
    for outcome in rows {
        let found = match outcome {
            Ok(row) => {
                let key = members_csv::identity_key(&row.input.full_name, row.input.birth_date);
                match known.get(&key) {
                    Some(name) => vec![members_csv::CsvProblem::AlreadyInCell {
                        line: row.line,
                        name: name.clone(),
                    }],
                    None => {
                        good += 1;
                        Vec::new()
                    }
                }
            }
            Err(found) => found,
        };
        problem_count += found.len();
        problems.extend(found.into_iter().take(SHOWN.saturating_sub(problems.len())));
        if let Some(bar) = &progress {
            bar.inc(1);
        }
    }
    if good == 0 && problem_count == 0 {
        problems.push(members_csv::CsvProblem::Empty);
        problem_count = 1;
    }
    if problem_count > 0 {
        if let Some(bar) = &progress {
            bar.finish_and_clear();
        }
        let mut message = s.fmt("cli.import_refused", &[("count", &problem_count)]);
        for problem in &problems {
            message.push_str("\n  ");
            message.push_str(&s.csv_problem(problem));
        }
        if problem_count > problems.len() {
            message.push_str("\n  ");
            message.push_str(&s.fmt(
                "cli.import_more_problems",
                &[("n", &(problem_count - problems.len()))],
            ));
        }
        return Err(Failure(message));
    }
    // Second pass: the same rows, written in one transaction (all or none).
    if let Some(bar) = &progress {
        bar.set_position(0);
    }
    let source = reader(open()?)?;
    let n = store
        .write(|tx| {
            let mut n = 0u64;
            for row in source.flatten() {
                tx.add_member(cell.id, &row.input)?;
                n += 1;
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
            }
            Ok(n)
        })
        .map_err(fail)?;
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    say(&s.fmt(
        "cli.import_members_done",
        &[("n", &n), ("cell", &vi::strip_controls(&cell.name))],
    ));
    if !ignored.is_empty() {
        say(&s.fmt(
            "import.ignored",
            &[("columns", &vi::strip_controls(&ignored.join(", ")))],
        ));
    }
    Ok(())
}

/// A row counter on standard error, only when it is a terminal and the
/// file is large enough to take a while.
fn progress_bar(file_size: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || file_size < 1_000_000 {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(indicatif::ProgressStyle::with_template("{spinner} {human_pos} {per_sec}").ok()?);
    Some(bar)
}

/// Opens the terminal app (which writes the daily automatic backup).
fn run_tui(db: &Path, clock: Clock, s: &Strings) -> Result<(), Failure> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure(s.get("app.no_terminal").to_string()));
    }
    // A terminal that cannot draw (TERM=dumb: an editor's shell, a serial
    // console) would get escape codes as text.
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return Err(Failure(s.get("app.dumb_terminal").to_string()));
    }
    let store = Store::open(db, clock).map_err(|e| Failure(s.error(&e)))?;
    // One interactive chibo per file: a second window would write beside
    // the first and both would show stale marks.
    let _writer = WriterLock::acquire(db).map_err(|e| Failure(s.error(&e)))?;
    let keymap = tui::keymap::Keymap::load().map_err(Failure)?;
    let ctx = tui::Ctx {
        strings: s.clone(),
        theme: tui::theme::Theme::from_env(),
        keymap,
        clock,
    };
    let ran = tui::run(store, ctx).map_err(|e| match e {
        tui::RunError::NoTerminal => Failure(s.get("app.no_terminal").to_string()),
        tui::RunError::Terminal(e) => Failure(s.fmt("app.terminal_error", &[("reason", &e)])),
    });
    finish_backups(db, s);
    ran
}

/// Quitting does not abandon a copy being made in the background: it is
/// waited for (saying so when it takes more than a moment), and what came
/// of the copies not yet shown is told on standard error.
fn finish_backups(db: &Path, s: &Strings) {
    use crate::store::backup;
    let since = std::time::Instant::now();
    while backup::running(db) && since.elapsed() < std::time::Duration::from_millis(300) {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    if backup::running(db) {
        eprintln!("{}", s.get("backup_wait.waiting"));
    }
    for outcome in backup::wait(db) {
        match outcome {
            Ok(Some(path)) => eprintln!(
                "{}",
                s.fmt("app.backup_written", &[("path", &path.display())])
            ),
            Ok(None) => {}
            Err(e) => eprintln!(
                "{}",
                s.fmt("app.backup_failed", &[("reason", &s.error(&e))])
            ),
        }
    }
}

/// Prints a line; a closed pipe (`chibo meetings | head`) is not an error.
pub(crate) fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

fn counts_line(store: &Store, s: &Strings) -> Result<String, Failure> {
    let c = store.counts().map_err(|e| Failure(s.error(&e)))?;
    Ok(s.fmt(
        "cli.counts",
        &[
            ("cells", &c.cells),
            ("members", &c.members),
            ("meetings", &c.meetings),
            ("attendance", &c.attendance),
            ("remarks", &c.remarks),
            ("votes", &c.votes),
            ("tasks", &c.tasks),
            ("audit", &c.audit_log),
        ],
    ))
}

/// Writes a file chibo creates with mode 0600; an existing file keeps its mode.
/// Where a document goes: a file (replaced only with `--force`), or
/// standard output.
struct Target {
    path: Option<PathBuf>,
    force: bool,
}

/// Writes a file the secretary asked for (see `exchange::output`).
pub(crate) fn write_private(
    path: &Path,
    bytes: &[u8],
    s: &Strings,
    force: bool,
    db: &Path,
) -> Result<(), Failure> {
    output::write_file(path, bytes, force, Some(db)).map_err(|e| output_failure(s, e))
}

/// A refused or failed file write, worded for the person at the keyboard.
fn output_failure(s: &Strings, e: OutputError) -> Failure {
    Failure(match e {
        OutputError::Exists(path) => s.fmt("cli.file_exists", &[("path", &path.display())]),
        OutputError::IsDatabase(path) => s.fmt("cli.is_database", &[("path", &path.display())]),
        OutputError::Io { path, source } => s.fmt(
            "cli.write_file",
            &[("path", &path.display()), ("reason", &s.io_reason(&source))],
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command of the tree with its path under chibo.
    fn all_commands(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
        out.push((path.to_string(), cmd.clone()));
        for sub in cmd.get_subcommands() {
            let sub_path = format!("{path} {}", sub.get_name()).trim().to_string();
            all_commands(sub, &sub_path, out);
        }
    }

    #[test]
    fn every_command_and_argument_has_its_text_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let s = Strings::load(lang);
            let mut commands = Vec::new();
            all_commands(&command(&s), "", &mut commands);
            assert_eq!(commands.len(), 28, "{lang:?}");
            for (path, cmd) in &commands {
                let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
                assert!(
                    !about.is_empty() && !about.starts_with("help.") && !about.starts_with("cli."),
                    "{lang:?} `{path}` has no description: {about:?}"
                );
                for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
                    assert!(
                        !help.is_empty() && !help.starts_with("help.") && !help.starts_with("cli."),
                        "{lang:?} `{path}` --{}: no help ({help:?})",
                        arg.get_id()
                    );
                }
            }
        }
    }

    #[test]
    fn vietnamese_help_of_every_command_has_no_clap_english() {
        let s = Strings::load(Lang::Vi);
        let mut commands = Vec::new();
        all_commands(&command(&s), "", &mut commands);
        for (path, mut cmd) in commands {
            let help = cmd.render_help().to_string();
            assert!(help.contains("Cách dùng: chibo"), "`{path}`:\n{help}");
            assert!(help.contains("Tùy chọn:"), "`{path}`:\n{help}");
            for english in [
                "Usage",
                "Options",
                "Commands",
                "Arguments",
                "Print",
                "[OPTIONS]",
                "COMMAND",
                "[default",
                "[possible values",
                "[env",
            ] {
                assert!(!help.contains(english), "`{path}` says {english}:\n{help}");
            }
        }
    }

    #[test]
    fn english_help_reads_as_clap_would_write_it() {
        let s = Strings::load(Lang::En);
        let help = command(&s).render_help().to_string();
        assert!(help.contains("Usage: chibo [OPTIONS] [COMMAND]"), "{help}");
        assert!(help.contains("Commands:"), "{help}");
        assert!(
            help.contains("-h, --help         Print this help"),
            "{help}"
        );
        assert!(!help.contains("Cách dùng"), "{help}");
    }

    fn refusal(lang: Lang, line: &[&str]) -> (String, i32) {
        let s = Strings::load(lang);
        let args: Vec<OsString> = line.iter().map(OsString::from).collect();
        let mut cmd = command(&s);
        let e = cmd.try_get_matches_from_mut(&args).expect_err("refused");
        (
            usage_error(&s, &e, &cmd, &refused_path(&cmd, &args)),
            e.exit_code(),
        )
    }

    #[test]
    fn refused_command_lines_in_the_ui_language() {
        let (text, code) = refusal(Lang::Vi, &["chibo", "minutes", "3", "--format", "pdf"]);
        assert_eq!(code, 2);
        assert_eq!(
            text,
            "Lỗi: giá trị “pdf” không hợp lệ cho --format. Các giá trị được nhận: md, txt, docx.\n\
             \n\
             Cách dùng: chibo minutes [TÙY CHỌN] <MÃ_SỐ>\n\
             Xem thêm: chibo minutes --help\n"
        );
        let (text, _) = refusal(Lang::En, &["chibo", "minutes", "3", "--format", "pdf"]);
        assert!(
            text.starts_with(
                "Error: “pdf” is not a valid value for --format. Accepted values: md, txt, docx."
            ),
            "{text}"
        );
        assert!(
            text.contains("Usage: chibo minutes [OPTIONS] <MEETING>"),
            "{text}"
        );

        let (text, _) = refusal(
            Lang::Vi,
            &["chibo", "--db", "x.db", "import", "members", "a.csv"],
        );
        assert!(
            text.starts_with("Lỗi: chưa ghi --cell <TÊN> (bắt buộc)."),
            "{text}"
        );
        assert!(
            text.ends_with("Xem thêm: chibo import members --help\n"),
            "{text}"
        );

        let (text, _) = refusal(Lang::Vi, &["chibo", "--frce"]);
        assert!(
            text.starts_with("Lỗi: chibo không hiểu “--frce” ở đây. Có phải ý bạn là --force?"),
            "{text}"
        );
        let (text, _) = refusal(Lang::Vi, &["chibo", "findings", "x"]);
        assert!(
            text.starts_with("Lỗi: giá trị “x” không hợp lệ cho <MÃ_SỐ>."),
            "{text}"
        );
        let (text, _) = refusal(Lang::Vi, &["chibo", "check", "--force", "--force"]);
        assert!(
            text.starts_with("Lỗi: --force chỉ được ghi một lần."),
            "{text}"
        );
        // a typed escape sequence is not sent back to the terminal
        let (text, _) = refusal(Lang::Vi, &["chibo", "x\u{1b}[31m"]);
        assert!(text.starts_with("Lỗi: không có lệnh “x[31m”."), "{text}");
    }

    #[test]
    fn the_refused_command_is_found_past_options_and_their_values() {
        let s = Strings::load(Lang::Vi);
        let cmd = command(&s);
        let path = |line: &[&str]| {
            let args: Vec<OsString> = line.iter().map(OsString::from).collect();
            refused_path(&cmd, &args).join(" ")
        };
        assert_eq!(
            path(&["chibo", "--db", "import", "import", "members"]),
            "import members"
        );
        assert_eq!(
            path(&["chibo", "--db=check", "agenda", "-o", "json", "2"]),
            "agenda"
        );
        assert_eq!(
            path(&["chibo", "--force", "export", "json", "-ojson"]),
            "export json"
        );
        assert_eq!(path(&["chibo", "nope", "check"]), "");
    }
}
