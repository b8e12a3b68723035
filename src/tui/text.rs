//! How stored values are shown: control characters never reach the terminal,
//! sensitive numbers are masked, states are words.

use std::borrow::Cow;

use chrono::NaiveDate;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::Ctx;
use crate::domain::{Gender, Member, PartyStatus, RoleKind, Situation, StatusEventKind};
use crate::vi;

/// Stored text made safe to draw: escape sequences and other control
/// characters are removed (data imported from elsewhere may hold them).
pub fn safe(text: &str) -> Cow<'_, str> {
    if vi::has_controls(text) {
        Cow::Owned(vi::strip_controls(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// Text in at most `width` columns, ending with "…" when it had to be cut,
/// so that a cut is never silent. Characters are never split.
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(cut(text, width))
    }
}

/// A message ending with a file's path in at most `width` columns: the
/// path loses its start ("…/chibo-documents/bien-ban-….docx") before the
/// file's name is cut, which the secretary looks for. Else as `fit`.
pub fn fit_path(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    let Some(at) = text.rfind(" /").map(|i| i + 1) else {
        return fit(text, width);
    };
    let (head, path) = text.split_at(at);
    let name = path.rsplit('/').next().unwrap_or(path);
    // The head, "…/" and the whole file name must fit.
    let Some(room) = width.checked_sub(head.width() + 1) else {
        return fit(text, width);
    };
    if name.width() + 1 > room {
        return fit(text, width);
    }
    // The longest tail that fits and starts at a folder's '/'.
    let mut start = path.len() - name.len() - 1;
    let mut used = 0;
    for (i, c) in path.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > room {
            break;
        }
        if c == '/' {
            start = i;
        }
    }
    Cow::Owned(format!("{head}…{}", &path[start..]))
}

/// The longest start of `text` that leaves room for "…", then "…".
fn cut(text: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let room = width - 1;
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    // "Chi bộ …" reads as a word lost; "Chi bộ…" as a word cut.
    format!("{}…", text[..end].trim_end())
}

/// A styled line in at most `width` columns, its last span ending with "…"
/// when the line had to be cut.
pub fn fit_line(line: Line<'_>, width: usize) -> Line<'_> {
    if line.width() <= width {
        return line;
    }
    let Line {
        spans,
        style,
        alignment,
    } = line;
    let mut kept = Vec::new();
    let mut room = width;
    for span in spans {
        let w = span.width();
        if w < room {
            room -= w;
            kept.push(span);
        } else {
            // The sign needs a column of its own even when this span would
            // fill the line exactly: spans follow it.
            kept.push(Span::styled(cut(&span.content, room), span.style));
            break;
        }
    }
    Line {
        spans: kept,
        style,
        alignment,
    }
}

/// A sentence broken into lines of at most `width` columns, between words;
/// a word longer than a line is cut with "…" rather than split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    if width == 0 {
        return Vec::new();
    }
    wrap_widths(text, width, width)
}

/// Like `wrap`, the first line `first` columns wide (0: it stays empty),
/// the others `rest`.
fn wrap_widths(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut room = first;
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() <= room {
            line.push(' ');
            line.push_str(word);
            continue;
        }
        if !line.is_empty() || room < word.width().min(rest) {
            lines.push(std::mem::take(&mut line));
            room = rest;
        }
        line.push_str(&fit(word, room));
    }
    lines.push(line);
    lines
}

/// `lead` (a label, a date) followed by `body` wrapped to `width`; the
/// following lines start under the body, or two columns in when the lead
/// takes more than half the width.
pub fn wrap_hanging<'a>(
    lead: Vec<Span<'a>>,
    body: &str,
    style: Style,
    width: usize,
) -> Vec<Line<'a>> {
    let lead_width: usize = lead.iter().map(Span::width).sum();
    let indent = if lead_width * 2 <= width {
        lead_width
    } else {
        2.min(width)
    };
    let pieces = wrap_widths(
        body,
        width.saturating_sub(lead_width),
        width.saturating_sub(indent).max(1),
    );
    let mut lines = Vec::new();
    let mut pieces = pieces.into_iter();
    let first = pieces.next().unwrap_or_default();
    let mut head = fit_line(Line::from(lead), width);
    if !first.is_empty() {
        head.spans.push(Span::styled(first, style));
    }
    lines.push(head);
    for piece in pieces {
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(indent)),
            Span::styled(piece, style),
        ]));
    }
    lines
}

