//! Reads calendar dates written in the shapes news dumps use, in English, Spanish,
//! Portuguese, French and German: ISO (`2022-01-14`, `2020-03-08T18:30:30Z`), numeric
//! (`03/05/2022`, `09.08.2013`), and written out (`December 16, 2014`, `4 de maio de 2022`,
//! `5. November 2023`, `Jueves, 21 Abril 2022`), each optionally followed by a time
//! (`22:46`, `15h57`, `10:08 AM`, `um 16:14 Uhr`).
//!
//! The parser works on a short token list (numbers, words, punctuation) so each shape is a few
//! comparisons, and it never guesses: a numeric date whose day and month could be swapped is
//! returned as ambiguous unless the caller knows the order. Names live in `dates_data.rs`.

use crate::dates_data::{DAYS, MONTHS};
use std::collections::HashMap;
use std::sync::LazyLock;

/// A calendar date with an optional time of day (hour, minute, second).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub time: Option<Time>,
}

impl Date {
    /// ISO 8601: `2022-01-14`, or `2022-01-14T22:46` / `...T22:46:05` when a time is known.
    pub fn iso(&self) -> String {
        let date = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        match self.time {
            None => date,
            Some((h, m, None)) => format!("{date}T{h:02}:{m:02}"),
            Some((h, m, Some(s))) => format!("{date}T{h:02}:{m:02}:{s:02}"),
        }
    }

    /// Day of the week, Monday = 0.
    pub fn weekday(&self) -> u32 {
        // Days since 1970-01-01 (a Thursday), by the civil-from-days inverse.
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        } as i64;
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        ((days + 3).rem_euclid(7)) as u32
    }
}

/// A time of day: hour, minute and, when given, second.
pub type Time = (u32, u32, Option<u32>);

/// Which number of a numeric date is the day, when the caller knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    DayFirst,
    MonthFirst,
    Unknown,
}

/// A date read from text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parsed {
    Date(Date),
    /// A numeric date whose order is not known: the day-first and the month-first reading.
    Ambiguous(Date, Date),
}

impl Parsed {
    /// The reading `order` picks. Parsing with `Order::Unknown` and resolving after gives
    /// what parsing with `order` gives: the order only ever chooses between the two readings
    /// of an ambiguous numeric date. So a caller can learn an order (a scan of the document)
    /// only for the dates that need it.
    pub fn resolve(self, order: Order) -> Parsed {
        match (self, order) {
            (Parsed::Ambiguous(day_first, _), Order::DayFirst) => Parsed::Date(day_first),
            (Parsed::Ambiguous(_, month_first), Order::MonthFirst) => Parsed::Date(month_first),
            (parsed, _) => parsed,
        }
    }
}

/// A date found at the start of a string, and where it ends (byte offset, after any time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub parsed: Parsed,
    pub end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Num,
    Word,
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    end: usize,
}

/// The first `limit` tokens of `s`: digit runs, letter runs and single punctuation marks.
fn tokens(s: &str, limit: usize) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if out.len() >= limit {
            break;
        }
        if c.is_whitespace() {
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else {
            out.push(Tok {
                kind: Kind::Punct(c),
                text: &s[i..i + c.len_utf8()],
                start: i,
                end: i + c.len_utf8(),
            });
            continue;
        };
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            let same = match kind {
                Kind::Num => d.is_ascii_digit(),
                _ => d.is_alphabetic(),
            };
            if !same {
                break;
            }
            end = j + d.len_utf8();
            it.next();
        }
        out.push(Tok {
            kind,
            text: &s[i..end],
            start: i,
            end,
        });
    }
    out
}

/// The month a word names (full name or unique prefix of three letters or more), any of the
/// five languages.
pub fn month_of(word: &str) -> Option<u32> {
    // Every word `month_of_by_search` answers is a prefix of a name, so the answers for all
    // prefixes, worked out once, are all the answers: one lookup instead of a search
    // through the names (first words of lines are asked about by several passes).
    static BY_PREFIX: LazyLock<HashMap<String, u32>> = LazyLock::new(|| {
        let mut map = HashMap::new();
        for (name, _) in MONTHS {
            for (end, _) in name.char_indices().skip(1).chain([(name.len(), ' ')]) {
                let prefix = &name[..end];
                if let Some(m) = month_of_by_search(prefix) {
                    map.insert(prefix.to_owned(), m);
                }
            }
        }
        map
    });
    with_lowercase(word, |w| BY_PREFIX.get(w).copied())
}

