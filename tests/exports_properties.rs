//! A member list written by `chibo export members` reads back through the
//! member import field for field, whatever the names, numbers and notes
//! (separators, quotes, line breaks, blank lines) hold (proptest; set
//! PROPTEST_CASES for longer runs).

use chibo::documents::report::csv;
use chibo::domain::member::{CardNumber, StatusEvent, StatusEventKind};
use chibo::domain::text::{clean_line, clean_text};
use chibo::domain::{Gender, Member, MemberInput};
use chibo::exchange::{members_csv, members_export};
use chibo::i18n::{Lang, Strings};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use uuid::Uuid;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn event(kind: StatusEventKind, date: NaiveDate) -> StatusEvent {
    StatusEvent {
        id: 0,
        uuid: Uuid::nil(),
        kind,
        date,
        until: None,
        decision: String::new(),
        organisation: String::new(),
        note: String::new(),
    }
}

/// A member as the store would hold them (texts cleaned as it cleans them).
fn member(n: usize, generated: &Generated) -> (Member, MemberInput) {
    let (name, born_days, gender, admitted_years, official, phone, id, card, note) = generated;
    let full_name = clean_line(&format!("{name} {}", ["An", "Bình", "Cúc"][n]), true).unwrap();
    let birth_date = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + Duration::days(*born_days);
    let admitted_on = birth_date + Duration::days(365 * 18 + 30 * i64::from(*admitted_years));
    let official_on = official.then(|| admitted_on + Duration::days(365));
    let gender = match gender {
        0 => None,
        1 => Some(Gender::Male),
        _ => Some(Gender::Female),
    };
    let note = clean_text(note, false).unwrap();
    let mut events = vec![event(StatusEventKind::Admitted, admitted_on)];
    if let Some(day) = official_on {
        events.push(event(StatusEventKind::RecognizedOfficial, day));
    }
    let cards = if card.is_empty() {
        Vec::new()
    } else {
        vec![CardNumber {
            id: 0,
            uuid: Uuid::nil(),
            number: card.clone(),
            issued_on: None,
        }]
    };
    let member = Member {
        id: n as i64,
        uuid: Uuid::nil(),
        cell_id: 1,
        full_name: full_name.clone(),
        birth_date: Some(birth_date),
        gender,
        phone: phone.clone(),
        national_id: id.clone(),
        note: note.clone(),
        events,
        roles: Vec::new(),
        cards,
    };
    let input = MemberInput {
        full_name,
        birth_date: Some(birth_date),
        gender,
        phone: phone.clone(),
        national_id: id.clone(),
        note,
        admitted_on: Some(admitted_on),
        official_on,
        card_number: card.clone(),
    };
    (member, input)
}

type Generated = (String, i64, u8, u8, bool, String, String, String, String);

fn generated() -> impl Strategy<Value = Generated> {
    (
        "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ]{1,8}( [a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ]{1,8}){0,3}",
        0i64..18_000,
        0u8..3,
        0u8..100,
        any::<bool>(),
        "([0-9+][0-9 .]{0,10}[0-9])?",
        "([0-9]{9,12})?",
        "([0-9][0-9.]{0,10}[0-9])?",
        "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ;,\"'=. \n\r\t-]{0,60}",
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn an_export_with_private_columns_imports_back_field_for_field(
        rows in proptest::collection::vec(generated(), 1..4),
        english in any::<bool>(),
    ) {
        let s = Strings::load(if english { Lang::En } else { Lang::Vi });
        let (members, inputs): (Vec<Member>, Vec<MemberInput>) =
            rows.iter().enumerate().map(|(n, g)| member(n, g)).unzip();
        let text = csv(&members_export::rows(&s, &members, today(), true));
        let import = members_csv::parse(text.as_bytes(), today());
        prop_assert!(import.problems.is_empty(), "{:?}\n{text}", import.problems);
        let read: Vec<MemberInput> = import.rows.into_iter().map(|r| r.input).collect();
        prop_assert_eq!(read, inputs);
    }

    #[test]
    fn an_export_without_them_leaves_only_those_out(
        rows in proptest::collection::vec(generated(), 1..4),
    ) {
        let s = Strings::load(Lang::Vi);
        let (members, inputs): (Vec<Member>, Vec<MemberInput>) =
            rows.iter().enumerate().map(|(n, g)| member(n, g)).unzip();
        let text = csv(&members_export::rows(&s, &members, today(), false));
        let import = members_csv::parse(text.as_bytes(), today());
        prop_assert!(import.problems.is_empty(), "{:?}\n{text}", import.problems);
        for (row, mut expected) in import.rows.into_iter().zip(inputs) {
            expected.phone.clear();
            expected.national_id.clear();
            expected.card_number.clear();
            prop_assert_eq!(row.input, expected);
        }
    }
}
