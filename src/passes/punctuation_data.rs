//! Word lists for the punctuation passes: abbreviations whose dot is not a sentence end,
//! top-level domains and file extensions whose dot is part of a name. All lists are lower
//! case and sorted in byte order for binary search; a test checks the order.

/// Words that end with a dot without ending a sentence, in the five languages (titles,
/// company suffixes, street and unit abbreviations). `Mr.Smith` is left alone: it may be a
/// missing space, but it is never a sentence end.
pub const ABBREVIATIONS: &[&str] = &[
    "abs", "al", "approx", "apr", "arq", "ass", "aug", "av", "ave", "bd", "bros", "bsp", "ca",
    "capt", "cf", "cia", "cie", "cmdr", "co", "col", "corp", "cpt", "dec", "dept", "dipl", "dr",
    "dra", "dres", "eng", "esq", "est", "etc", "feb", "fig", "figs", "fr", "gen", "gov", "hon",
    "hr", "inc", "ing", "jan", "jr", "jul", "jun", "lic", "lt", "ltd", "maj", "mar", "messrs",
    "mlle", "mme", "mr", "mrs", "ms", "mt", "no", "nov", "nr", "oct", "op", "pres", "prof", "pt",
    "rd", "rep", "rev", "sen", "sep", "sept", "sgt", "sr", "sra", "srta", "st", "ste", "str",
    "tel", "univ", "usw", "vol", "vs",
];

/// Top-level domains common in news text (`Infobae.com`, `bbc.co.uk`).
pub const TOP_LEVEL_DOMAINS: &[&str] = &[
    "ar", "at", "au", "be", "biz", "bo", "br", "ca", "ch", "cl", "cn", "co", "com", "cu", "de",
    "dk", "ec", "edu", "es", "eu", "fr", "gob", "gov", "gt", "ie", "in", "info", "io", "it", "jp",
    "me", "mil", "mx", "net", "nl", "no", "nz", "org", "pe", "pt", "py", "ru", "se", "tv", "ua",
    "uk", "us", "uy", "ve",
];

/// File extensions (`report.PDF`, `setup.exe`).
pub const FILE_EXTENSIONS: &[&str] = &[
    "asp", "aspx", "avi", "bmp", "csv", "doc", "docx", "exe", "gif", "gz", "htm", "html", "jpeg",
    "jpg", "js", "json", "md", "mov", "mp3", "mp4", "pdf", "php", "png", "ppt", "pptx", "rar",
    "rtf", "svg", "tar", "tif", "tiff", "txt", "wav", "xls", "xlsx", "xml", "zip",
];

/// True when `word` (any case) is an abbreviation that takes a dot.
pub fn is_abbreviation(word: &str) -> bool {
    word.len() <= 8
        && ABBREVIATIONS
            .binary_search(&word.to_lowercase().as_str())
            .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_lower_case() {
        for list in [ABBREVIATIONS, TOP_LEVEL_DOMAINS, FILE_EXTENSIONS] {
            for w in list.windows(2) {
                assert!(w[0] < w[1], "{} >= {}", w[0], w[1]);
            }
            for w in list.iter() {
                assert_eq!(w.to_lowercase(), *w);
            }
        }
    }
}