/// `month_of` for a lowercase word, by searching the names.
fn month_of_by_search(w: &str) -> Option<u32> {
    if w.chars().count() < 3 {
        return None;
    }
    let mut found = None;
    for &(name, m) in MONTHS {
        if name == w {
            return Some(m);
        }
        if name.starts_with(w) {
            match found {
                None => found = Some(m),
                Some(f) if f != m => return None,
                _ => {}
            }
        }
    }
    found
}

/// The day of the week a word names (Monday = 0), any of the five languages.
pub fn weekday_of(word: &str) -> Option<u32> {
    static BY_NAME: LazyLock<HashMap<&str, u32>> = LazyLock::new(|| {
        let mut map = HashMap::new();
        for &(name, d) in DAYS {
            map.entry(name).or_insert(d);
        }
        map
    });
    with_lowercase(word, |w| BY_NAME.get(w).copied())
}

/// `weekday_of` for a lowercase word, by searching the names.
#[cfg(test)]
fn weekday_of_by_search(w: &str) -> Option<u32> {
    DAYS.iter().find(|(name, _)| *name == w).map(|&(_, d)| d)
}

/// Calls `f` with `word` lowercased: a short ASCII word (nearly every word asked about) on the
/// stack, any other through `str::to_lowercase`.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        f(std::str::from_utf8(lower).expect("ASCII is UTF-8"))
    } else {
        f(&word.to_lowercase())
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn make(year: i32, month: u32, day: u32) -> Option<Date> {
    let ok = (1900..=2100).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month);
    ok.then_some(Date {
        year,
        month,
        day,
        time: None,
    })
}

fn num(t: &Tok<'_>, max_len: usize) -> Option<u32> {
    (t.kind == Kind::Num && t.text.len() <= max_len)
        .then(|| t.text.parse().ok())
        .flatten()
}

fn is_punct(t: Option<&Tok<'_>>, c: char) -> bool {
    t.is_some_and(|t| t.kind == Kind::Punct(c))
}

fn is_word(t: Option<&Tok<'_>>, words: &[&str]) -> bool {
    t.is_some_and(|t| t.kind == Kind::Word && words.iter().any(|w| t.text.eq_ignore_ascii_case(w)))
}

/// Whether a date may start `s` (after leading whitespace): every shape `parse_at` reads
/// opens with a digit or with a word naming a weekday or a month. `parse_at` asks this
/// first: a few comparisons settle the many lines that open with neither, where tokenizing
/// them costs far more.
fn may_start_date(s: &str) -> bool {
    let s = s.trim_start();
    match s.chars().next() {
        Some(c) if c.is_ascii_digit() => true,
        Some(c) if c.is_alphabetic() => {
            let word = &s[..s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len())];
            weekday_of(word).is_some() || month_of(word).is_some()
        }
        _ => false,
    }
}

/// Reads a date (and a following time) at the very start of `s`, allowing a leading weekday.
pub fn parse_at(s: &str, order: Order) -> Option<Found> {
    if !may_start_date(s) {
        return None;
    }
    parse_tokens(s, order)
}

/// `parse_at` without the first-word check.
fn parse_tokens(s: &str, order: Order) -> Option<Found> {
    let t = tokens(s, 24);
    let first = t.first()?;
    if first.start != s.len() - s.trim_start().len() {
        return None;
    }
    let mut i = 0;
    if t[i].kind == Kind::Word && weekday_of(t[i].text).is_some() {
        i += 1;
        if is_punct(t.get(i), ',') {
            i += 1;
        }
    }
    let (parsed, next) = date_tokens(&t, i, order)?;
    let mut end = t[next - 1].end;
    let parsed = match time_tokens(&t, next) {
        Some((time, after)) => {
            end = t[after - 1].end;
            match parsed {
                Parsed::Date(d) => Parsed::Date(Date {
                    time: Some(time),
                    ..d
                }),
                Parsed::Ambiguous(a, b) => Parsed::Ambiguous(
                    Date {
                        time: Some(time),
                        ..a
                    },
                    Date {
                        time: Some(time),
                        ..b
                    },
                ),
            }
        }
        None => parsed,
    };
    Some(Found { parsed, end })
}