/// "••••••45": only the last two characters of a sensitive number show.
pub fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.is_empty() {
        return String::new();
    }
    let keep = chars.len().min(2);
    let hidden = chars.len() - keep;
    let mut out = "•".repeat(hidden.max(4));
    out.extend(&chars[hidden..]);
    out
}

pub fn sensitive(text: &str, reveal: bool) -> String {
    if reveal {
        safe(text).into_owned()
    } else {
        mask(text)
    }
}

/// The member's card number in force, masked unless revealed.
pub fn card(member: &Member, reveal: bool) -> String {
    member
        .current_card()
        .map(|c| sensitive(&c.number, reveal))
        .unwrap_or_default()
}

pub fn date_or_blank(date: Option<NaiveDate>) -> String {
    date.map(vi::date).unwrap_or_default()
}

pub fn party_status(ctx: &Ctx, status: PartyStatus) -> &str {
    ctx.t(match status {
        PartyStatus::Official => "status.official",
        PartyStatus::Probationary => "status.probationary",
    })
}

/// "Chính thức", "Dự bị · miễn SH", "Chính thức · SH tạm thời", "Đã chuyển đi" …
pub fn situation(ctx: &Ctx, situation: Situation) -> String {
    match situation {
        Situation::Own {
            status,
            exempt,
            away,
            suspended,
        } => {
            let mut words = vec![party_status(ctx, status).to_string()];
            if suspended {
                words.push(ctx.t("status.suspended").to_string());
            }
            if away {
                words.push(ctx.t("status.away").to_string());
            }
            if exempt {
                words.push(ctx.t("status.exempt").to_string());
            }
            words.join(" · ")
        }
        Situation::AttachedIn { status } => format!(
            "{} · {}",
            party_status(ctx, status),
            ctx.t("status.attached_in")
        ),
        Situation::TransferredOut => ctx.t("status.transferred_out").to_string(),
        Situation::Removed => ctx.t("status.removed").to_string(),
        Situation::Deceased => ctx.t("status.deceased").to_string(),
        Situation::AttachmentEnded => ctx.t("status.attachment_ended").to_string(),
        Situation::NotYet => ctx.t("status.not_yet").to_string(),
    }
}

pub fn role(ctx: &Ctx, kind: RoleKind) -> &str {
    ctx.t(match kind {
        RoleKind::Secretary => "role.secretary",
        RoleKind::DeputySecretary => "role.deputy_secretary",
        RoleKind::CommitteeMember => "role.committee_member",
        RoleKind::GroupLeader => "role.group_leader",
        RoleKind::GroupDeputy => "role.group_deputy",
    })
}

/// The short form for narrow columns ("BT", "PBT", "CUV" …).
pub fn role_short(ctx: &Ctx, kind: RoleKind) -> &str {
    ctx.t(match kind {
        RoleKind::Secretary => "role_short.secretary",
        RoleKind::DeputySecretary => "role_short.deputy_secretary",
        RoleKind::CommitteeMember => "role_short.committee_member",
        RoleKind::GroupLeader => "role_short.group_leader",
        RoleKind::GroupDeputy => "role_short.group_deputy",
    })
}

pub fn event_kind(ctx: &Ctx, kind: StatusEventKind) -> &str {
    ctx.t(match kind {
        StatusEventKind::Admitted => "event.admitted",
        StatusEventKind::RecognizedOfficial => "event.recognized_official",
        StatusEventKind::Exempt => "event.exempt",
        StatusEventKind::AttachedIn => "event.attached_in",
        StatusEventKind::AttachedOut => "event.attached_out",
        StatusEventKind::TransferredIn => "event.transferred_in",
        StatusEventKind::TransferredOut => "event.transferred_out",
        StatusEventKind::Suspended => "event.suspended",
        StatusEventKind::Removed => "event.removed",
        StatusEventKind::Deceased => "event.deceased",
    })
}

