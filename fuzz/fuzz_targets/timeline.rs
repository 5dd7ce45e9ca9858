//! Valid synthetic registers, slightly changed: the change-point timeline of every council agrees
//! with evaluating every day of a window of up to 120 days, and nothing panics.
//!
//! The bytes choose the synthetic register (1 to 3 councils over 1 to 4 years, and its seed), a
//! few changes to it (dropping entries, moving the ends of intervals) and the window. A changed
//! register is written out and read back, so only what the reader accepts is evaluated.
#![no_main]

use assure_domain::date::Date;
use assure_domain::interval::Interval;
use assure_domain::model::Register;
use assure_domain::reader::{Source, read};
use assure_domain::writer;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

fn shift(d: Date, days: i16) -> Date {
    d.checked_add(jiff::Span::new().days(days)).unwrap_or(d)
}

/// Moves one end of `valid` by up to 400 days either way, or opens or closes its end; keeps it
/// unchanged if the result would end before it starts.
fn nudge(u: &mut Unstructured<'_>, valid: &mut Interval) -> Result<()> {
    let days: i16 = u.int_in_range(-400..=400)?;
    let (from, to) = (valid.from(), valid.to());
    let changed = match u.int_in_range(0u8..=3)? {
        0 => Interval::new(from.map(|d| shift(d, days)), to),
        1 => Interval::new(from, to.map(|d| shift(d, days))),
        2 => Interval::new(from, None),
        _ => Interval::new(
            from,
            Some(shift(
                from.unwrap_or(Date::constant(2025, 4, 1)),
                days.abs(),
            )),
        ),
    };
    if let Ok(changed) = changed {
        *valid = changed;
    }
    Ok(())
}

fn drop_one<T>(u: &mut Unstructured<'_>, items: &mut Vec<T>) -> Result<()> {
    if !items.is_empty() {
        let i = u.choose_index(items.len())?;
        items.remove(i);
    }
    Ok(())
}

fn nudge_one<T>(
    u: &mut Unstructured<'_>,
    items: &mut [T],
    valid: impl Fn(&mut T) -> &mut Interval,
) -> Result<()> {
    if !items.is_empty() {
        let i = u.choose_index(items.len())?;
        nudge(u, valid(&mut items[i]))?;
    }
    Ok(())
}

/// Up to eight changes to tables no other table refers to, or to intervals; how many were asked.
fn mutate(u: &mut Unstructured<'_>, reg: &mut Register) -> Result<u8> {
    let changes = u.int_in_range(0u8..=8)?;
    for _ in 0..changes {
        match u.int_in_range(0u8..=11)? {
            0 => drop_one(u, &mut reg.appointments)?,
            1 => drop_one(u, &mut reg.designations)?,
            2 => drop_one(u, &mut reg.memberships)?,
            3 => drop_one(u, &mut reg.documents)?,
            4 => drop_one(u, &mut reg.events)?,
            5 => drop_one(u, &mut reg.reporting_lines)?,
            6 => nudge_one(u, &mut reg.appointments, |x| &mut x.valid)?,
            7 => nudge_one(u, &mut reg.designations, |x| &mut x.valid)?,
            8 => nudge_one(u, &mut reg.memberships, |x| &mut x.valid)?,
            9 => nudge_one(u, &mut reg.responsibilities, |x| &mut x.valid)?,
            10 => nudge_one(u, &mut reg.bodies, |x| &mut x.valid)?,
            _ => nudge_one(u, &mut reg.departures, |x| &mut x.valid)?,
        }
    }
    Ok(changes)
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let councils = u.int_in_range(1u32..=3)?;
    let years = u.int_in_range(1u32..=4)?;
    let seed: u64 = u.arbitrary()?;
    let Ok(params) = assure_synth::Params::new(councils, years, seed) else {
        return Ok(());
    };
    let mut reg = assure_synth::generate(&params);
    if mutate(&mut u, &mut reg)? > 0 {
        // Only registers the reader accepts: what a changed one means is decided there.
        let doc = assure_fuzz::document(&reg);
        let text = writer::to_json(&doc);
        match read(&[Source::new("changed.json", &text)]) {
            Ok(back) => reg = back,
            Err(_) => return Ok(()),
        }
    }
    // A window of up to 120 days starting anywhere from 90 days before the period to its end.
    let before = u.int_in_range(0i16..=(years as i16 * 365 + 90))?;
    let len = u.int_in_range(0i16..=120)?;
    let from = shift(params.start(), before - 90);
    let to = shift(from, len);
    assure_fuzz::timeline_agrees_with_every_day(&reg, from, to);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
