//! Vietnamese text as chibo handles it: NFC at every boundary, a search fold
//! that ignores tones and đ/d, roster collation by given name with ICU's `vi`
//! tailoring, and dates, times and numbers as Vietnamese documents write them.

use std::cmp::Ordering;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalizes to NFC and trims surrounding white space; every text that enters
/// chibo (typed, pasted, imported) goes through here.
pub fn nfc(text: &str) -> String {
    text.trim().nfc().collect()
}

/// Removes C0/C1 control characters (escape sequences included) so stored
/// text can never drive the terminal. Tabs and newlines become spaces.
pub fn strip_controls(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control())
        .collect()
}

/// Like [`strip_controls`] but keeps line breaks, for multi-line remarks.
pub fn strip_controls_keep_lines(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

/// True when the text holds a control character a name must not contain.
pub fn has_controls(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// The search key of a text: lower case, no tones or other marks, đ → d,
/// runs of white space folded to one space. "Nguyễn Văn Đạt" → "nguyen van dat".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        out.extend(c.to_lowercase());
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A short ASCII name for files: the folded text's letters and digits,
/// words joined by '-', at most `max` bytes (cut between words when one
/// ends in reach). "Chi bộ Khoa Kinh tế" → "chi-bo-khoa-kinh-te"; empty
/// when nothing ASCII is left.
pub fn slug(text: &str, max: usize) -> String {
    let folded = fold(text);
    let mut out = String::new();
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let sep = usize::from(!out.is_empty());
        if out.len() + sep + word.len() > max {
            // A first word longer than the cap is cut; a later one is left
            // out whole.
            if out.is_empty() {
                out.push_str(&word[..max]);
            }
            break;
        }
        if sep == 1 {
            out.push('-');
        }
        out.push_str(word);
    }
    out
}

/// True when every word of the (already folded) query occurs in the folded
/// haystack, so "nguyen dat" finds "Nguyễn Văn Đạt".
pub fn matches_folded(folded_haystack: &str, folded_query: &str) -> bool {
    folded_query
        .split(' ')
        .filter(|w| !w.is_empty())
        .all(|w| folded_haystack.contains(w))
}

static COLLATOR: LazyLock<Option<CollatorBorrowed<'static>>> = LazyLock::new(|| {
    Collator::try_new(icu_locale::locale!("vi").into(), CollatorOptions::default()).ok()
});

/// Compares two texts in Vietnamese alphabetical order (a ă â b c d đ e ê …,
/// tones ngang, huyền, hỏi, ngã, sắc, nặng).
pub fn collate(a: &str, b: &str) -> Ordering {
    match COLLATOR.as_ref() {
        Some(collator) => collator.compare(a, b),
        // The baked data always has `vi`; this fallback only keeps a broken
        // build usable.
        None => fold(a).cmp(&fold(b)).then_with(|| a.cmp(b)),
    }
}

/// The given name (tên): the last word of a full name.
pub fn given_name(full_name: &str) -> &str {
    full_name.split_whitespace().last().unwrap_or("")
}

/// Roster order: given name first, then the full name as written.
pub fn roster_order(a: &str, b: &str) -> Ordering {
    collate(given_name(a), given_name(b)).then_with(|| collate(a, b))
}

// Dates are written with `format!` rather than chrono's format strings,
// which are parsed again at every call: reports write tens of thousands.

/// 05/03/2025, as the screen shows dates.
pub fn date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), year(d))
}

/// The year as chrono's `%Y` writes it: four digits, a sign outside 0–9999.
fn year(d: NaiveDate) -> String {
    match d.year() {
        y @ 0..=9999 => format!("{y:04}"),
        y if y < 0 => format!("-{:04}", y.unsigned_abs()),
        y => format!("+{y}"),
    }
}

/// 05/03/2025 14:00
pub fn date_time(dt: NaiveDateTime) -> String {
    format!("{} {}", date(dt.date()), clock(dt.time()))
}

