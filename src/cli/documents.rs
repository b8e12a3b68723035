//! `chibo resolution ID`, `chibo notice ID` and `chibo roll ID`: a
//! meeting's resolution, notice and roll to sign, to a file or standard
//! output. A Word file is never printed on a terminal.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::{Failure, write_private};
use crate::clock::Clock;
use crate::documents::render::DocFormat;
use crate::i18n::Strings;
use crate::paperwork::{self, Paper};
use crate::store::lock::WriterLock;
use crate::store::{self, Store};

pub(super) struct Request {
    pub paper: Paper,
    pub meeting: i64,
    pub format: String,
    pub output: Option<PathBuf>,
    pub force: bool,
    /// The resolution: drafted again from the record first.
    pub redraft: bool,
    /// The notice: the few lines for Zalo or an SMS instead of the page.
    pub short: bool,
}

pub(super) fn run(db: &Path, clock: Clock, s: &Strings, request: Request) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let format = DocFormat::parse(&request.format).unwrap_or(DocFormat::Text);
    // Refused before anything is read or written.
    if format == DocFormat::Docx
        && request.output.is_none()
        && !request.short
        && std::io::stdout().is_terminal()
    {
        return Err(Failure(s.get("resolution.docx_terminal").to_string()));
    }
    let mut store = Store::open(db, clock).map_err(fail)?;
    let bytes = if request.paper == Paper::Notice && request.short {
        paperwork::notice_short(&store, request.meeting, clock.today())
            .map_err(fail)?
            .into_bytes()
    } else {
        if request.paper == Paper::Resolution {
            resolution_stored(&mut store, db, s, request.meeting, request.redraft)?;
        }
        paperwork::document(&mut store, request.paper, request.meeting, format).map_err(fail)?
    };
    match request.output {
        Some(path) => {
            write_private(&path, &bytes, s, request.force, db)?;
            eprintln!("{}", s.fmt("cli.export_done", &[("path", &path.display())]));
        }
        None => {
            let _ = std::io::stdout().lock().write_all(&bytes);
        }
    }
    Ok(())
}

/// Makes sure the meeting's resolution is stored (drafting it, or drafting
/// it again when asked), under the writer lock; says so when it drafted.
fn resolution_stored(
    store: &mut Store,
    db: &Path,
    s: &Strings,
    meeting: i64,
    redraft: bool,
) -> Result<(), Failure> {
    let fail = |e: store::Error| Failure(s.error(&e));
    let m = store.meeting(meeting).map_err(fail)?;
    if !paperwork::resolution_allowed(m.status) {
        return Err(Failure(s.get("resolution.only_closed").to_string()));
    }
    if !redraft && store.resolution(meeting).map_err(fail)?.is_some() {
        return Ok(());
    }
    // A merged cell's resolution is printed as a draft, not stored; a
    // redraft is refused by the store as any change to that cell.
    if !redraft && paperwork::read_only(store, meeting).map_err(fail)? {
        eprintln!("{}", s.get("resolution.unstored_draft"));
        return Ok(());
    }
    let _writer = WriterLock::acquire(db).map_err(fail)?;
    let stored = if redraft {
        paperwork::redraft_resolution(store, meeting)
    } else {
        paperwork::resolution(store, meeting)
    }
    .map_err(fail)?;
    eprintln!(
        "{}",
        s.fmt("resolution.drafted", &[("number", &stored.number_label())])
    );
    Ok(())
}
