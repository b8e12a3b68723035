//! `chibo bundle`, `chibo merge` and `chibo transfer out|in`: a cell's
//! data travels from its secretary's laptop to the committee's file, and a
//! member from one cell to another, by file (see `store::bundle`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::{Failure, cells, say, write_private};
use crate::clock::Clock;
use crate::domain::Member;
use crate::i18n::Strings;
use crate::store::bundle::{Bundle, BundleKind, Refusal};
use crate::store::lock::WriterLock;
use crate::store::merge::MergeOptions;
use crate::store::{self, Store};
use crate::vi;

/// A progress bar on standard error for a large cell, only on a terminal.
fn bar(steps_of_work: i64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || steps_of_work < 200 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len}").ok()?);
    Some(bar)
}

fn tick(bar: &Option<indicatif::ProgressBar>) -> impl FnMut(usize, usize) + '_ {
    move |step, steps| {
        if let Some(bar) = bar {
            bar.set_length(steps as u64);
            bar.set_position(step as u64);
        }
    }
}

/// `chibo bundle --cell NAME [-o FILE] [--with-private]`.
pub(super) fn write(
    db: &Path,
    clock: Clock,
    s: &Strings,
    cell: &str,
    output: Option<PathBuf>,
    private: bool,
    force: bool,
) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let store = Store::open(db, clock).map_err(fail)?;
    let cell = cells::find(&store, s, cell)?;
    let sync = store.cell_sync(cell.id).map_err(fail)?;
    let meetings = store.meetings(cell.id).map_err(fail)?.len() as i64;
    let progress = bar(meetings);
    let bytes = store
        .write_bundle(cell.id, private, &mut tick(&progress))
        .map_err(fail)?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let path = output.unwrap_or_else(|| {
        let short: String = cell.uuid.to_string().chars().take(8).collect();
        PathBuf::from(format!("chi-bo-{short}-r{}.chibo-bundle", sync.revision))
    });
    write_private(&path, &bytes, s, force, db)?;
    say(&s.fmt(
        "bundle.written",
        &[
            ("path", &path.display()),
            ("cell", &vi::strip_controls(&cell.name)),
            ("revision", &sync.revision),
            (
                "size",
                &format!("{:.1}", bytes.len() as f64 / 1e6).replace('.', s.decimal_separator()),
            ),
        ],
    ));
    say(s.get(if private {
        "bundle.with_private"
    } else {
        "bundle.without_private"
    }));
    Ok(())
}

/// Asks a yes/no question on the terminal; anything but yes is no.
fn ask(s: &Strings, question: &str) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    eprint!("{question} {} ", s.get("bundle.yes_no"));
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return false;
    }
    let answer = vi::fold(answer.trim());
    answer == "c" || answer == "co" || answer == "y" || answer == "yes"
}

/// What a merge is asked to do.
pub(super) struct MergeRequest {
    pub file: PathBuf,
    pub dry_run: bool,
    pub take_over: bool,
    pub yes: bool,
}

/// `chibo merge FILE [--dry-run] [--take-over] [--yes]`.
pub(super) fn merge(db: &Path, clock: Clock, s: &Strings, r: MergeRequest) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let mut store = Store::open(db, clock).map_err(fail)?;
    let _writer = WriterLock::acquire(db).map_err(fail)?;
    let bundle = Bundle::open(&r.file, BundleKind::Cell).map_err(fail)?;
    let matches = store.card_matches(&bundle).map_err(fail)?;
    let mut confirmed = r.yes;
    if !matches.is_empty() && !confirmed {
        let lines: Vec<String> = matches.iter().map(|m| s.card_match(m)).collect();
        eprintln!("{}", s.fmt("bundle.matches", &[("n", &matches.len())]));
        eprintln!("{}", lines.join("\n"));
        confirmed = !r.dry_run && ask(s, s.get("bundle.same_people"));
        if !confirmed && !r.dry_run {
            return Err(fail(store::Error::Bundle(Refusal::Unconfirmed(matches))));
        }
    }
    let preview = store.preview_merge(&bundle).map_err(fail)?;
    for line in s.merge_preview(&preview, 12) {
        say(&line);
    }
    if r.dry_run {
        say(s.get("bundle.dry_run"));
        return Ok(());
    }
    let progress = bar(bundle.manifest.meetings);
    let options = MergeOptions {
        take_over: r.take_over,
        confirmed_matches: confirmed,
    };
    let merged = store
        .merge(&bundle, options, &mut tick(&progress))
        .map_err(fail)?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let _ = merged;
    say(&s.fmt(
        if r.take_over {
            "bundle.taken_over"
        } else {
            "bundle.merged"
        },
        &[
            ("cell", &vi::strip_controls(&bundle.manifest.cell_name)),
            ("revision", &bundle.manifest.revision),
        ],
    ));
    Ok(())
}

