//! `/` on the history tab: every remark, conclusion, vote and task of the
//! cell, found by words typed without accents; Enter opens the meeting at
//! the item where it was recorded.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::domain::RowId;
use crate::store::{Hit, HitKind, Result, Store};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::text::safe;
use crate::tui::widgets::filter::{Filter, FilterKey};
use crate::tui::widgets::list_frame::{ListFrame, ListState};
use crate::tui::widgets::table::Column;
use crate::vi;

#[derive(Default)]
pub struct SearchView {
    query: Filter,
    hits: Vec<Hit>,
    list: ListState,
    /// The query changed since the hits were read.
    stale: bool,
}

impl SearchView {
    pub fn start(&mut self) {
        self.query.start();
    }

    pub fn is_typing(&self) -> bool {
        self.query.is_typing()
    }

    /// A key typed into the query; true when the hits must be read again.
    pub fn typed(&mut self, key: &KeyEvent) -> bool {
        let changed = match self.query.handle_key(key) {
            FilterKey::Changed => true,
            FilterKey::Up => {
                self.list.apply(Action::Up, self.hits.len());
                false
            }
            FilterKey::Down => {
                self.list.apply(Action::Down, self.hits.len());
                false
            }
            FilterKey::Done | FilterKey::Ignored => false,
        };
        self.stale |= changed;
        changed
    }

    pub fn paste(&mut self, text: &str) {
        self.query.paste(text);
        self.stale = true;
    }

    /// Reads the hits of the query as it stands (after each key typed).
    pub fn refresh(&mut self, store: &Store, cell_id: RowId) -> Result<()> {
        self.hits = store.search_cell(cell_id, self.query.query())?;
        self.list.clamp(self.hits.len());
        if self.stale {
            self.list.select(0);
            self.stale = false;
        }
        Ok(())
    }

    pub fn handle(&mut self, action: Action) -> Option<(RowId, Option<RowId>)> {
        if self.list.apply(action, self.hits.len()) {
            return None;
        }
        match action {
            Action::Open => {
                let hit = self.hits.get(self.list.selected())?;
                Some((hit.meeting_id, hit.item_id))
            }
            _ => None,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let t = &ctx.theme;
        let s = &ctx.strings;
        let kind = |k: HitKind| {
            s.get(match k {
                HitKind::Remark => "history.hit_remark",
                HitKind::Conclusion => "history.hit_conclusion",
                HitKind::Vote => "history.hit_vote",
                HitKind::Task => "history.hit_task",
            })
            .to_string()
        };
        let rows: Vec<[String; 3]> = self
            .hits
            .iter()
            .map(|h| {
                let text: Vec<String> = h.text.lines().map(|l| safe(l).into_owned()).collect();
                [
                    vi::date(h.meeting_at.date()),
                    kind(h.kind),
                    text.join(" / "),
                ]
            })
            .collect();
        let title = if self.query.query().is_empty() {
            Line::from(Span::styled(
                ctx.t("history.search_hint").to_string(),
                t.muted,
            ))
        } else {
            Line::from(Span::styled(
                s.fmt(
                    "history.search_title",
                    &[("query", &self.query.shown()), ("n", &self.hits.len())],
                ),
                t.header,
            ))
        };
        let frame = ListFrame {
            titles: vec![title],
            filter: Some(&self.query),
            empty: if self.query.query().is_empty() {
                ctx.t("history.search_hint").to_string()
            } else {
                ctx.t("history.search_none").to_string()
            },
            columns: vec![
                Column::fixed(ctx.t("history.col_date"), 10),
                Column::widest(
                    ctx.t("history.col_what"),
                    rows.iter().map(|r| r[1].as_str()),
                ),
                Column::fill(ctx.t("history.col_text"), 20),
            ],
            len: rows.len(),
        };
        frame.render(area, buf, ctx, &self.list, |i| {
            rows[i].iter().map(|c| Span::raw(c.clone())).collect()
        });
    }
}
