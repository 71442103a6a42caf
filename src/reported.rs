//! The findings one run has reported so far, as (rule, input range) keys, so that a later
//! round reports nothing twice.
//!
//! A dense dump has a finding every few hundred bytes, so this holds a hundred thousand keys.
//! A pass reports in text order and the source map keeps that order in input coordinates, so
//! each rule's keys arrive nearly sorted: they are kept in one vector per rule, appended
//! without hashing and searched by bisection, and sorted again only when a later round added
//! keys out of order. A hash set did the same with a hash and a probe per key and a table
//! rebuilt at every doubling.

use std::ops::Range;

#[derive(Default)]
pub struct Reported {
    rules: Vec<RuleKeys>,
}

/// The keys of one rule.
struct RuleKeys {
    /// The rule's address (every rule is a static): one word to compare, not a string.
    rule: usize,
    ranges: Vec<(usize, usize)>,
    /// Whether `ranges` is sorted (searching needs it; `settle` restores it).
    sorted: bool,
}

impl Reported {
    /// Records that `rule` reported a finding at `range` (input coordinates).
    pub fn insert(&mut self, rule: usize, range: &Range<usize>) {
        let key = (range.start, range.end);
        let keys = match self.rules.iter().position(|k| k.rule == rule) {
            Some(i) => &mut self.rules[i],
            None => {
                self.rules.push(RuleKeys {
                    rule,
                    ranges: Vec::new(),
                    sorted: true,
                });
                self.rules.last_mut().expect("just pushed")
            }
        };
        if keys.ranges.last().is_some_and(|&last| last > key) {
            keys.sorted = false;
        }
        keys.ranges.push(key);
    }

    /// Sorts what was added out of order, so that `contains` can search. Call before a run
    /// of lookups.
    pub fn settle(&mut self) {
        for keys in self.rules.iter_mut().filter(|k| !k.sorted) {
            keys.ranges.sort_unstable();
            keys.sorted = true;
        }
    }

    /// Whether `rule` reported a finding at `range` (after `settle`).
    pub fn contains(&self, rule: usize, range: &Range<usize>) -> bool {
        self.rules
            .iter()
            .find(|k| k.rule == rule)
            .is_some_and(|keys| {
                debug_assert!(keys.sorted, "Reported::contains before settle");
                keys.ranges.binary_search(&(range.start, range.end)).is_ok()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::Reported;

    #[test]
    fn finds_keys_added_in_any_order_after_settling() {
        let mut reported = Reported::default();
        let keys = [
            (1, 5..9),
            (2, 0..3),
            (1, 2..4),
            (1, 5..9),
            (1, 5..7),
            (2, 10..12),
        ];
        for (rule, range) in &keys {
            reported.insert(*rule, range);
        }
        reported.settle();
        for (rule, range) in &keys {
            assert!(reported.contains(*rule, range), "{rule} {range:?}");
        }
        assert!(!reported.contains(1, &(0..3)));
        assert!(!reported.contains(2, &(5..9)));
        assert!(!reported.contains(3, &(5..9)));
        assert!(!reported.contains(1, &(5..8)));
    }
}
