//! Month and day names of the five languages newsclean knows, for `dates.rs`. Facts, not
//! code: lowercase, with their accents; abbreviations are matched as unique prefixes of these.

/// Month names (lowercase) and their month number, English, Spanish, Portuguese, French and
/// German together: a dump's header may be in another language than its body.
pub static MONTHS: &[(&str, u32)] = &[
    // en
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    // es
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    // pt
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // fr
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    // de
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
];

/// Day names (lowercase), Monday = 0. Portuguese names are also matched without `-feira`.
pub static DAYS: &[(&str, u32)] = &[
    // en
    ("monday", 0),
    ("tuesday", 1),
    ("wednesday", 2),
    ("thursday", 3),
    ("friday", 4),
    ("saturday", 5),
    ("sunday", 6),
    // es
    ("lunes", 0),
    ("martes", 1),
    ("miércoles", 2),
    ("miercoles", 2),
    ("jueves", 3),
    ("viernes", 4),
    ("sábado", 5),
    ("sabado", 5),
    ("domingo", 6),
    // pt
    ("segunda-feira", 0),
    ("segunda", 0),
    ("terça-feira", 1),
    ("terça", 1),
    ("quarta-feira", 2),
    ("quarta", 2),
    ("quinta-feira", 3),
    ("quinta", 3),
    ("sexta-feira", 4),
    ("sexta", 4),
    // fr
    ("lundi", 0),
    ("mardi", 1),
    ("mercredi", 2),
    ("jeudi", 3),
    ("vendredi", 4),
    ("samedi", 5),
    ("dimanche", 6),
    // de
    ("montag", 0),
    ("dienstag", 1),
    ("mittwoch", 2),
    ("donnerstag", 3),
    ("freitag", 4),
    ("samstag", 5),
    ("sonnabend", 5),
    ("sonntag", 6),
];

/// Words that say "this <day>" (the current week's day, relative to the article's date).
pub static THIS_WORDS: &[&str] = &[
    "this", "este", "esta", "neste", "nesta", "ce", "diesen", "diesem",
];
