//! Data for the script passes: Cyrillic and Greek to Latin transliteration (the unsafe fix
//! for a name or word left in the wrong script) and the marks of a photo caption or credit
//! (where a stray word is an error rather than a warning).

/// Russian, Ukrainian, Belarusian and Serbian/Macedonian Cyrillic letters in a plain ASCII
/// romanization (close to the BGN/PCGN and Ukrainian national systems, without diacritics).
/// Lowercase only; capitals are handled by `transliterate`.
const CYRILLIC: &[(char, &str)] = &[
    ('а', "a"),
    ('б', "b"),
    ('в', "v"),
    ('г', "g"),
    ('ґ', "g"),
    ('д', "d"),
    ('ђ', "dj"),
    ('е', "e"),
    ('ё', "yo"),
    ('є', "ye"),
    ('ж', "zh"),
    ('з', "z"),
    ('ѕ', "dz"),
    ('и', "i"),
    ('і', "i"),
    ('ї', "yi"),
    ('й', "y"),
    ('ј', "j"),
    ('к', "k"),
    ('л', "l"),
    ('љ', "lj"),
    ('м', "m"),
    ('н', "n"),
    ('њ', "nj"),
    ('о', "o"),
    ('п', "p"),
    ('р', "r"),
    ('с', "s"),
    ('т', "t"),
    ('ћ', "c"),
    ('у', "u"),
    ('ў', "u"),
    ('ф', "f"),
    ('х', "kh"),
    ('ц', "ts"),
    ('ч', "ch"),
    ('џ', "dz"),
    ('ш', "sh"),
    ('щ', "shch"),
    ('ъ', ""),
    ('ы', "y"),
    ('ь', ""),
    ('э', "e"),
    ('ю', "yu"),
    ('я', "ya"),
];

/// Greek letters in a plain ASCII romanization (ELOT 743 without diacritics). Lowercase only.
const GREEK: &[(char, &str)] = &[
    ('α', "a"),
    ('ά', "a"),
    ('β', "v"),
    ('γ', "g"),
    ('δ', "d"),
    ('ε', "e"),
    ('έ', "e"),
    ('ζ', "z"),
    ('η', "i"),
    ('ή', "i"),
    ('θ', "th"),
    ('ι', "i"),
    ('ί', "i"),
    ('ϊ', "i"),
    ('ΐ', "i"),
    ('κ', "k"),
    ('λ', "l"),
    ('μ', "m"),
    ('ν', "n"),
    ('ξ', "x"),
    ('ο', "o"),
    ('ό', "o"),
    ('π', "p"),
    ('ρ', "r"),
    ('σ', "s"),
    ('ς', "s"),
    ('τ', "t"),
    ('υ', "y"),
    ('ύ', "y"),
    ('ϋ', "y"),
    ('ΰ', "y"),
    ('φ', "f"),
    ('χ', "ch"),
    ('ψ', "ps"),
    ('ω', "o"),
    ('ώ', "o"),
];

/// The romanization of one Cyrillic or Greek letter, or `None` for any other character.
fn romanize(c: char) -> Option<&'static str> {
    let lower = c.to_lowercase().next()?;
    let table = match lower as u32 {
        0x400..=0x4ff => CYRILLIC,
        0x370..=0x3ff => GREEK,
        _ => return None,
    };
    table.iter().find(|(k, _)| *k == lower).map(|(_, v)| *v)
}

/// Transliterates the Cyrillic and Greek letters of `word` into ASCII Latin, keeping the
/// case (`Щедрик` → `Shchedrik`, `ЩИТ` → `SHCHIT`) and every other character as it is.
/// Returns `None` when a Cyrillic or Greek letter has no romanization here.
pub fn transliterate(word: &str) -> Option<String> {
    let all_caps = word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let u = c as u32;
        if !(0x370..=0x4ff).contains(&u) {
            out.push(c);
            continue;
        }
        let r = romanize(c)?;
        if !c.is_uppercase() {
            out.push_str(r);
        } else if all_caps {
            out.push_str(&r.to_ascii_uppercase());
        } else {
            let mut cs = r.chars();
            if let Some(first) = cs.next() {
                out.push(first.to_ascii_uppercase());
                out.push_str(cs.as_str());
            }
        }
    }
    Some(out)
}

/// How a photo caption line starts (compared case-insensitively, after leading spaces).
pub const CAPTION_PREFIXES: &[&str] = &[
    "file photo:",
    "photo:",
    "photos:",
    "picture:",
    "image:",
    "caption:",
    "foto:",
    "fotos:",
    "archivfoto:",
    "foto de archivo:",
    "imagen de archivo:",
    "imagem:",
];

/// Words that mark a parenthesized photo credit (`(REUTERS / Name)`, `(AP Photo/Name)`,
/// `(Foto: EFE)`), matched as whole words inside parentheses.
pub const CREDIT_WORDS: &[&str] = &[
    "REUTERS",
    "Reuters",
    "AP",
    "AFP",
    "EFE",
    "EPA",
    "Getty",
    "Xinhua",
    "dpa",
    "ANSA",
    "Photo",
    "PHOTO",
    "Foto",
    "FOTO",
    "Bloomberg",
    "TASS",
    "UPI",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_keeps_case_and_other_characters() {
        assert_eq!(transliterate("Какко").unwrap(), "Kakko");
        assert_eq!(transliterate("Эрнан").unwrap(), "Ernan");
        assert_eq!(transliterate("Shchedрик").unwrap(), "Shchedrik");
        assert_eq!(transliterate("ЩИТ").unwrap(), "SHCHIT");
        assert_eq!(transliterate("Щедрик").unwrap(), "Shchedrik");
        assert_eq!(transliterate("Αθήνα").unwrap(), "Athina");
        assert!(transliterate("ӂ").is_none());
    }
}
