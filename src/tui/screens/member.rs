//! One member: identity, today's standing, offices, party cards and the
//! dated history of status events.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::Effect;
use crate::domain::{Cell, Member, RowId};
use crate::store::{Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::forms::RegistryForm;
use crate::tui::text::{self, date_or_blank, safe, sensitive};
use crate::vi;

pub struct MemberView {
    cell: Cell,
    member: Member,
    reveal: bool,
    scroll: u16,
}

impl MemberView {
    pub fn load(store: &Store, member_id: RowId) -> Result<MemberView> {
        let member = store.member(member_id)?;
        Ok(MemberView {
            cell: store.cell(member.cell_id)?,
            member,
            reveal: false,
            scroll: 0,
        })
    }

    pub fn cell_id(&self) -> RowId {
        self.cell.id
    }

    pub fn reload(&mut self, store: &Store, _ctx: &Ctx) -> Result<()> {
        self.member = store.member(self.member.id)?;
        self.cell = store.cell(self.member.cell_id)?;
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
        let id = self.member.id;
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
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

    fn lines<'a>(&'a self, ctx: &'a Ctx) -> Vec<Line<'a>> {
        let t = &ctx.theme;
        let m = &self.member;
        let today = ctx.clock.today();
        let pair = |label: &str, value: String| {
            Line::from(vec![
                Span::styled(format!("{label}: "), t.muted),
                Span::raw(value),
            ])
        };
        let f = |name: &str| ctx.strings.field(name);
        let mut lines = vec![
            Line::from(Span::styled(safe(&m.full_name).into_owned(), t.title)),
            pair(
                ctx.t("member.today"),
                text::situation(ctx, m.situation_on(today)),
            ),
            pair(&f("birth_date"), date_or_blank(m.birth_date)),
            pair(&f("gender"), text::gender(ctx, m.gender).to_string()),
            pair(&f("admitted_on"), date_or_blank(m.admitted_on())),
            pair(&f("official_on"), date_or_blank(m.official_on())),
            pair(
                &f("card_number"),
                m.current_card()
                    .map(|c| sensitive(&c.number, self.reveal))
                    .unwrap_or_default(),
            ),
            pair(&f("phone"), sensitive(&m.phone, self.reveal)),
            pair(&f("national_id"), sensitive(&m.national_id, self.reveal)),
        ];
        if !m.note.is_empty() {
            lines.push(pair(&f("note"), safe(&m.note).into_owned()));
        }
        if !self.reveal {
            let keys = ctx.keymap.keys_of(&["member"], Action::Reveal);
            lines.push(Line::from(Span::styled(
                ctx.strings.fmt("member.masked_hint", &[("keys", &keys)]),
                t.muted,
            )));
        }

        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(ctx.t("member.roles"), t.header)));
        if m.roles.is_empty() {
            lines.push(Line::from(Span::styled(ctx.t("member.none"), t.muted)));
        }
        for role in &m.roles {
            let until = role
                .until
                .map(|u| format!(" – {}", vi::date(u)))
                .unwrap_or_else(|| format!(" – {}", ctx.t("member.now")));
            lines.push(Line::from(format!(
                "  {}: {}{until}",
                text::role(ctx, role.kind),
                vi::date(role.from)
            )));
        }

        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(ctx.t("member.history"), t.header)));
        for event in &m.events {
            let mut text = format!(
                "  {}  {}",
                vi::date(event.date),
                text::event_kind(ctx, event.kind)
            );
            if let Some(until) = event.until {
                text.push_str(
                    &ctx.strings
                        .fmt("member.until", &[("date", &vi::date(until))]),
                );
            }
            for extra in [&event.organisation, &event.decision, &event.note] {
                if !extra.is_empty() {
                    text.push_str(" · ");
                    text.push_str(&safe(extra));
                }
            }
            lines.push(Line::from(text));
        }

        if m.cards.len() > 1 || (self.reveal && !m.cards.is_empty()) {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(ctx.t("member.cards"), t.header)));
            for card in &m.cards {
                let issued = card
                    .issued_on
                    .map(|d| ctx.strings.fmt("member.issued", &[("date", &vi::date(d))]))
                    .unwrap_or_default();
                lines.push(Line::from(format!(
                    "  {}{issued}",
                    sensitive(&card.number, self.reveal)
                )));
            }
        }
        lines
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lines = self.lines(ctx);
        let max_scroll = (lines.len() as u16).saturating_sub(area.height);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((self.scroll.min(max_scroll), 0))
            .render(area, buf);
    }
}
