//! What every bench needs: the fixed clock of the demo data, the app's
//! context, the committee's file and one way to print figures.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chibo::clock::Clock;
use chibo::i18n::{Lang, Strings};
use chibo::store::Store;
use chibo::tui::Ctx;
use chibo::tui::keymap::Keymap;
use chibo::tui::theme::Theme;
use chrono::NaiveDate;

/// 25/11/2026 09:30, the day the demo data is made for.
pub fn clock() -> Clock {
    Clock::Fixed(
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap(),
    )
}

pub fn ctx() -> Ctx {
    Ctx {
        strings: Strings::load(Lang::Vi),
        theme: Theme::new(true),
        keymap: Keymap::load().unwrap(),
        clock: clock(),
    }
}

/// One line of figures: the median, p10 and p90, the extremes.
pub fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{name:<58} median {:>9.3} ms   p10 {:>9.3} ms   p90 {:>9.3} ms   min {:>9.3} ms   max {:>9.3} ms   (n={})",
        ms(pick(0.5)),
        ms(pick(0.1)),
        ms(pick(0.9)),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        samples.len()
    );
}

/// The committee's file in `dir`: a copy of `CHIBO_COMMITTEE_DB` (the
/// benches write to it), else generated (about a minute).
pub fn committee_file(dir: &Path) -> PathBuf {
    let path = dir.join("committee.db");
    let started = Instant::now();
    match std::env::var_os("CHIBO_COMMITTEE_DB") {
        Some(source) => {
            std::fs::copy(&source, &path).unwrap();
            println!(
                "copied {} in {:.1} s",
                Path::new(&source).display(),
                started.elapsed().as_secs_f64()
            );
        }
        None => {
            let mut store = Store::open(&path, clock()).unwrap();
            let done = chibo::demo::committee::load(&mut store, clock().today()).unwrap();
            println!(
                "generated {done:?} in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    path
}

/// A field of `/proc/self/status` in kB (VmRSS, VmHWM); 0 where there is
/// none.
pub fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}
