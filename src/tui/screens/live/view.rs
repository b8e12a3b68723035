//! The meeting as the live screen shows it: the record read from the store,
//! kept in step with each committed mark, the engine's findings about it,
//! and the lines that describe it (header, figures, warnings).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::assets;
use crate::domain::engine::{Finding, MeetingRecord, RuleId, moments};
use crate::domain::rules::RuleSet;
use crate::domain::{
    AgendaItem, AttendanceMark, Cell, Figures, MarkKind, Meeting, Remark, Roster, RosterCategory,
    RowId, Speaker, Task, Vote, VoteRule,
};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::text::safe;
use crate::vi;

pub struct MeetingView {
    pub cell: Cell,
    pub meeting: Meeting,
    pub roster: Roster,
    pub marks: HashMap<RowId, AttendanceMark>,
    pub figures: Figures,
    pub dues: HashMap<RowId, bool>,
    pub last_reasons: HashMap<RowId, String>,
    pub items: Vec<AgendaItem>,
    pub remarks: Vec<Remark>,
    pub votes: Vec<Vote>,
    pub tasks: Vec<Task>,
    pub rules: Option<&'static RuleSet>,
    /// The record as the engine reads it, kept in step with each mark.
    record: Option<MeetingRecord>,
    /// The cell's other meetings (for the rules that compare months).
    others: Vec<Meeting>,
    /// The engine's findings about the meeting as it stands.
    pub findings: Vec<Finding>,
    pub clock: crate::clock::Clock,
    pub names: HashMap<RowId, String>,
    pub guests: Vec<crate::domain::Guest>,
    pub assessment: Option<crate::domain::rubric::Assessment>,
    pub addenda: Vec<crate::domain::Addendum>,
    /// Members the rules over the cell's history warn about (unexcused
    /// absences, a run of excused ones, removal grounds …): marked ⚠ in
    /// the roll call.
    pub warned: std::collections::HashSet<RowId>,
}

impl MeetingView {
    pub fn load(store: &Store, ctx: &Ctx, meeting_id: RowId) -> Result<MeetingView> {
        let meeting = store.meeting(meeting_id)?;
        let mut view = MeetingView {
            cell: store.cell(meeting.cell_id)?,
            rules: assets::rules_on(meeting.date()),
            record: None,
            others: Vec::new(),
            findings: Vec::new(),
            clock: ctx.clock,
            meeting,
            roster: Roster::default(),
            marks: HashMap::new(),
            figures: Figures::default(),
            dues: HashMap::new(),
            last_reasons: HashMap::new(),
            items: Vec::new(),
            remarks: Vec::new(),
            votes: Vec::new(),
            tasks: Vec::new(),
            names: HashMap::new(),
            guests: Vec::new(),
            assessment: None,
            addenda: Vec::new(),
            warned: Default::default(),
        };
        view.reload(store)?;
        Ok(view)
    }

    pub fn reload(&mut self, store: &Store) -> Result<()> {
        use chrono::Datelike;
        self.meeting = store.meeting(self.meeting.id)?;
        self.roster = store.roster(&self.meeting)?;
        self.marks = store
            .marks(self.meeting.id)?
            .into_iter()
            .map(|m| (m.member_id, m))
            .collect();
        let d = self.meeting.date();
        self.dues = store
            .dues_of_month(self.cell.id, d.year(), d.month())?
            .into_iter()
            .map(|(id, p)| (id, p.paid))
            .collect();
        self.last_reasons = store.last_reasons(&self.meeting)?;
        self.items = store.agenda(self.meeting.id)?;
        self.remarks = store.remarks(self.meeting.id)?;
        self.votes = store.votes(self.meeting.id)?;
        self.tasks = store.tasks(self.meeting.id)?;
        self.names = store
            .members(self.cell.id)?
            .into_iter()
            .map(|m| (m.id, m.full_name))
            .collect();
        self.guests = store.guests(self.meeting.id)?;
        let record = store.record(self.meeting.id)?;
        self.assessment = crate::domain::engine::assess(&record, assets::rulebook()?);
        self.record = Some(record);
        self.others = store.meetings(self.cell.id)?;
        self.addenda = store.addenda(self.meeting.id)?;
        self.warned = store
            .cell_warnings(self.cell.id, self.clock.today())?
            .iter()
            .filter_map(|f| f.member_id)
            .collect();
        self.refigure();
        Ok(())
    }

