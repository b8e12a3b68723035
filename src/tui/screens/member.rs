//! One member: identity, today's standing, offices, party cards and the
//! dated history of status events.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Effect;
use chrono::NaiveDate;

use super::member_record::MemberRecord;
use crate::domain::{Cell, Member, RowId};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::RegistryForm;
use crate::tui::text::{self, date_or_blank, safe, sensitive, wrap_hanging};
use crate::tui::widgets::list_frame::ScrollState;
use crate::vi;

pub struct MemberView {
    cell: Cell,
    member: Member,
    reveal: bool,
    scroll: ScrollState,
    /// Attendance, tasks and dues over twelve months ending on this day.
    record_to: NaiveDate,
    today: NaiveDate,
    record: MemberRecord,
}

impl MemberView {
    pub fn load(store: &Store, ctx: &Ctx, member_id: RowId) -> Result<MemberView> {
        let member = store.member(member_id)?;
        let today = ctx.clock.today();
        Ok(MemberView {
            cell: store.cell(member.cell_id)?,
            record: MemberRecord::load(store, member.cell_id, member.id, today)?,
            record_to: today,
            today,
            member,
            reveal: false,
            scroll: ScrollState::default(),
        })
    }

    pub fn cell_id(&self) -> RowId {
        self.cell.id
    }

    pub fn reload(&mut self, store: &Store, _ctx: &Ctx) -> Result<()> {
        self.member = store.member(self.member.id)?;
        self.cell = store.cell(self.member.cell_id)?;
        self.record = MemberRecord::load(store, self.cell.id, self.member.id, self.record_to)?;
        Ok(())
    }

    pub fn breadcrumb(&self, ctx: &Ctx) -> String {
        format!(
            "{} › {} › {}",
            safe(&self.cell.name),
            ctx.t("members.title"),
            safe(&self.member.full_name)
        )
    }

    pub fn handle(&mut self, action: Action) -> Vec<Effect> {
        if self.scroll.apply(action) {
            return Vec::new();
        }
        let id = self.member.id;
        match action {
            Action::PrevYear | Action::NextYear => {
                let by = if action == Action::PrevYear { -1 } else { 1 };
                self.record_to = MemberRecord::moved(self.record_to, by, self.today);
                return vec![Effect::Reload];
            }
            Action::Reveal => self.reveal = !self.reveal,
            Action::Edit => {
                return vec![Effect::form(RegistryForm::Member {
                    cell_id: self.cell.id,
                    id: Some(id),
                    duplicate_confirmed: false,
                })];
            }
            Action::StatusEvent => {
                return vec![Effect::form(RegistryForm::StatusEvent { member_id: id })];
            }
            Action::Role => return vec![Effect::form(RegistryForm::Role { member_id: id })],
            Action::Back => return vec![Effect::Back],
            Action::Quit | Action::ForceQuit => return vec![Effect::Quit],
            Action::Help => return vec![Effect::Help],
            _ => {}
        }
        Vec::new()
    }

    /// The member's rows wrapped to `width`, the name apart (it stays on
    /// the title line).
    fn rows<'a>(&'a self, ctx: &'a Ctx, width: usize) -> Vec<Line<'a>> {
        let t = &ctx.theme;
        let m = &self.member;
        let today = ctx.clock.today();
        let mut rows = Vec::new();
        let mut push = |lead: Vec<Span<'a>>, body: &str, style| {
            rows.extend(wrap_hanging(lead, body, style, width));
        };
        let pair = |label: &str| vec![Span::styled(format!("{label}: "), t.muted)];
        let indent = || vec![Span::raw("  ")];
        let f = |name: &str| ctx.strings.field(name);
        push(
            pair(ctx.t("member.today")),
            &text::situation(ctx, m.situation_on(today)),
            t.base,
        );
        push(pair(&f("birth_date")), &date_or_blank(m.birth_date), t.base);
        push(pair(&f("gender")), text::gender(ctx, m.gender), t.base);
        push(
            pair(&f("admitted_on")),
            &date_or_blank(m.admitted_on()),
            t.base,
        );
        push(
            pair(&f("official_on")),
            &date_or_blank(m.official_on()),
            t.base,
        );
        push(pair(&f("card_number")), &text::card(m, self.reveal), t.base);
        push(pair(&f("phone")), &sensitive(&m.phone, self.reveal), t.base);
        push(
            pair(&f("national_id")),
            &sensitive(&m.national_id, self.reveal),
            t.base,
        );
        if !m.note.is_empty() {
            push(pair(&f("note")), &safe(&m.note), t.base);
        }
        if !self.reveal {
            let keys = ctx.keymap.keys_of(&["member"], Action::Reveal);
            let hint = ctx.strings.fmt("member.masked_hint", &[("keys", &keys)]);
            push(Vec::new(), &hint, t.muted);
        }

        push(Vec::new(), "", t.base);
        push(Vec::new(), ctx.t("member.roles"), t.header);
        if m.roles.is_empty() {
            push(indent(), ctx.t("member.none").trim_start(), t.muted);
        }
        for role in &m.roles {
            let until = role
                .until
                .map(vi::date)
                .unwrap_or_else(|| ctx.t("member.now").to_string());
            let body = format!(
                "{}: {} – {until}",
                text::role(ctx, role.kind),
                vi::date(role.from)
            );
            push(indent(), &body, t.base);
        }

        push(Vec::new(), "", t.base);
        push(Vec::new(), ctx.t("member.history"), t.header);
        for event in &m.events {
            let mut body = text::event_kind(ctx, event.kind).to_string();
            if let Some(until) = event.until {
                body.push_str(
                    &ctx.strings
                        .fmt("member.until", &[("date", &vi::date(until))]),
                );
            }
            for extra in [&event.organisation, &event.decision, &event.note] {
                if !extra.is_empty() {
                    body.push_str(" · ");
                    body.push_str(&safe(extra));
                }
            }
            let lead = vec![Span::raw(format!("  {}  ", vi::date(event.date)))];
            push(lead, &body, t.base);
        }

        push(Vec::new(), "", t.base);
        for (lead, body, style) in self.record.lines(ctx) {
            push(lead, &body, style);
        }

        if m.cards.len() > 1 || (self.reveal && !m.cards.is_empty()) {
            push(Vec::new(), "", t.base);
            push(Vec::new(), ctx.t("member.cards"), t.header);
            for card in &m.cards {
                let issued = card
                    .issued_on
                    .map(|d| ctx.strings.fmt("member.issued", &[("date", &vi::date(d))]))
                    .unwrap_or_default();
                let body = format!("{}{issued}", sensitive(&card.number, self.reveal));
                push(indent(), &body, t.base);
            }
        }
        rows
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let name = Span::styled(safe(&self.member.full_name).into_owned(), ctx.theme.title);
        let rows = self.rows(ctx, usize::from(area.width));
        self.scroll.render(area, buf, ctx, Line::from(name), rows);
    }
}
