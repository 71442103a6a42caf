//! Raw bytes through decoding, the whole pipeline (all rules, with and without unsafe fixes)
//! and the terminal renderers, checking the invariants of `tests/it/invariants.rs`: the edit
//! round trip, locations inside the input on char boundaries, metadata taken from the
//! input, idempotence, and no raw control characters in the `full` and `concise` reports.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/invariants.rs"]
#[allow(dead_code)]
mod invariants;

fuzz_target!(|bytes: &[u8]| {
    if newsclean::binary::looks_binary(bytes) {
        return;
    }
    let decoded = match newsclean::decode(bytes) {
        Ok(d) => d,
        Err(e) => {
            // The error must be printable and say where the problem is.
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    // The low bit of the length picks the fix set, so both are explored without running the
    // pipeline twice on every input.
    let config = invariants::config(bytes.len() % 2 == 1);
    let article = newsclean::clean_decoded(&decoded, &config);
    let text = &decoded.text;
    if let Err(e) = invariants::check_article(text, &config, &article) {
        panic!("{e}\ninput: {text:?}");
    }
    if let Err(e) = invariants::check_terminal_safe("fuzz.txt", text, &article) {
        panic!("{e}\ninput: {text:?}");
    }
});
