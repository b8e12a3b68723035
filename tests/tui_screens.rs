//! Snapshots of every screen at 80×24 and 120×40, on the demo data with a
//! fixed clock, in Vietnamese, and a set in English.

mod common;

use chibo::i18n::Lang;
use common::tui::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, harness: &Harness) {
    insta::assert_snapshot!(
        format!("{name}_{}x{}", harness.width, harness.height),
        harness.screen()
    );
}

#[test]
fn welcome() {
    for (w, h) in SIZES {
        let harness = Harness::empty(Lang::Vi, w, h);
        snap("welcome", &harness);
    }
}

#[test]
fn cells() {
    for (w, h) in SIZES {
        let harness = Harness::demo(Lang::Vi, w, h);
        snap("cells", &harness);
    }
}

#[test]
fn members() {
    for (w, h) in SIZES {
        let mut harness = Harness::demo(Lang::Vi, w, h);
        harness.keys("<enter>");
        snap("members", &harness);
    }
}

#[test]
fn members_filtered_and_revealed() {
    let mut harness = Harness::demo(Lang::Vi, 120, 40);
    harness.keys("<enter>/nguyen<enter>v");
    snap("members_filtered_revealed", &harness);
}

#[test]
fn member_detail() {
    for (w, h) in SIZES {
        let mut harness = Harness::demo(Lang::Vi, w, h);
        // Hồ Văn Ất: exempt, the third in roster order
        harness.keys("<enter>/ho van at<enter><enter>");
        snap("member_detail", &harness);
    }
}

#[test]
fn member_form() {
    for (w, h) in SIZES {
        let mut harness = Harness::demo(Lang::Vi, w, h);
        harness.keys("<enter>a");
        snap("member_form", &harness);
    }
}

#[test]
fn member_form_with_errors() {
    let mut harness = Harness::demo(Lang::Vi, 80, 24);
    harness.keys("<enter>a<tab>31/02/1990<tab><tab>01/01/2030<tab>01/01/2020<c-s>");
    snap("member_form_errors", &harness);
}

#[test]
fn help() {
    for (w, h) in SIZES {
        let mut harness = Harness::demo(Lang::Vi, w, h);
        harness.keys("<enter>?");
        snap("help_members", &harness);
    }
}

#[test]
fn status_event_form() {
    let mut harness = Harness::demo(Lang::Vi, 80, 24);
    harness.keys("<enter>s");
    snap("status_event_form", &harness);
}

#[test]
fn english() {
    let mut harness = Harness::demo(Lang::En, 80, 24);
    snap("en_cells", &harness);
    harness.keys("<enter>");
    snap("en_members", &harness);
    harness.keys("a");
    snap("en_member_form", &harness);
    let harness = Harness::empty(Lang::En, 80, 24);
    snap("en_welcome", &harness);
}

#[test]
fn too_small_then_resized() {
    let mut harness = Harness::demo(Lang::Vi, 50, 12);
    let small = harness.screen();
    assert!(
        small.contains("Cửa sổ quá nhỏ: cần ít nhất 60×16 (hiện 50×12)"),
        "{small}"
    );
    assert_eq!(small.lines().filter(|l| !l.trim().is_empty()).count(), 1);
    harness.resize(80, 24);
    let screen = harness.screen();
    assert!(screen.contains("Chi bộ Khoa Kinh tế"), "{screen}");
    assert!(!screen.contains("quá nhỏ"));
}