pub fn gender(ctx: &Ctx, gender: Option<Gender>) -> &str {
    match gender {
        Some(Gender::Male) => ctx.t("gender.male"),
        Some(Gender::Female) => ctx.t("gender.female"),
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_the_last_two() {
        assert_eq!(mask("082072004512"), "••••••••••12");
        assert_eq!(mask("0903 412 765"), "••••••••65");
        assert_eq!(mask("12"), "••••12");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn fit_cuts_with_a_sign() {
        assert_eq!(fit("Thời lượng", 10), "Thời lượng");
        assert!(matches!(fit("Thời lượng", 10), Cow::Borrowed(_)));
        assert_eq!(fit("Thời lượng", 9), "Thời lượ…");
        assert_eq!(fit("Chi bộ Khoa", 8), "Chi bộ…");
        assert_eq!(fit("abc", 1), "…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("", 0), "");
        // a wide character is never split: the column it leaves stays empty
        assert_eq!(fit("中文字", 4), "中…");
        assert_eq!(fit("中文字", 3), "中…");
        // decomposed marks stay with their letter
        assert_eq!(fit("Le\u{302}\u{301} Văn", 4), "Le\u{302}\u{301}…");
    }

    #[test]
    fn fit_path_keeps_the_file_name() {
        let text = "✓ Đã ghi biên bản: /home/bi-thu/.local/share/chibo/chibo-documents/\
                    bien-ban-2026-11-05-chi-bo-khoa-kinh-te.docx";
        assert_eq!(
            fit_path(text, 80),
            "✓ Đã ghi biên bản: …/bien-ban-2026-11-05-chi-bo-khoa-kinh-te.docx"
        );
        assert_eq!(
            fit_path(text, 100),
            "✓ Đã ghi biên bản: …/.local/share/chibo/chibo-documents/bien-ban-2026-11-05-chi-bo-khoa-kinh-te.docx"
        );
        assert_eq!(fit_path("Đã ghi: /tmp/a.docx", 80), "Đã ghi: /tmp/a.docx");
        // No room for the file's name: cut at the end as any text.
        assert_eq!(fit_path(text, 30), fit(text, 30));
        assert_eq!(fit_path("không có đường dẫn ở đây", 10), "không có…");
    }

    #[test]
    fn fit_line_cuts_the_span_that_overflows() {
        let line = Line::from(vec![Span::raw("Tháng này [x]"), Span::raw("  ·  32 buổi")]);
        let fitted = fit_line(line.clone(), 16);
        // the spaces before the sign go: they would read as a lost word
        assert_eq!(fitted.to_string(), "Tháng này [x]…");
        // a span that fills the line exactly still gives way to the sign
        assert_eq!(fit_line(line.clone(), 13).to_string(), "Tháng này [x…");
        assert_eq!(fit_line(line.clone(), 25).to_string(), line.to_string());
        assert_eq!(fit_line(line, 0).to_string(), "");
    }

    #[test]
    fn wrap_breaks_between_words() {
        assert_eq!(
            wrap("Bấm a/Ins để thêm, i/F6 để nhập từ tệp CSV.", 20),
            ["Bấm a/Ins để thêm,", "i/F6 để nhập từ tệp", "CSV."]
        );
        assert_eq!(wrap("Quyếtđịnhsố07", 6), ["Quyết…"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("a Quyếtđịnhsố07", 6), ["a", "Quyết…"]);
        assert!(wrap("a b", 0).is_empty());
    }

    #[test]
    fn hanging_lines_start_under_the_body() {
        let lead = || vec![Span::raw("  25/09/2024  ")];
        let lines = wrap_hanging(
            lead(),
            "Miễn công tác · Tuổi cao, sức yếu",
            Style::new(),
            30,
        );
        let text: Vec<String> = lines.iter().map(Line::to_string).collect();
        assert_eq!(
            text,
            [
                "  25/09/2024  Miễn công tác ·",
                "              Tuổi cao, sức",
                "              yếu",
            ]
        );
        // a lead wider than half the line: two columns in
        let lines = wrap_hanging(lead(), "Miễn công tác", Style::new(), 20);
        let text: Vec<String> = lines.iter().map(Line::to_string).collect();
        assert_eq!(text, ["  25/09/2024  Miễn", "  công tác"]);
        // a lead as wide as the line: the body starts on the next one
        let lines = wrap_hanging(lead(), "Miễn", Style::new(), 14);
        let text: Vec<String> = lines.iter().map(Line::to_string).collect();
        assert_eq!(text, ["  25/09/2024  ", "  Miễn"]);
    }

    #[test]
    fn safe_strips_escapes() {
        assert_eq!(safe("a\u{1b}[31mb"), "a[31mb");
        assert!(matches!(safe("Nguyễn"), Cow::Borrowed(_)));
    }
}
