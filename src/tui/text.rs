//! How stored values are shown: control characters never reach the terminal,
//! sensitive numbers are masked, states are words.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::Ctx;
use crate::domain::{Gender, PartyStatus, RoleKind, Situation, StatusEventKind};
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
    fn safe_strips_escapes() {
        assert_eq!(safe("a\u{1b}[31mb"), "a[31mb");
        assert!(matches!(safe("Nguyễn"), Cow::Borrowed(_)));
    }
}

/// `text` in at most `width` columns: cut with "…" when longer (a sign that
/// more exists), never in the middle of a character.
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    use unicode_width::UnicodeWidthChar;
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod fit_tests {
    use super::fit;

    #[test]
    fn fit_cuts_with_an_ellipsis_by_display_width() {
        assert_eq!(fit("Thời lượng", 20), "Thời lượng");
        assert_eq!(fit("Thời lượng", 6), "Thời …");
        assert_eq!(fit("Thời lượng", 1), "…");
        assert_eq!(fit("Thời lượng", 0), "");
        assert_eq!(fit("漢字漢字", 5), "漢字…");
    }
}