/// The date proper, starting at token `i`; returns it and the index after it.
fn date_tokens(t: &[Tok<'_>], i: usize, order: Order) -> Option<(Parsed, usize)> {
    let get = |k: usize| t.get(i + k);
    let a = get(0)?;
    // ISO 2022-01-14
    if a.kind == Kind::Num && a.text.len() == 4 && is_punct(get(1), '-') && is_punct(get(3), '-') {
        let (m, d) = (num(get(2)?, 2)?, num(get(4)?, 2)?);
        let date = make(a.text.parse().ok()?, m, d)?;
        let mut next = i + 5;
        // A glued `T` introduces the time: 2020-03-08T18:30
        if let Some(tt) = t.get(next) {
            if tt.kind == Kind::Word && tt.text == "T" && tt.start == t[next - 1].end {
                next += 1;
            }
        }
        return Some((Parsed::Date(date), next));
    }
    // Numeric 03/05/2022, 09.08.2013, 3-5-2022
    if let (Some(x), Some(sep)) = (num(a, 2), get(1)) {
        if let Kind::Punct(c) = sep.kind {
            if matches!(c, '/' | '.' | '-') && is_punct(get(3), c) {
                if let (Some(y), Some(year)) = (num(get(2)?, 2), get(4)) {
                    if year.kind == Kind::Num && year.text.len() == 4 {
                        let year: i32 = year.text.parse().ok()?;
                        let day_first = make(year, y, x);
                        let month_first = make(year, x, y);
                        // Dots are a day-first convention (09.08.2013); slashes and
                        // dashes follow the caller's order.
                        let order = if c == '.' { Order::DayFirst } else { order };
                        let parsed = match (day_first, month_first, order) {
                            (Some(d), Some(m), _) if d == m => Parsed::Date(d),
                            (Some(d), _, Order::DayFirst) => Parsed::Date(d),
                            (_, Some(m), Order::MonthFirst) => Parsed::Date(m),
                            (Some(d), Some(m), Order::Unknown) => Parsed::Ambiguous(d, m),
                            (Some(d), None, _) => Parsed::Date(d),
                            (None, Some(m), _) => Parsed::Date(m),
                            (None, None, _) => return None,
                        };
                        return Some((parsed, i + 5));
                    }
                }
            }
        }
    }
    // Day first: 5. November 2023, 4 de maio de 2022, 30th December 2014, 2 nov. 2023
    if let Some(day) = num(a, 2) {
        let mut k = 1;
        if is_punct(get(k), '.') || is_word(get(k), &["st", "nd", "rd", "th", "er", "º"]) {
            k += 1;
        }
        if is_word(get(k), &["de", "of"]) {
            k += 1;
        }
        let m = get(k)
            .filter(|w| w.kind == Kind::Word)
            .and_then(|w| month_of(w.text))?;
        k += 1;
        if is_punct(get(k), '.') {
            k += 1;
        }
        if is_word(get(k), &["de", "del"]) || is_punct(get(k), ',') {
            k += 1;
        }
        let year = get(k).filter(|y| y.kind == Kind::Num && y.text.len() == 4)?;
        let date = make(year.text.parse().ok()?, m, day)?;
        return Some((Parsed::Date(date), i + k + 1));
    }
    // Month first: December 16, 2014, Jul 23, 2020, Sept. 13, 2004
    if a.kind == Kind::Word {
        let m = month_of(a.text)?;
        let mut k = 1;
        if is_punct(get(k), '.') {
            k += 1;
        }
        let day = num(get(k)?, 2)?;
        k += 1;
        if is_word(get(k), &["st", "nd", "rd", "th"]) {
            k += 1;
        }
        if is_punct(get(k), ',') {
            k += 1;
        }
        let year = get(k).filter(|y| y.kind == Kind::Num && y.text.len() == 4)?;
        let date = make(year.text.parse().ok()?, m, day)?;
        return Some((Parsed::Date(date), i + k + 1));
    }
    None
}

/// A time after a date: `22:46`, `, 05:35`, `à 15h57`, `um 16:14 Uhr`, `| 02:26:59 am`.
fn time_tokens(t: &[Tok<'_>], mut i: usize) -> Option<(Time, usize)> {
    while let Some(tok) = t.get(i) {
        let skip = match tok.kind {
            Kind::Punct(c) => matches!(c, ',' | '|' | '-' | '·' | '–' | '—'),
            Kind::Word => ["a", "las", "à", "um", "at", "às", "as", "de"]
                .iter()
                .any(|w| tok.text.eq_ignore_ascii_case(w)),
            Kind::Num => false,
        };
        if !skip {
            break;
        }
        i += 1;
    }
    let mut h = num(t.get(i)?, 2)?;
    let sep = t.get(i + 1)?;
    let colon = sep.kind == Kind::Punct(':');
    let h_word = sep.kind == Kind::Word && sep.text.eq_ignore_ascii_case("h");
    if !(colon || h_word) {
        return None;
    }
    let m_tok = t.get(i + 2)?;
    if m_tok.text.len() != 2 {
        return None;
    }
    let m = num(m_tok, 2)?;
    let mut next = i + 3;
    let mut s = None;
    if colon && is_punct(t.get(next), ':') {
        if let Some(sec) = t
            .get(next + 1)
            .filter(|x| x.text.len() == 2)
            .and_then(|x| num(x, 2))
        {
            s = Some(sec);
            next += 2;
            // fractions of a second and a zone letter are read but not kept
            if is_punct(t.get(next), '.') && t.get(next + 1).is_some_and(|x| x.kind == Kind::Num) {
                next += 2;
            }
        }
    }
    if let Some(w) = t.get(next).filter(|w| w.kind == Kind::Word) {
        let lw = w.text.to_ascii_lowercase();
        match lw.as_str() {
            "am" | "pm" => {
                if !(1..=12).contains(&h) {
                    return None;
                }
                h = match (lw.as_str(), h) {
                    ("am", 12) => 0,
                    ("pm", x) if x < 12 => x + 12,
                    (_, x) => x,
                };
                next += 1;
            }
            "uhr" | "hs" | "h" | "z" => next += 1,
            _ => {}
        }
    }
    if h >= 24 || m >= 60 || s.is_some_and(|s| s >= 60) {
        return None;
    }
    Some(((h, m, s), next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str, order: Order) -> Option<String> {
        match parse_at(s, order)?.parsed {
            Parsed::Date(d) => Some(d.iso()),
            Parsed::Ambiguous(a, b) => Some(format!("{}|{}", a.iso(), b.iso())),
        }
    }

    #[test]
    fn reads_the_header_shapes() {
        let u = Order::Unknown;
        assert_eq!(iso("2022-01-14", u).unwrap(), "2022-01-14");
        assert_eq!(
            iso("2020-03-08T18:30:30.077Z", u).unwrap(),
            "2020-03-08T18:30:30"
        );
        assert_eq!(iso("December 16, 2014", u).unwrap(), "2014-12-16");
        assert_eq!(iso("30th December 2014", u).unwrap(), "2014-12-30");
        assert_eq!(
            iso("03/05/2022 22:46", Order::DayFirst).unwrap(),
            "2022-05-03T22:46"
        );
        assert_eq!(
            iso("03/05/2022", u).unwrap(),
            "2022-05-03|2022-03-05",
            "no order known: both readings"
        );
        assert_eq!(iso("13/05/2022", u).unwrap(), "2022-05-13");
        assert_eq!(
            iso("4 de maio de 2022, 05:35", u).unwrap(),
            "2022-05-04T05:35"
        );
        assert_eq!(
            iso("5. November 2023, 14:09", u).unwrap(),
            "2023-11-05T14:09"
        );
        assert_eq!(
            iso("02/11/2023 à 15h57", Order::DayFirst).unwrap(),
            "2023-11-02T15:57"
        );
        assert_eq!(
            iso("Miércoles 27 abril 2022 | 02:26:59 am.", u).unwrap(),
            "2022-04-27T02:26:59"
        );
        assert_eq!(
            iso("25 de abril de 2022 10:08 PM", u).unwrap(),
            "2022-04-25T22:08"
        );
        assert_eq!(iso("2 nov. 2023 à 16:00", u).unwrap(), "2023-11-02T16:00");
        assert_eq!(iso("Jul 23, 2020", u).unwrap(), "2020-07-23");
        assert_eq!(
            iso("09.08.2013, 06:00", Order::DayFirst).unwrap(),
            "2013-08-09T06:00"
        );
    }

    #[test]
    fn name_lookups_answer_what_the_searches_answer() {
        let mut words: Vec<String> = ["ma", "mar", "mai", "ju", "jun", "juli", "sept", "xyz", ""]
            .map(str::to_owned)
            .to_vec();
        for (name, _) in MONTHS.iter().chain(DAYS) {
            for (end, _) in name.char_indices().chain([(name.len(), ' ')]) {
                words.push(name[..end].to_owned());
                words.push(name[..end].to_uppercase());
            }
            words.push(format!("{name}s"));
        }
        for w in &words {
            let lower = w.to_lowercase();
            assert_eq!(month_of(w), month_of_by_search(&lower), "{w}");
            assert_eq!(weekday_of(w), weekday_of_by_search(&lower), "{w}");
        }
    }

    #[test]
    fn resolving_an_unknown_order_reading_is_parsing_with_the_order() {
        for s in [
            "03/05/2022",
            "03/05/2022 10:30",
            "13/05/2022",
            "05/13/2022",
            "05/05/2022",
            "3-5-2022",
            "09.08.2013",
            "2022-01-14",
            "14 January 2022",
        ] {
            for order in [Order::DayFirst, Order::MonthFirst, Order::Unknown] {
                let later = parse_at(s, Order::Unknown).map(|f| f.parsed.resolve(order));
                assert_eq!(later, parse_at(s, order).map(|f| f.parsed), "{s} {order:?}");
            }
        }
    }

    #[test]
    fn the_first_word_check_refuses_no_date() {
        for s in [
            " Jueves, 21 Abril 2022",
            "sept. 13, 2004",
            "2022-01-14",
            "5. November 2023",
            "MARÇO 3, 2021",
            "Montag, 3. Mai 2021",
        ] {
            assert!(parse_tokens(s, Order::Unknown).is_some(), "{s}");
            assert!(may_start_date(s), "{s}");
        }
        assert!(!may_start_date("The 3 May 2021"));
        assert!(!may_start_date("(3 May 2021)"));
    }

    proptest::proptest! {
        #[test]
        fn a_date_parse_at_reads_passes_the_first_word_check(
            s in "[ ]{0,2}(Mon|monday|Jueves|Sept|sept|Ma|Mai|März|The|de|[0-9]{1,4})[ .,/-]{0,2}[0-9]{1,2}[ .,/-]{0,2}(May|maio|[0-9]{1,4})?[ ,]{0,2}[0-9]{0,4}"
        ) {
            if parse_tokens(&s, Order::Unknown).is_some() {
                proptest::prop_assert!(may_start_date(&s));
            }
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        let u = Order::Unknown;
        assert!(iso("31/02/2022", Order::DayFirst).is_none());
        assert!(iso("the 5 of them", u).is_none());
        assert!(iso("May the force", u).is_none());
        assert!(iso("2022 was a year", u).is_none());
        assert!(iso("juin", u).is_none());
    }

    #[test]
    fn knows_the_weekday() {
        let d = |y, m, dd| make(y, m, dd).unwrap().weekday();
        assert_eq!(d(2022, 1, 14), 4); // a Friday
        assert_eq!(d(1970, 1, 1), 3); // a Thursday
        assert_eq!(d(2000, 2, 29), 1); // a Tuesday
        assert_eq!(d(2023, 11, 5), 6); // a Sunday
    }
}
