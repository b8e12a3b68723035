//! When things happened, by default: a meeting held now takes the clock; a
//! meeting typed up after the day takes the times of its own record, so that
//! no default makes a correct entry look wrong.

use chrono::{Duration, NaiveDateTime};

use crate::domain::{AgendaItem, AttendanceMark, Meeting};

/// How long after its start (or planned start) a meeting may still be
/// running: later the same day, it is being typed up, not held.
const LIVE_HOURS: i64 = 5;

/// A meeting is held now when it is today and not long past its start;
/// otherwise it is being typed up from paper (or ahead of time) and the
/// clock says nothing about it.
pub fn is_live(meeting: &Meeting, now: NaiveDateTime) -> bool {
    let anchor = meeting.started_at.unwrap_or(meeting.planned_at);
    meeting.date() == now.date() && now <= anchor + Duration::hours(LIVE_HOURS)
}

/// The clock to the minute: times on the record are minutes (the forms
/// show hh:mm), so a late arrival and a vote in the same minute agree.
pub fn to_minute(t: NaiveDateTime) -> NaiveDateTime {
    use chrono::Timelike;
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

/// The opening time proposed by Ctrl-B: now in the room, else the planned time.
pub fn default_start(meeting: &Meeting, now: NaiveDateTime) -> NaiveDateTime {
    match meeting.started_at {
        Some(at) => at,
        None if is_live(meeting, now) => to_minute(now),
        None => meeting.planned_at,
    }
}

/// The closing time proposed by Ctrl-E: now in the room; typed up later,
/// the end of the last item recorded, else the start plus the planned minutes.
pub fn default_end(meeting: &Meeting, items: &[AgendaItem], now: NaiveDateTime) -> NaiveDateTime {
    if let Some(at) = meeting.ended_at {
        return at;
    }
    if is_live(meeting, now) {
        return to_minute(now);
    }
    let start = default_start(meeting, now);
    let last_item = items
        .iter()
        .filter_map(|i| i.ended_at.or(i.started_at))
        .max();
    let planned: i64 = items.iter().map(|i| i.planned_minutes.max(0)).sum();
    last_item
        .unwrap_or_else(|| start + Duration::minutes(planned))
        .max(start)
}

/// The time stamped on a late arrival or an early leaving: now in the room;
/// typed up later there is no good default, so the form asks (None).
pub fn mark_time(meeting: &Meeting, now: NaiveDateTime) -> Option<NaiveDateTime> {
    is_live(meeting, now).then(|| to_minute(now))
}

/// The moment a vote is taken, by default: now in the room; typed up later,
/// after every arrival recorded so far and not before the item (or the
/// meeting) began, so that V counts everyone who came.
pub fn vote_time(
    meeting: &Meeting,
    marks: &[AttendanceMark],
    item: Option<&AgendaItem>,
    now: NaiveDateTime,
) -> NaiveDateTime {
    if is_live(meeting, now) {
        return to_minute(now);
    }
    let start = default_start(meeting, now);
    let item_start = item.and_then(|i| i.started_at);
    let arrivals = marks.iter().filter_map(|m| m.arrived_at);
    arrivals
        .chain(item_start)
        .chain(std::iter::once(start))
        .max()
        .unwrap_or(start)
}

/// The times proposed for an agenda item of a meeting typed up after the
/// day: its own if recorded; else from the end of the last item held
/// before it (or the opening), for its planned minutes.
pub fn item_times(
    meeting: &Meeting,
    items: &[AgendaItem],
    item: &AgendaItem,
    now: NaiveDateTime,
) -> (NaiveDateTime, NaiveDateTime) {
    let start = item.started_at.unwrap_or_else(|| {
        items
            .iter()
            .take_while(|i| i.id != item.id)
            .filter_map(|i| i.ended_at.or(i.started_at))
            .max()
            .unwrap_or_else(|| default_start(meeting, now))
    });
    let end = item
        .ended_at
        .unwrap_or(start + Duration::minutes(item.planned_minutes.max(0)));
    (start, end)
}

/// Whether opening the meeting should be confirmed first: it is dated more
/// than a day ahead of today.
pub fn far_ahead(meeting: &Meeting, now: NaiveDateTime) -> bool {
    meeting.planned_at.date() > now.date() + Duration::days(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{MarkKind, MeetingKind, MeetingStatus};
    use chrono::NaiveDate;
    use uuid::Uuid;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .and_then(|x| x.and_hms_opt(h, m, 0))
            .unwrap()
    }

    pub(crate) fn meeting(planned: NaiveDateTime) -> Meeting {
        Meeting {
            status: MeetingStatus::InProgress,
            ..Meeting::draft(1, 1, MeetingKind::Regular, planned)
        }
    }

    fn late(member: i64, arrived: NaiveDateTime) -> AttendanceMark {
        AttendanceMark {
            id: member,
            uuid: Uuid::nil(),
            meeting_id: 1,
            member_id: member,
            kind: MarkKind::Late,
            arrived_at: Some(arrived),
            left_at: None,
            reason: String::new(),
        }
    }

    #[test]
    fn typed_up_the_next_day_the_defaults_come_from_the_record() {
        let m = meeting(at(10, 14, 0));
        let next_day = at(11, 9, 30);
        assert!(!is_live(&m, next_day));
        // Ctrl-B proposes the planned time, not the clock
        assert_eq!(default_start(&m, next_day), at(10, 14, 0));
        // a late mark asks for its time
        assert_eq!(mark_time(&m, next_day), None);
        // a vote defaults to after the last arrival
        let marks = vec![late(1, at(10, 14, 25)), late(2, at(10, 14, 10))];
        assert_eq!(vote_time(&m, &marks, None, next_day), at(10, 14, 25));
        // Ctrl-E: start + planned minutes when no item was timed
        assert_eq!(default_end(&m, &[], next_day), at(10, 14, 0));
    }

    #[test]
    fn typed_up_the_same_evening_is_not_in_the_room() {
        let m = meeting(at(10, 14, 0));
        assert!(is_live(&m, at(10, 18, 30)));
        assert!(!is_live(&m, at(10, 20, 0)));
        assert_eq!(default_start(&m, at(10, 20, 0)), at(10, 14, 0));
    }

    #[test]
    fn in_the_room_everything_is_now() {
        let m = meeting(at(10, 14, 0));
        let now = at(10, 15, 7);
        assert_eq!(default_start(&m, now), now);
        assert_eq!(mark_time(&m, now), Some(now));
        assert_eq!(vote_time(&m, &[late(1, at(10, 15, 0))], None, now), now);
    }

    #[test]
    fn typed_up_items_follow_each_other() {
        let m = meeting(at(10, 14, 0));
        let next_day = at(11, 9, 30);
        let mut first = item(1, 10);
        let second = item(2, 15);
        assert_eq!(
            item_times(&m, &[first.clone(), second.clone()], &first, next_day),
            (at(10, 14, 0), at(10, 14, 10))
        );
        first.started_at = Some(at(10, 14, 2));
        first.ended_at = Some(at(10, 14, 12));
        assert_eq!(
            item_times(&m, &[first, second.clone()], &second, next_day),
            (at(10, 14, 12), at(10, 14, 27))
        );
    }

    fn item(id: i64, minutes: i64) -> AgendaItem {
        AgendaItem::sample(id, minutes)
    }

    #[test]
    fn a_meeting_more_than_a_day_ahead_asks_before_opening() {
        let m = meeting(at(17, 14, 0));
        assert!(far_ahead(&m, at(10, 9, 0)));
        assert!(!far_ahead(&m, at(16, 9, 0)));
        assert!(!far_ahead(&m, at(17, 9, 0)));
    }
}