/// 14:05
pub fn clock(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// 2025-03-05, as files and exports write dates.
pub fn iso_date(d: NaiveDate) -> String {
    format!("{}-{:02}-{:02}", year(d), d.month(), d.day())
}

/// Months 1 and 2 take a leading zero in documents (HD 36-HD/VPTW), so that
/// "tháng 01" cannot be altered into "tháng 11".
fn document_month(month: u32) -> String {
    if month < 3 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

/// "ngày 05 tháng 3 năm 2025", as documents write a date.
pub fn document_date(d: NaiveDate) -> String {
    format!(
        "ngày {:02} tháng {} năm {}",
        d.day(),
        document_month(d.month()),
        d.year()
    )
}

/// "14 giờ 00", as documents write a time.
pub fn document_time(t: NaiveTime) -> String {
    format!("{:02} giờ {:02}", t.hour(), t.minute())
}

/// "tháng 3/2025"
pub fn month_period(year: i32, month: u32) -> String {
    format!("tháng {month}/{year}")
}

/// Parses a date typed as dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    if parts.len() != 3 || parts[2].len() != 4 {
        return None;
    }
    let day: u32 = parts[0].parse().ok()?;
    let month: u32 = parts[1].parse().ok()?;
    let year: i32 = parts[2].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Parses "14:05" or "14h05" or "14 giờ 05".
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim().to_lowercase();
    let text = text.replace("giờ", ":").replace('h', ":");
    let mut parts = text.split(':').map(str::trim);
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = match parts.next() {
        Some("") | None => 0,
        Some(m) => m.parse().ok()?,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// Parses "dd/mm/yyyy hh:mm" (the time may be left out: midnight).
pub fn parse_date_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    match text.split_once(' ') {
        Some((d, t)) => Some(parse_date(d)?.and_time(parse_time(t)?)),
        None => Some(parse_date(text)?.and_time(NaiveTime::MIN)),
    }
}

/// A day as people say it: "dd/mm/yyyy", "dd/mm" (this year), "hôm nay",
/// "mai", "ngày kia", "thứ 2" … "thứ 7", "chủ nhật" (the next such day).
/// Accents are optional. The English words the English UI shows as examples
/// ("today", "tomorrow", "thursday") are read whatever the UI language, as
/// the Vietnamese ones are: a field never depends on the language it was
/// typed in.
pub fn parse_day(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    use chrono::{Datelike, Duration};
    let folded = fold(text);
    let folded = folded.trim();
    match folded {
        "hom nay" | "nay" | "today" => return Some(today),
        "mai" | "ngay mai" | "tomorrow" => return Some(today + Duration::days(1)),
        "ngay kia" | "mot" => return Some(today + Duration::days(2)),
        _ => {}
    }
    let weekday = match folded {
        "chu nhat" | "cn" | "sunday" => Some(0),
        "monday" => Some(1),
        "tuesday" => Some(2),
        "wednesday" => Some(3),
        "thursday" => Some(4),
        "friday" => Some(5),
        "saturday" => Some(6),
        _ => folded
            .strip_prefix("thu ")
            .or_else(|| folded.strip_prefix('t'))
            .and_then(|n| n.trim().parse::<u32>().ok())
            .filter(|n| (2..=7).contains(n))
            .map(|n| n - 1),
    };
    if let Some(target) = weekday {
        // 0 = Sunday … 6 = Saturday; always a day after today.
        let now = today.weekday().num_days_from_sunday();
        let ahead = (target + 7 - now) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        return Some(today + Duration::days(i64::from(ahead)));
    }
    if let Some(d) = parse_date(text) {
        return Some(d);
    }
    let parts: Vec<&str> = folded.split(['/', '-', '.']).collect();
    if parts.len() == 2 {
        let day: u32 = parts[0].parse().ok()?;
        let month: u32 = parts[1].parse().ok()?;
        return NaiveDate::from_ymd_opt(today.year(), month, day);
    }
    None
}

/// A moment as people type it: a day as [`parse_day`] reads it, then an
/// optional time ("14:00", "14h", "8 giờ 30"); without a time, `default_time`.
pub fn parse_when(text: &str, today: NaiveDate, default_time: NaiveTime) -> Option<NaiveDateTime> {
    let text = text.trim();
    if let Some(d) = parse_day(text, today) {
        return Some(d.and_time(default_time));
    }
    // Try splitting the time off the end: the last one or two words.
    let words: Vec<&str> = text.split_whitespace().collect();
    for split in (1..words.len()).rev() {
        let (day, time) = (words[..split].join(" "), words[split..].join(" "));
        if let (Some(d), Some(t)) = (parse_day(&day, today), parse_time(&time)) {
            return Some(d.and_time(t));
        }
    }
    None
}

/// A percentage with one decimal and a decimal comma, from an exact fraction,
/// rounded half up: 16/19 → "84,2%". None when the denominator is zero.
/// Documents always write it so; the UI goes through `Strings::percent`.
pub fn percent(numerator: u32, denominator: u32) -> Option<String> {
    percent_with(numerator, denominator, ",")
}

/// [`percent`] with another decimal separator ("84.2%" for the English UI).
pub fn percent_with(numerator: u32, denominator: u32, separator: &str) -> Option<String> {
    if denominator == 0 {
        return None;
    }
    let tenths =
        (u64::from(numerator) * 2000 + u64::from(denominator)) / (2 * u64::from(denominator));
    Some(format!("{}{separator}{}%", tenths / 10, tenths % 10))
}

/// A whole number with dots between thousands: 1.250.000
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| roster_order(a, b));
        v
    }

    #[test]
    fn nfc_composes_decomposed_input() {
        let decomposed = "Nguye\u{302}\u{303}n";
        assert_eq!(nfc(decomposed), "Nguyễn");
        assert_eq!(nfc("  Đạt \n"), "Đạt");
    }

    #[test]
    fn fold_removes_tones_and_d_stroke() {
        assert_eq!(fold("Nguyễn Văn Đạt"), "nguyen van dat");
        assert_eq!(fold("Đặng"), "dang");
        assert_eq!(fold("  TRẦN   thị  Bình "), "tran thi binh");
        assert_eq!(fold("Nguye\u{302}\u{303}n"), "nguyen");
        assert_eq!(fold("Ưng Ơn"), "ung on");
    }

    #[test]
    fn slugs_are_short_ascii_words_joined_by_dashes() {
        assert_eq!(slug("Chi bộ Khoa Kinh tế", 40), "chi-bo-khoa-kinh-te");
        assert_eq!(
            slug("  Chi bộ Đội 3 — Ấp Mỹ Lợi ", 40),
            "chi-bo-doi-3-ap-my-loi"
        );
        assert_eq!(slug("CHI BỘ QUÂN SỰ", 40), "chi-bo-quan-su");
        // Cut between words, never past the cap.
        let long = "Chi bộ Trường Trung học phổ thông chuyên Nguyễn Bỉnh Khiêm";
        assert_eq!(slug(long, 40), "chi-bo-truong-trung-hoc-pho-thong-chuyen");
        assert_eq!(slug(long, 30), "chi-bo-truong-trung-hoc-pho");
        assert_eq!(slug("Ủyyyyyyyyyyyyyyy", 8), "uyyyyyyy");
        assert_eq!(slug("中文 / ***", 40), "");
    }

    #[test]
    fn search_matches_words_in_any_order() {
        let hay = fold("Nguyễn Văn Đạt");
        assert!(matches_folded(&hay, &fold("nguyen van dat")));
        assert!(matches_folded(&hay, &fold("dat nguyen")));
        assert!(matches_folded(&hay, &fold("ĐẠT")));
        assert!(!matches_folded(&hay, &fold("dung")));
        assert!(matches_folded(&hay, ""));
    }

    #[test]
    fn alphabet_order_of_given_names() {
        let names = ["Ê", "Em", "Đức", "Dũng", "Bình", "Ân", "Ăn", "An"];
        assert_eq!(
            sorted(&names),
            vec!["An", "Ăn", "Ân", "Bình", "Dũng", "Đức", "Em", "Ê"]
        );
    }

    #[test]
    fn tones_sort_ngang_huyen_hoi_nga_sac_nang() {
        let names = ["Hạ", "Há", "Hã", "Hả", "Hà", "Ha"];
        assert_eq!(sorted(&names), vec!["Ha", "Hà", "Hả", "Hã", "Há", "Hạ"]);
    }

    #[test]
    fn roster_sorts_by_given_name_then_full_name() {
        let names = [
            "Trần Thị Bình",
            "Nguyễn Văn Ất",
            "Lê Văn Bình",
            "Đặng Thu Hà",
            "Phạm Minh Anh",
        ];
        assert_eq!(
            sorted(&names),
            vec![
                "Phạm Minh Anh",
                "Nguyễn Văn Ất",
                "Lê Văn Bình",
                "Trần Thị Bình",
                "Đặng Thu Hà"
            ]
        );
    }

    #[test]
    fn dates_and_times_as_vietnamese_write_them() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 5).unwrap();
        assert_eq!(date(d), "05/03/2025");
        assert_eq!(document_date(d), "ngày 05 tháng 3 năm 2025");
        let jan = NaiveDate::from_ymd_opt(2025, 1, 15).unwrap();
        assert_eq!(document_date(jan), "ngày 15 tháng 01 năm 2025");
        let t = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
        assert_eq!(document_time(t), "14 giờ 00");
        assert_eq!(clock(t), "14:00");
        assert_eq!(month_period(2025, 3), "tháng 3/2025");
    }

    #[test]
    fn parses_typed_dates_and_times() {
        assert_eq!(
            parse_date("05/03/2025"),
            NaiveDate::from_ymd_opt(2025, 3, 5)
        );
        assert_eq!(parse_date("5/3/2025"), NaiveDate::from_ymd_opt(2025, 3, 5));
        assert_eq!(parse_date("31/02/2025"), None);
        assert_eq!(parse_date("05/03/25"), None);
        assert_eq!(parse_date("abc"), None);
        assert_eq!(parse_time("14h05"), NaiveTime::from_hms_opt(14, 5, 0));
        assert_eq!(parse_time("7:30"), NaiveTime::from_hms_opt(7, 30, 0));
        assert_eq!(parse_time("14 giờ 00"), NaiveTime::from_hms_opt(14, 0, 0));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(
            parse_date_time("05/03/2025 14:00"),
            NaiveDate::from_ymd_opt(2025, 3, 5).and_then(|d| d.and_hms_opt(14, 0, 0))
        );
    }

    #[test]
    fn days_and_moments_as_people_say_them() {
        // Wednesday 25/11/2026
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(parse_day("hôm nay", today), Some(today));
        assert_eq!(parse_day("mai", today), Some(d(2026, 11, 26)));
        assert_eq!(parse_day("thứ 5", today), Some(d(2026, 11, 26)));
        assert_eq!(parse_day("thu 4", today), Some(d(2026, 12, 2)));
        assert_eq!(parse_day("T2", today), Some(d(2026, 11, 30)));
        assert_eq!(parse_day("chủ nhật", today), Some(d(2026, 11, 29)));
        assert_eq!(parse_day("07/12", today), Some(d(2026, 12, 7)));
        assert_eq!(parse_day("07/12/2026", today), Some(d(2026, 12, 7)));
        assert_eq!(parse_day("thứ 9", today), None);
        assert_eq!(parse_day("Today", today), Some(today));
        assert_eq!(parse_day("tomorrow", today), Some(d(2026, 11, 26)));
        assert_eq!(parse_day("Thursday", today), Some(d(2026, 11, 26)));
        assert_eq!(parse_day("wednesday", today), Some(d(2026, 12, 2)));
        assert_eq!(parse_day("sunday", today), Some(d(2026, 11, 29)));
        let two = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
        assert_eq!(
            parse_when("mai 8:30", today, two),
            d(2026, 11, 26).and_hms_opt(8, 30, 0)
        );
        assert_eq!(
            parse_when("thứ 5 14h", today, two),
            d(2026, 11, 26).and_hms_opt(14, 0, 0)
        );
        assert_eq!(
            parse_when("07/12/2026 14:00", today, two),
            d(2026, 12, 7).and_hms_opt(14, 0, 0)
        );
        assert_eq!(
            parse_when("07/12/2026", today, two),
            d(2026, 12, 7).and_hms_opt(14, 0, 0)
        );
        assert_eq!(parse_when("bao giờ", today, two), None);
        assert_eq!(
            parse_when("tomorrow 8:30", today, two),
            d(2026, 11, 26).and_hms_opt(8, 30, 0)
        );
    }

    #[test]
    fn percent_uses_decimal_comma_and_exact_rounding() {
        assert_eq!(percent(16, 19).as_deref(), Some("84,2%"));
        assert_eq!(percent(6, 7).as_deref(), Some("85,7%"));
        assert_eq!(percent(19, 19).as_deref(), Some("100,0%"));
        assert_eq!(percent(1, 8).as_deref(), Some("12,5%"));
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent_with(16, 19, ".").as_deref(), Some("84.2%"));
        assert_eq!(percent_with(0, 0, "."), None);
    }

    #[test]
    fn thousands_use_dots() {
        assert_eq!(thousands(1_250_000), "1.250.000");
        assert_eq!(thousands(500), "500");
        assert_eq!(thousands(-12_000), "-12.000");
    }

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(strip_controls("Lê\u{1b}[31mVăn\tA"), "Lê[31mVăn A");
        assert!(has_controls("a\u{7}b"));
        assert!(!has_controls("Nguyễn Văn A"));
        assert_eq!(strip_controls_keep_lines("a\nb\u{1b}c"), "a\nbc");
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2026, 3, 5),
            (999, 12, 31),
            (0, 1, 1),
            (-5, 6, 7),
            (10000, 1, 2),
            (262_143, 12, 31),
        ] {
            let Some(day) = NaiveDate::from_ymd_opt(y, m, d) else {
                continue;
            };
            assert_eq!(date(day), day.format("%d/%m/%Y").to_string());
            assert_eq!(iso_date(day), day.format("%Y-%m-%d").to_string());
            let at = day.and_hms_opt(7, 5, 9).unwrap_or_default();
            assert_eq!(date_time(at), at.format("%d/%m/%Y %H:%M").to_string());
        }
    }
}