    /// A committed mark (or its removal) reaches the view here.
    pub fn apply_mark(&mut self, member_id: RowId, mark: Option<AttendanceMark>) {
        match mark {
            Some(m) => {
                self.marks.insert(member_id, m);
            }
            None => {
                self.marks.remove(&member_id);
            }
        }
        self.refigure();
    }

    /// Figures and findings after a change of marks (no store read: the
    /// marks shown are the ones committed).
    fn refigure(&mut self) {
        let marks: Vec<AttendanceMark> = self.marks.values().cloned().collect();
        self.figures = Figures::compute(&self.roster, &marks, None);
        let Ok(book) = assets::rulebook() else {
            return;
        };
        if let Some(record) = &mut self.record {
            record.meeting = self.meeting.clone();
            record.marks = marks;
            record.figures = self.figures.clone();
            self.findings = crate::domain::engine::meeting_findings(
                record,
                book,
                &self.others,
                self.clock.now(),
            );
        }
    }

    /// A member's or a guest's name, as stored (made safe to draw).
    pub fn name_of(&self, speaker: Option<Speaker>) -> String {
        match speaker {
            Some(Speaker::Member(id)) => self.names.get(&id).map(|n| safe(n).into_owned()),
            Some(Speaker::Guest(id)) => self
                .guests
                .iter()
                .find(|g| g.id == id)
                .map(|g| safe(&g.name).into_owned()),
            None => None,
        }
        .unwrap_or_default()
    }

