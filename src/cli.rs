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
    /// A fixed "now" (dd/mm/yyyy hh:mm) for tests and demonstrations.
    #[arg(long, global = true, env = "CHIBO_NOW", hide = true)]
    now: Option<String>,
    /// Replace a file that exists (documents, exports, backups); never the
    /// database itself.
    #[arg(long, global = true)]
    force: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    Demo {
        #[arg(long, value_name = "DD/MM/YYYY")]
        today: Option<String>,
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
    Meetings {
        #[arg(long)]
        cell: String,
    },
    Minutes {
        meeting: i64,
        #[arg(long, default_value = "txt", value_parser = ["md", "txt"])]
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
}

#[derive(Debug, Subcommand)]
enum ExportWhat {
    Json {
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

/// The clap command with every help text taken from the strings files.
fn command(s: &Strings) -> clap::Command {
    let help = |key: &str| s.get(&format!("help.{key}")).to_string();
    Cli::command()
        .about(s.get("cli.about").to_string())
        .mut_arg("db", |a| a.help(help("db")))
        .mut_arg("lang", |a| a.help(help("lang")))
        .mut_arg("force", |a| a.help(help("force")))
        .mut_subcommand("demo", |c| {
            c.about(help("demo"))
                .mut_arg("today", |a| a.help(help("today")))
        })
        .mut_subcommand("check", |c| c.about(help("check")))
        .mut_subcommand("backup", |c| {
            c.about(help("backup"))
                .mut_arg("dest", |a| a.help(help("dest")))
        })
        .mut_subcommand("restore", |c| {
            c.about(help("restore"))
                .mut_arg("backup", |a| a.help(help("backup_file")))
        })
        .mut_subcommand("export", |c| {
            c.about(help("export")).mut_subcommand("json", |j| {
                j.about(help("export_json"))
                    .mut_arg("output", |a| a.help(help("output")))
            })
        })
        .mut_subcommand("meetings", |c| {
            c.about(help("meetings"))
                .mut_arg("cell", |a| a.help(help("import_cell_any")))
        })
        .mut_subcommand("minutes", |c| {
            c.about(help("minutes"))
                .mut_arg("meeting", |a| a.help(help("meeting_id")))
                .mut_arg("format", |a| a.help(help("format")))
                .mut_arg("output", |a| a.help(help("output")))
        })
        .mut_subcommand("findings", |c| {
            c.about(help("findings"))
                .mut_arg("meeting", |a| a.help(help("meeting_id")))
                .mut_arg("format", |a| a.help(help("findings_format")))
        })
        .mut_subcommand("agenda", |c| {
            c.about(help("agenda"))
                .mut_arg("meeting", |a| a.help(help("meeting_id")))
                .mut_arg("format", |a| a.help(help("format")))
                .mut_arg("output", |a| a.help(help("output")))
        })
        .mut_subcommand("import", |c| {
            c.about(help("import"))
                .mut_subcommand("json", |j| {
                    j.about(help("import_json"))
                        .mut_arg("file", |a| a.help(help("import_file")))
                })
                .mut_subcommand("members", |j| {
                    j.about(help("import_members"))
                        .mut_arg("cell", |a| a.help(help("import_cell")))
                        .mut_arg("file", |a| a.help(help("import_csv")))
                })
        })
}

/// Entry point of the binary: parses arguments, runs, prints the message of
/// a failure and returns the exit code.
pub fn run() -> i32 {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = requested_lang(&args);
    let strings = Strings::load(lang);
    let matches = match command(&strings).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let strings = Strings::load(cli.lang.unwrap_or(lang));
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
        Some(Command::Demo { today }) => {
            let today = match today {
                Some(text) => vi::parse_date(&text)
                    .ok_or_else(|| Failure(s.fmt("cli.bad_date", &[("value", &text)])))?,
                None => clock.today(),
            };
            let started = Instant::now();
            let mut store = Store::open(&db, clock).map_err(fail)?;
            let _writer = WriterLock::acquire(&db).map_err(fail)?;
            let done = demo::load(&mut store, today).map_err(fail)?;
            let seconds = format!("{:.2}", started.elapsed().as_secs_f64()).replace('.', ",");
            say(&s.fmt(
                "cli.demo_done",
                &[
                    ("cells", &done.cells),
                    ("members", &done.members),
                    ("meetings", &done.meetings),
                    ("seconds", &seconds),
                ],
            ));
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
        }) => import_members(&db, clock, s, &cell, &file),
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
            write_document(&db, clock, s, meeting, &format, target, false)
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
            write_document(&db, clock, s, meeting, &format, target, true)
        }
        Some(Command::Findings { meeting, format }) => {
            existing(&db)?;
            print_findings(&db, clock, s, meeting, &format)
        }
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

/// `chibo agenda` and `chibo minutes`: a meeting's document to a file or
/// standard output.
fn write_document(
    db: &Path,
    clock: Clock,
    s: &Strings,
    meeting: i64,
    format: &str,
    target: Target,
    minutes: bool,
) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let store = Store::open(db, clock).map_err(fail)?;
    let format = Format::parse(format).unwrap_or(Format::Text);
    let text = if minutes {
        planning::minutes_document(&store, meeting, format)
    } else {
        planning::agenda_document(&store, meeting, format, clock.today())
    }
    .map_err(fail)?;
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

/// Finds a cell by name, or says which cells there are.
fn find_cell(store: &Store, s: &Strings, name: &str) -> Result<crate::domain::Cell, Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    if let Some(cell) = store.cell_by_name(name).map_err(fail)? {
        return Ok(cell);
    }
    let names: Vec<String> = store
        .cells()
        .map_err(fail)?
        .into_iter()
        .map(|c| vi::strip_controls(&c.name))
        .collect();
    Err(Failure(s.fmt(
        "cli.no_such_cell",
        &[
            ("name", &vi::strip_controls(name)),
            ("cells", &names.join(", ")),
        ],
    )))
}

/// `chibo meetings --cell NAME`: the meetings with their ids, newest first.
fn list_meetings(db: &Path, clock: Clock, s: &Strings, cell: &str) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let store = Store::open(db, clock).map_err(fail)?;
    let cell = find_cell(&store, s, cell)?;
    for m in store.meetings(cell.id).map_err(fail)? {
        let attendance = if m.status.is_held() {
            store
                .figures(m.id)
                .map_err(fail)?
                .percent_present()
                .unwrap_or_default()
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
    let cell = find_cell(&store, s, cell)?;
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
    tui::run(store, ctx).map_err(|e| match e {
        tui::RunError::NoTerminal => Failure(s.get("app.no_terminal").to_string()),
        tui::RunError::Terminal(e) => Failure(s.fmt("app.terminal_error", &[("reason", &e)])),
    })
}

/// Prints a line; a closed pipe (`chibo meetings | head`) is not an error.
fn say(line: &str) {
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
fn write_private(
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