/// The member `wanted` names in a cell: a UUID or an exact name (a name
/// two members share is refused, listing them with their UUIDs).
fn find_member(store: &Store, s: &Strings, cell_id: i64, wanted: &str) -> Result<Member, Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let members = store.members(cell_id).map_err(fail)?;
    if let Ok(uuid) = Uuid::parse_str(wanted.trim()) {
        if let Some(m) = members.into_iter().find(|m| m.uuid == uuid) {
            return Ok(m);
        }
    } else {
        let folded = vi::fold(wanted.trim());
        let same: Vec<&Member> = members
            .iter()
            .filter(|m| vi::fold(&m.full_name) == folded)
            .collect();
        match same.as_slice() {
            [one] => return Ok((*one).clone()),
            [] => {}
            many => {
                let list = many
                    .iter()
                    .map(|m| format!("{}  {}", m.uuid, vi::strip_controls(&m.full_name)));
                return Err(super::cells::ambiguous(
                    s,
                    "bundle.ambiguous_member",
                    wanted,
                    list,
                ));
            }
        }
    }
    Err(Failure(s.fmt(
        "bundle.no_such_member",
        &[("name", &vi::strip_controls(wanted))],
    )))
}

fn parse_date(s: &Strings, text: Option<&str>, clock: Clock) -> Result<chrono::NaiveDate, Failure> {
    match text {
        Some(text) => {
            vi::parse_date(text).ok_or_else(|| Failure(s.fmt("cli.bad_date", &[("value", &text)])))
        }
        None => Ok(clock.today()),
    }
}

/// What `chibo transfer out` is asked to do.
pub(super) struct TransferOut {
    pub cell: String,
    pub member: String,
    pub to: String,
    pub date: Option<String>,
    pub output: Option<PathBuf>,
    pub force: bool,
}

/// `chibo transfer out`: records the transfer and writes the transfer file.
pub(super) fn transfer_out(
    db: &Path,
    clock: Clock,
    s: &Strings,
    r: TransferOut,
) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let date = parse_date(s, r.date.as_deref(), clock)?;
    let to = vi::nfc(r.to.trim());
    if to.is_empty() || to.chars().any(char::is_control) {
        return Err(Failure(s.get("bundle.bad_destination").to_string()));
    }
    let mut store = Store::open(db, clock).map_err(fail)?;
    let _writer = WriterLock::acquire(db).map_err(fail)?;
    let cell = cells::find(&store, s, &r.cell)?;
    let member = find_member(&store, s, cell.id, &r.member)?;
    let path = r.output.unwrap_or_else(|| {
        let short: String = member.uuid.to_string().chars().take(8).collect();
        PathBuf::from(format!("chuyen-sinh-hoat-{short}.chibo-transfer"))
    });
    // Refused before the transfer is recorded: the file would not be written.
    if super::output::is_database_file(&path, db)
        || (std::fs::symlink_metadata(&path).is_ok() && !r.force)
    {
        return write_private(&path, &[], s, r.force, db);
    }
    let bytes = store.transfer_out(member.id, date, &to).map_err(fail)?;
    write_private(&path, &bytes, s, r.force, db)?;
    say(&s.fmt(
        "bundle.transfer_written",
        &[
            ("name", &vi::strip_controls(&member.full_name)),
            ("date", &vi::date(date)),
            ("to", &vi::strip_controls(&to)),
            ("path", &path.display()),
        ],
    ));
    Ok(())
}

/// `chibo transfer in FILE --cell NAME [--date DD/MM/YYYY]`.
pub(super) fn transfer_in(
    db: &Path,
    clock: Clock,
    s: &Strings,
    file: &Path,
    cell: &str,
    date: Option<&str>,
) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let date = parse_date(s, date, clock)?;
    let mut store = Store::open(db, clock).map_err(fail)?;
    let _writer = WriterLock::acquire(db).map_err(fail)?;
    let cell = cells::find(&store, s, cell)?;
    let bundle = Bundle::open(file, BundleKind::Transfer).map_err(fail)?;
    let id = store.transfer_in(&bundle, cell.id, date).map_err(fail)?;
    let member = store.member(id).map_err(fail)?;
    say(&s.fmt(
        "bundle.transferred_in",
        &[
            ("name", &vi::strip_controls(&member.full_name)),
            ("cell", &vi::strip_controls(&cell.name)),
            ("from", &vi::strip_controls(&bundle.manifest.cell_name)),
            ("date", &vi::date(date)),
        ],
    ));
    Ok(())
}
