//! Word lists for fictitious places, people and the text of reviews.
//!
//! Place names are made from a first part and an ending ("Ash" + "bury"), so none of the
//! generated councils is a real one and no real person is named.

use crate::rng::Rng;

const PLACE_STARTS: [&str; 60] = [
    "Ash", "Bar", "Beck", "Birch", "Black", "Brad", "Bram", "Brook", "Burn", "Carl", "Chal",
    "Clay", "Cold", "Crow", "Dale", "Dun", "East", "Elm", "Fair", "Fen", "Fox", "Glen", "Gold",
    "Green", "Hal", "Har", "Hart", "Hazel", "High", "Holm", "Ivy", "King", "Lang", "Lark", "Lea",
    "Lin", "Long", "Marl", "Mill", "Moor", "New", "North", "Oak", "Pen", "Queen", "Red", "Rock",
    "Rose", "Salt", "Shep", "South", "Stan", "Stone", "Thorn", "Wal", "West", "Whit", "Wick",
    "Wil", "Wood",
];

const PLACE_ENDS: [&str; 30] = [
    "bury", "borough", "bridge", "brook", "by", "caster", "chester", "combe", "dale", "den",
    "field", "ford", "gate", "ham", "hampton", "hill", "hurst", "ley", "mere", "minster", "mouth",
    "port", "stead", "stoke", "thorpe", "ton", "wich", "well", "wood", "worth",
];

/// How many distinct place names there are.
pub(crate) const PLACES: usize = PLACE_STARTS.len() * PLACE_ENDS.len();

/// `n` distinct place names in a seeded order (`n` at most [`PLACES`]).
pub(crate) fn places(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut all: Vec<usize> = (0..PLACES).collect();
    // A partial Fisher-Yates shuffle: only the first `n` positions are needed.
    for i in 0..n.min(PLACES) {
        let j = i + rng.below((PLACES - i) as u64) as usize;
        all.swap(i, j);
    }
    all.into_iter()
        .take(n)
        .map(|k| {
            let start = PLACE_STARTS[k / PLACE_ENDS.len()];
            let end = PLACE_ENDS[k % PLACE_ENDS.len()];
            format!("{start}{end}")
        })
        .collect()
}

const FORENAMES: [&str; 64] = [
    "Aisha",
    "Alan",
    "Alison",
    "Amir",
    "Andrew",
    "Angela",
    "Anita",
    "Barbara",
    "Ben",
    "Carol",
    "Catherine",
    "Chris",
    "Claire",
    "Colin",
    "David",
    "Deborah",
    "Dipak",
    "Elaine",
    "Emma",
    "Fiona",
    "Gareth",
    "Gillian",
    "Graham",
    "Hannah",
    "Helen",
    "Ian",
    "Imran",
    "Jane",
    "Janet",
    "Jasbir",
    "John",
    "Joanne",
    "Karen",
    "Kevin",
    "Laura",
    "Leroy",
    "Linda",
    "Mark",
    "Martin",
    "Michelle",
    "Mohammed",
    "Nadia",
    "Neil",
    "Nicola",
    "Olu",
    "Patricia",
    "Paul",
    "Priya",
    "Rachel",
    "Rebecca",
    "Richard",
    "Rob",
    "Sarah",
    "Sean",
    "Shazia",
    "Simon",
    "Sophie",
    "Stephen",
    "Sue",
    "Tariq",
    "Tom",
    "Tracey",
    "Victoria",
    "Wendy",
];

const SURNAMES: [&str; 80] = [
    "Adams",
    "Ahmed",
    "Ali",
    "Allen",
    "Appleby",
    "Bailey",
    "Baker",
    "Banerjee",
    "Bennett",
    "Bowen",
    "Brown",
    "Campbell",
    "Carter",
    "Chapman",
    "Clarke",
    "Collins",
    "Cooper",
    "Davies",
    "Dixon",
    "Edwards",
    "Ellis",
    "Evans",
    "Fletcher",
    "Foster",
    "Gill",
    "Gray",
    "Green",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "King",
    "Lewis",
    "Lloyd",
    "Marshall",
    "Martin",
    "Mason",
    "Mitchell",
    "Moore",
    "Morgan",
    "Murphy",
    "Nelson",
    "Okafor",
    "Owen",
    "Palmer",
    "Parker",
    "Patel",
    "Phillips",
    "Price",
    "Richards",
    "Roberts",
    "Robinson",
    "Rose",
    "Shah",
    "Singh",
    "Smith",
    "Stevens",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
    "Begum",
    "Chowdhury",
    "Osei",
];

/// A person's name.
pub(crate) fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(&FORENAMES), rng.pick(&SURNAMES))
}

/// What the chief executive found to be working well (seed 004 §2.1 key lines of enquiry).
pub(crate) const WORKING_WELL: [&str; 5] = [
    "The statutory officer has direct access to the Chief Executive and the Lead Member and attends the corporate leadership team.",
    "Performance and quality assurance reports reach the Lead Member and scrutiny every quarter.",
    "Senior leadership is stable and the safeguarding partners report good working relationships.",
    "Operational directors with clear accountabilities support the statutory director day to day.",
    "Recent inspection and peer review findings are being acted upon with visible senior ownership.",
];

/// What the chief executive was worried about.
pub(crate) const WORRIED_ABOUT: [&str; 5] = [
    "The breadth of the combined portfolio could dilute the focus on outcomes for children.",
    "Interim leadership arrangements have lasted longer than planned.",
    "Recruitment to senior social work posts remains difficult and agency use is high.",
    "Financial pressure on high-cost placements may crowd out early help.",
    "The new structure has not yet been tested through a full budget and inspection cycle.",
];

/// What needs to happen.
pub(crate) const NEEDS_TO_HAPPEN: [&str; 5] = [
    "Complete permanent recruitment and review the arrangements six months after appointment.",
    "Report the local test of assurance to Cabinet and repeat it after any further change.",
    "Agree a development plan for the operational directors and review it in twelve months.",
    "Commission a peer review of the arrangements and report its findings to scrutiny.",
    "Confirm the reporting lines in the constitution and the scheme of delegation.",
];

/// Actions agreed in reviews.
pub(crate) const ACTIONS: [&str; 8] = [
    "Recruit a permanent statutory director",
    "Update the constitution and scheme of delegation to reflect the new designations",
    "Report the outcome of the local test of assurance to scrutiny",
    "Agree a protocol for the statutory director's direct access to the Chief Executive",
    "Commission an external peer review of the arrangements",
    "Publish the revised leadership structure and reporting lines",
    "Review the arrangements six months after the appointment",
    "Set up quarterly performance reporting to the Lead Member",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_are_distinct() {
        let mut rng = Rng::new(1);
        let names = places(&mut rng, PLACES);
        let set: std::collections::BTreeSet<&String> = names.iter().collect();
        assert_eq!(set.len(), PLACES);
    }
}