    /// The figures as the minutes header gives them: wrapped chips under the
    /// header when `compact` gives the width, else one figure a line.
    /// The findings worth showing while the meeting runs: the attendance
    /// and voting rules, and an officer who is absent.
    pub fn live_warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| {
            matches!(
                f.rule,
                RuleId::AttendanceLow
                    | RuleId::AttendanceBelowFullMarks
                    | RuleId::UnexcusedAbsence
                    | RuleId::VoteCannotPass
                    | RuleId::ChairAbsent
                    | RuleId::MinuteTakerAbsent
                    | RuleId::TooShort
            ) && (self.figures.unmarked == 0
                || !matches!(f.rule, RuleId::ChairAbsent | RuleId::MinuteTakerAbsent))
        })
    }

    /// The live warnings wrapped to `width`, at most four rows: whatever
    /// does not fit is counted, never cut off silently. A `read_only`
    /// meeting (its cell merged from a bundle) names no key that changes it.
    pub(super) fn warning_rows(&self, ctx: &Ctx, width: usize, read_only: bool) -> Vec<String> {
        const MAX_ROWS: usize = 4;
        let texts: Vec<String> = self
            .live_warnings()
            .map(|f| ctx.strings.finding(f))
            .collect();
        let mut rows = Vec::new();
        for (n, text) in texts.iter().enumerate() {
            let wrapped = crate::documents::layout::wrap(text, width.max(20), "⚠ ", "  ");
            // Keep a row for the count while more warnings follow.
            let budget = if n + 1 < texts.len() {
                MAX_ROWS - 1
            } else {
                MAX_ROWS
            };
            if rows.len() + wrapped.len() > budget {
                let key = if read_only {
                    "live_read_only.more_warnings"
                } else {
                    "live.more_warnings"
                };
                rows.push(ctx.strings.fmt(key, &[("n", &(texts.len() - n))]));
                break;
            }
            rows.extend(wrapped);
        }
        rows
    }

    pub(super) fn mark_label(
        &self,
        ctx: &Ctx,
        member_id: RowId,
        category: RosterCategory,
    ) -> (String, bool) {
        let Some(m) = self.marks.get(&member_id) else {
            return match category {
                RosterCategory::Away => (ctx.t("live.away").to_string(), false),
                RosterCategory::Suspended => (ctx.t("live.suspended").to_string(), false),
                RosterCategory::Exempt => (format!("[ ] {}", ctx.t("live.exempt")), false),
                _ => ("[ ]".to_string(), false),
            };
        };
        let time = |t: Option<NaiveDateTime>| t.map(|t| vi::clock(t.time())).unwrap_or_default();
        let text = match m.kind {
            MarkKind::Present => format!("[x] {}", ctx.t("live.present")),
            MarkKind::Late => format!("[x] {} {}", ctx.t("live.late"), time(m.arrived_at)),
            MarkKind::LeftEarly => format!("[x] {} {}", ctx.t("live.left_early"), time(m.left_at)),
            MarkKind::AbsentExcused => {
                format!("[-] {}: {}", ctx.t("live.excused"), safe(&m.reason))
            }
            MarkKind::AbsentUnexcused => format!("[!] {}", ctx.t("live.unexcused")),
        };
        (text, true)
    }

    pub fn figure_lines(&self, ctx: &Ctx, compact: Option<u16>) -> Vec<Line<'static>> {
        let f = &self.figures;
        let t = &ctx.theme;
        let s = &ctx.strings;
        let pct = s.percent(f.present, f.expected).unwrap_or("—".into());
        let mut lines = Vec::new();
        let roll = s.fmt(
            "live.fig_roll",
            &[
                ("total", &f.total),
                ("official", &f.official),
                ("probationary", &f.probationary),
                ("attached", &f.attached_in),
                ("exempt", &f.exempt),
                ("exempt_present", &f.exempt_present),
                ("away", &f.away),
                ("suspended", &f.suspended),
            ],
        );
        let presence = s.fmt(
            "live.fig_presence",
            &[
                ("expected", &f.expected),
                ("present", &f.present),
                ("pct", &pct),
                ("excused", &f.absent_excused.len()),
                ("unexcused", &f.absent_unexcused.len()),
                ("unmarked", &f.unmarked),
            ],
        );
        let mut voting = Vec::new();
        if let Some(rules) = &self.rules {
            let v = f.voting();
            let simple = v.needed(rules.majority(VoteRule::SimpleMajority));
            let two = v.needed(rules.majority(VoteRule::TwoThirds));
            voting.push(Span::raw(s.fmt(
                "live.fig_voting",
                &[
                    ("d", &f.denominator),
                    ("v", &f.eligible_present),
                    ("simple", &simple),
                    ("two_thirds", &two),
                ],
            )));
        }
        if let Some(width) = compact {
            // Each figure is a chip that is never split: the chips wrap to
            // the width, so every number shows whole however large.
            let presence_style = if f.unmarked > 0 { t.base } else { t.ok };
            let voting: String = voting.iter().map(|s| s.content.as_ref()).collect();
            for (text, style) in [(roll, t.base), (presence, presence_style), (voting, t.base)] {
                for row in chips(&text, usize::from(width)) {
                    lines.push(Line::from(Span::styled(row, style)));
                }
            }
        } else {
            // One figure a line, as the minutes header lists them.
            let row = |key: &str, value: String| {
                Line::from(vec![
                    Span::styled(format!("{:<24}", s.get(key)), t.muted),
                    Span::raw(value),
                ])
            };
            lines.push(Line::from(Span::styled(
                s.get("live.figures").to_string(),
                t.header,
            )));
            lines.push(row(
                "live.f_total",
                format!("{} ({} / {})", f.total, f.official, f.probationary),
            ));
            lines.push(row("live.f_attached", f.attached_in.to_string()));
            lines.push(row(
                "live.f_exempt",
                format!("{} ({})", f.exempt, f.exempt_present),
            ));
            lines.push(row("live.f_away", format!("{} / {}", f.away, f.suspended)));
            lines.push(row("live.f_expected", f.expected.to_string()));
            lines.push(row("live.f_present", format!("{} ({pct})", f.present)));
            lines.push(row("live.f_excused", f.absent_excused.len().to_string()));
            lines.push(row(
                "live.f_unexcused",
                f.absent_unexcused.len().to_string(),
            ));
            lines.push(row("live.f_unmarked", f.unmarked.to_string()));
            lines.push(row(
                "live.f_dv",
                format!("{} / {}", f.denominator, f.eligible_present),
            ));
            if let Some(rules) = &self.rules {
                let v = f.voting();
                lines.push(row(
                    "live.f_needed",
                    format!(
                        "{} / {}",
                        v.needed(rules.majority(VoteRule::SimpleMajority)),
                        v.needed(rules.majority(VoteRule::TwoThirds))
                    ),
                ));
            }
        }
        // The engine's warnings: beside the figures when wide; on narrow
        // screens `render` wraps them under the figures.
        if compact.is_none() {
            for f in self.live_warnings() {
                lines.push(Line::from(Span::styled(
                    format!("⚠ {}", s.finding(f)),
                    t.warn,
                )));
            }
        }
        if compact.is_none() {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                ctx.t("live.absent_excused").to_string(),
                t.header,
            )));
            for a in &f.absent_excused {
                lines.push(Line::from(format!(
                    "  {} — {}",
                    safe(&a.name),
                    safe(&a.reason)
                )));
            }
            lines.push(Line::from(Span::styled(
                ctx.t("live.absent_unexcused").to_string(),
                t.header,
            )));
            for name in &f.absent_unexcused {
                lines.push(Line::from(format!("  {}", safe(name))));
            }
        }
        lines
    }

    /// The meeting's kind, date, times and state; `read_only` as for
    /// `warning_rows`.
    pub(super) fn header_line(&self, ctx: &Ctx, read_only: bool) -> Line<'static> {
        let t = &ctx.theme;
        let m = &self.meeting;
        let now = ctx.clock.now();
        let mut spans = vec![
            Span::styled(
                ctx.strings
                    .get(&format!("kind.{}", m.kind.code()))
                    .to_string(),
                t.title,
            ),
            Span::raw(format!(" · {} · ", vi::date(m.date()))),
        ];
        match (m.started_at, m.ended_at) {
            (Some(s), Some(e)) => spans.push(Span::raw(ctx.strings.fmt(
                "live.held_from_to",
                &[
                    ("start", &vi::clock(s.time())),
                    ("end", &vi::clock(e.time())),
                ],
            ))),
            // Typed up after the day: the clock says nothing of its length.
            (Some(s), None) if !moments::is_live(m, now) => spans.push(Span::raw(
                ctx.strings
                    .fmt("live.opened_at", &[("start", &vi::clock(s.time()))]),
            )),
            (Some(s), None) => spans.push(Span::styled(
                ctx.strings.fmt(
                    "live.running",
                    &[
                        ("start", &vi::clock(s.time())),
                        ("minutes", &(now - s).num_minutes().max(0)),
                    ],
                ),
                t.ok,
            )),
            _ => {
                let key = if read_only {
                    "live_read_only.not_started"
                } else {
                    "live.not_started"
                };
                spans.push(Span::styled(ctx.t(key).to_string(), t.warn));
            }
        }
        let status = ctx
            .strings
            .get(&format!("meeting_status.{}", m.status.code()))
            .to_string();
        spans.push(Span::raw(" · "));
        spans.push(Span::styled(status, t.key));
        Line::from(spans)
    }
}

/// Splits a " · "-separated line of figures into rows of at most `width`
/// columns without splitting any figure.
pub fn chips(text: &str, width: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for chip in text.split(" · ") {
        if row.is_empty() {
            row = chip.to_string();
        } else if row.width() + 3 + chip.width() <= width {
            row.push_str(" · ");
            row.push_str(chip);
        } else {
            rows.push(std::mem::take(&mut row));
            row = chip.to_string();
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::chips;

    #[test]
    fn figures_wrap_whole() {
        let line =
            "Phải triệu tập 148 · Có mặt 120 (81,1%) · Vắng có LD 11 · không LD 6 · Chưa điểm 11";
        assert_eq!(
            chips(line, 60),
            vec![
                "Phải triệu tập 148 · Có mặt 120 (81,1%) · Vắng có LD 11",
                "không LD 6 · Chưa điểm 11",
            ]
        );
        for row in chips(line, 20) {
            assert!(!row.ends_with(' '), "{row}");
        }
        assert_eq!(chips(line, 200).len(), 1);
    }
}
