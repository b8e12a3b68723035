//! The task register: every task the cell's meetings set, with its
//! assignee, due date, latest outcome and when it was reported; overdue
//! ones marked. `f` filters by status, `p` by person; Enter opens the
//! meeting that set the task.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Data;
use crate::domain::engine::history::CellTask;
use crate::domain::{RowId, TaskOutcome};
use crate::tui::Ctx;
use crate::tui::action::Action;
use crate::tui::text::safe;
use crate::tui::widgets::list_frame::{ListFrame, ListState};
use crate::tui::widgets::table::Column;
use crate::vi;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum StatusFilter {
    #[default]
    All,
    Open,
    Overdue,
    Done,
}

impl StatusFilter {
    fn next(self) -> StatusFilter {
        match self {
            StatusFilter::All => StatusFilter::Open,
            StatusFilter::Open => StatusFilter::Overdue,
            StatusFilter::Overdue => StatusFilter::Done,
            StatusFilter::Done => StatusFilter::All,
        }
    }

    fn key(self) -> &'static str {
        match self {
            StatusFilter::All => "history.tasks_all",
            StatusFilter::Open => "history.tasks_open",
            StatusFilter::Overdue => "history.tasks_overdue",
            StatusFilter::Done => "history.tasks_done",
        }
    }
}

#[derive(Default)]
pub struct TasksView {
    /// Indices into the history's tasks, newest first, as filtered.
    shown: Vec<usize>,
    status: StatusFilter,
    /// The assignee filtered by (None: everyone).
    person: Option<RowId>,
    list: ListState,
}

fn is_open(t: &CellTask) -> bool {
    t.task.outcome != Some(TaskOutcome::Done)
}

fn is_overdue(t: &CellTask, data: &Data) -> bool {
    is_open(t) && t.task.due_on.is_some_and(|due| due < data.today)
}

impl TasksView {
    pub fn rebuild(&mut self, data: &Data) {
        let tasks = &data.history.tasks;
        let mut shown: Vec<usize> = (0..tasks.len())
            .filter(|&i| {
                let t = &tasks[i];
                let status = match self.status {
                    StatusFilter::All => true,
                    StatusFilter::Open => is_open(t),
                    StatusFilter::Overdue => is_overdue(t, data),
                    StatusFilter::Done => !is_open(t),
                };
                status && self.person.is_none_or(|p| t.task.assignee_id == Some(p))
            })
            .collect();
        shown.reverse();
        self.shown = shown;
        self.list.clamp(self.shown.len());
    }

    /// The assignees of the cell's tasks, in the order they first appear.
    fn people(data: &Data) -> Vec<RowId> {
        let mut people = Vec::new();
        for t in &data.history.tasks {
            if let Some(id) = t.task.assignee_id
                && !people.contains(&id)
            {
                people.push(id);
            }
        }
        people
    }

    pub fn handle(&mut self, action: Action, data: &Data) -> Option<(RowId, Option<RowId>)> {
        if self.list.apply(action, self.shown.len()) {
            return None;
        }
        match action {
            Action::CycleFilter => {
                self.status = self.status.next();
                self.rebuild(data);
            }
            Action::Person => {
                let people = Self::people(data);
                self.person = match self.person {
                    None => people.first().copied(),
                    Some(p) => people
                        .iter()
                        .position(|&x| x == p)
                        .and_then(|i| people.get(i + 1))
                        .copied(),
                };
                self.rebuild(data);
            }
            Action::Open => {
                let t = &data.history.tasks[*self.shown.get(self.list.selected())?];
                return Some((t.task.meeting_id, t.task.agenda_item_id));
            }
            _ => {}
        }
        None
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx, data: &Data) {
        let t = &ctx.theme;
        let s = &ctx.strings;
        let tasks = &data.history.tasks;
        let outcome = |task: &CellTask| -> String {
            let word = match task.task.outcome {
                Some(o) => s.get(&format!("outcome.{}", o.code())).to_string(),
                None => s.get("history.task_no_report").to_string(),
            };
            match task.reported_on {
                Some(day) => format!("{word} ({})", vi::date(day)),
                None => word,
            }
        };
        let rows: Vec<[String; 5]> = self
            .shown
            .iter()
            .map(|&i| {
                let task = &tasks[i];
                [
                    vi::date(task.set_on),
                    safe(&task.task.text).into_owned(),
                    task.task
                        .assignee_id
                        .map(|id| data.history.name(id))
                        .unwrap_or_default(),
                    task.task.due_on.map(vi::date).unwrap_or_default(),
                    outcome(task),
                ]
            })
            .collect();
        let person = self
            .person
            .map(|id| format!(" · {}", data.history.name(id)))
            .unwrap_or_default();
        let overdue = tasks.iter().filter(|x| is_overdue(x, data)).count();
        let title = Line::from(vec![
            Span::styled(
                format!(
                    "{} · {}{person}",
                    ctx.t("history.tasks_title"),
                    s.get(self.status.key())
                ),
                t.header,
            ),
            Span::styled(
                format!("  {}", s.fmt("history.tasks_overdue_n", &[("n", &overdue)])),
                if overdue > 0 { t.warn } else { t.ok },
            ),
        ]);
        let frame = ListFrame {
            titles: vec![title],
            filter: None,
            empty: ctx.t("history.tasks_none").to_string(),
            columns: vec![
                Column::fixed(ctx.t("history.col_set"), 10),
                Column::fill(ctx.t("history.col_task"), 16),
                Column::widest(
                    ctx.t("history.col_assignee"),
                    rows.iter().map(|r| r[2].as_str()),
                )
                .optional(2),
                Column::fixed(ctx.t("history.col_due"), 10),
                Column::fill(ctx.t("history.col_outcome"), 12).optional(1),
            ],
            len: rows.len(),
        };
        frame.render(area, buf, ctx, &self.list, |i| {
            let late = is_overdue(&tasks[self.shown[i]], data);
            rows[i]
                .iter()
                .enumerate()
                .map(|(c, text)| {
                    let style = if late && c == 3 { t.error } else { t.base };
                    Span::styled(text.clone(), style)
                })
                .collect()
        });
    }
}
