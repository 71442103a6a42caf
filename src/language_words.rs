//! Stopword lists for `language::detect`: frequent function words that are rare in the other
//! four languages. Sorted (byte order) for binary search; a test checks the order.

pub const EN: &[&str] = &[
    "about", "after", "and", "are", "been", "but", "by", "from", "had", "has", "have", "he", "his",
    "is", "it", "its", "of", "on", "said", "she", "that", "the", "their", "they", "this", "to",
    "was", "were", "which", "will", "with", "would",
];

pub const ES: &[&str] = &[
    "al", "con", "del", "dijo", "el", "en", "entre", "era", "es", "este", "está", "ha", "han",
    "la", "las", "los", "más", "para", "pero", "por", "que", "se", "sobre", "su", "sus", "también",
    "un", "una", "y",
];

pub const PT: &[&str] = &[
    "ao", "as", "com", "da", "das", "disse", "do", "dos", "e", "ela", "ele", "em", "foi", "mais",
    "mas", "na", "nas", "no", "nos", "não", "o", "os", "para", "pela", "pelo", "que", "se",
    "também", "um", "uma", "à", "é",
];

pub const FR: &[&str] = &[
    "au", "aux", "avec", "ce", "dans", "des", "du", "elle", "en", "est", "et", "il", "la", "le",
    "les", "leur", "mais", "ont", "par", "pas", "pour", "qui", "sont", "sur", "un", "une", "été",
];

pub const DE: &[&str] = &[
    "auch", "auf", "aus", "das", "dem", "den", "der", "die", "ein", "eine", "einem", "einen",
    "einer", "ist", "mit", "nach", "nicht", "noch", "sich", "sie", "sind", "und", "von", "wird",
    "wurde", "zu", "zum", "zur",
];
