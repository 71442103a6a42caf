//! The interface every pass implements, and what a pass may see and produce.
//!
//! A pass reads the working text and the document's context (language, metadata found so
//! far) and emits findings: a rule, a message, a working-text range, and optionally a fix
//! made of edits in working-text coordinates. It never applies edits itself; the pipeline
//! decides which fixes apply (enabled rule, safety, no overlap) and keeps the source map.

use crate::article::Metadata;
use crate::config::Config;
use crate::edit::{Edit, EditLike};
use crate::language::Language;
use crate::rules::{FixSafety, Rule, Severity};
use std::borrow::Cow;
use std::ops::Range;

/// Where a pass runs in the pipeline; passes run in stage order, then registration order.
/// Each stage prepares the next (see `../shared/DESIGN.md`, data flow).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Line endings and other normalization later passes rely on.
    Prepare,
    /// Encoding repair: mojibake, entities, control and invisible characters.
    Encoding,
    /// Stray scripts and homoglyphs. The language is detected just before this stage.
    Script,
    /// Header, dateline, byline, captions, credits, trailers, boilerplate.
    Structure,
    /// Punctuation, quotes and spacing.
    Punctuation,
    /// Machine-translation artifacts.
    Translation,
    /// Final whitespace and Unicode normalization.
    Final,
}

pub trait Pass: Send + Sync {
    /// A short name for benchmarks and debugging.
    fn name(&self) -> &'static str;
    fn stage(&self) -> Stage;
    /// The rules this pass can emit; the pass is skipped when none is enabled.
    fn rules(&self) -> &'static [&'static Rule];
    fn run(&self, cx: &mut Context<'_>);
    /// Whether, run again, this pass may look only near what changed since its last run
    /// (`Context::changed`). A pass says yes only when what it finds is a function of the
    /// text and the language alone (it reads no metadata) and each finding depends on text
    /// near it, so that the parts of the text that did not change hold the same findings
    /// as before. The pipeline checks the promise in debug builds: every limited run is
    /// compared with a full one.
    fn rescans_changes(&self) -> bool {
        false
    }
    /// Whether every fix this pass applies only tidies whitespace, in the ways the
    /// `whitespace` rule does: spaces and blank lines at the ends of the text, spaces at line
    /// ends, runs of spaces inside a line or of blank lines between paragraphs made one, a
    /// plain space for a no-break one. No words, punctuation or paragraph breaks change.
    fn tidies_spacing(&self) -> bool {
        false
    }
    /// Whether this pass finds nothing new in a text after a `tidies_spacing` pass changed it
    /// (when it had seen the text just before): it reads words, marks and paragraphs, not
    /// how many spaces or blank lines stand between them. The pipeline then does not run it
    /// again for that change alone: on a dump whose spacing is untidy, the last pass would
    /// otherwise send every earlier one into a second round. Run again for other changes,
    /// a pass that `rescans_changes` is not shown the tidied spans. Debug builds check the
    /// promise: a skipped pass is run anyway and must find nothing new, and a limited run
    /// is compared with a full one.
    fn unaffected_by_spacing(&self) -> bool {
        false
    }
}

/// A fix's edits: one is kept inline, so the commonest fix allocates no list (a dump has
/// tens of thousands of one-edit fixes).
pub type Edits = smallvec::SmallVec<[Edit; 1]>;

/// A fix offered by a finding.
#[derive(Clone, Debug)]
pub struct Fix {
    pub safety: FixSafety,
    /// Sorted, non-overlapping edits in working-text coordinates.
    pub edits: Edits,
}

impl Fix {
    pub fn safe(edits: Vec<Edit>) -> Self {
        Fix::of(FixSafety::Safe, edits)
    }

    pub fn unsafe_(edits: Vec<Edit>) -> Self {
        Fix::of(FixSafety::Unsafe, edits)
    }

    /// A safe fix of one edit.
    pub fn safe_one(edit: Edit) -> Self {
        Fix {
            safety: FixSafety::Safe,
            edits: smallvec::smallvec![edit],
        }
    }

    fn of(safety: FixSafety, edits: Vec<Edit>) -> Self {
        Fix {
            safety,
            edits: Edits::from_vec(edits),
        }
    }
}

/// What a finding says.
#[derive(Clone, Debug)]
pub enum Message {
    /// Written out when found.
    Text(Cow<'static, str>),
    /// Made from the text the finding points at, only when a report keeps the finding: a
    /// dump with tens of thousands of entities or control characters then pays for none of
    /// their messages when no report is asked for (`newsclean clean`).
    Of(fn(&str) -> String),
}

impl Message {
    /// The message, for a finding that points at `shown` (its range of the working text the
    /// pass saw).
    pub fn render(self, shown: &str) -> String {
        match self {
            Message::Text(text) => text.into_owned(),
            Message::Of(make) => make(shown),
        }
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Message::Text(Cow::Owned(text))
    }
}

impl From<&'static str> for Message {
    fn from(text: &'static str) -> Self {
        Message::Text(Cow::Borrowed(text))
    }
}

/// One finding of a pass, in working-text coordinates.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    pub message: Message,
    pub range: Range<usize>,
    pub fix: Option<Fix>,
    /// A severity for this finding instead of the rule's default (a stray word in a photo
    /// credit is worse than one in running text); a user's override for the rule still wins.
    pub severity: Option<Severity>,
}

impl Finding {
    pub fn new(rule: &'static Rule, range: Range<usize>, message: impl Into<Message>) -> Self {
        Finding {
            rule,
            message: message.into(),
            range,
            fix: None,
            severity: None,
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// What a pass sees while it runs.
pub struct Context<'a> {
    /// The working text: the input with all earlier fixes applied.
    pub text: &'a str,
    pub config: &'a Config,
    /// The document language, decided once before the script stage (`Other` before that).
    pub language: Language,
    /// Metadata found so far; structure passes add to it.
    pub metadata: &'a mut Metadata,
    /// On a pass's later run (`Pass::rescans_changes`, same language), the working ranges
    /// written since its last run: sorted, disjoint, a deletion as an empty range. The
    /// pass must report every finding that a run over the whole text would report and that
    /// depends on any of these ranges; it may report more (findings already reported are
    /// dropped by the pipeline). `None`: look at the whole text.
    pub changed: Option<&'a [Range<usize>]>,
    /// What is known of this version of the text (see `TextFacts`).
    pub(crate) facts: &'a TextFacts,
    pub(crate) findings: Vec<Finding>,
}

/// Facts about one version of the working text that several passes need, each of which
/// would otherwise scan the whole text for them: found on first use, and shared by the
/// passes that read the same version (the pipeline starts afresh when a pass changes it).
#[derive(Debug, Default)]
pub struct TextFacts {
    first_non_ascii: std::cell::OnceCell<usize>,
}

impl TextFacts {
    /// The facts of the text that `edits` (sorted, in the old text's offsets) made of the
    /// version these facts are about, as far as they follow from the edits alone: an English
    /// article's first non-ASCII byte lies megabytes in, and finding it again after each of
    /// the dozen applies of a run scanned all that ASCII again.
    pub(crate) fn after_edits<E: EditLike>(&self, edits: &[E], new_text: &str) -> TextFacts {
        let facts = TextFacts::default();
        if let Some(&old) = self.first_non_ascii.get() {
            let _ = facts
                .first_non_ascii
                .set(first_non_ascii_after(old, edits, new_text));
        }
        facts
    }
}

/// Where the first non-ASCII byte of `new_text` is, given that of the old text (`old`, or its
/// length) and the edits that made one of the other. Everything before `old` was ASCII: the
/// answer is the first non-ASCII byte an edit before it writes, else `old` moved by the edits
/// before it, unless an edit replaced that byte, when the new text is searched on from there.
fn first_non_ascii_after<E: EditLike>(old: usize, edits: &[E], new_text: &str) -> usize {
    let found = carried_first_non_ascii(old, edits, new_text);
    debug_assert_eq!(
        found,
        crate::scan::first_non_ascii(new_text.as_bytes()).unwrap_or(new_text.len())
    );
    found
}

fn carried_first_non_ascii<E: EditLike>(old: usize, edits: &[E], new_text: &str) -> usize {
    let mut moved_by = 0isize;
    for e in edits {
        let (range, content) = (e.range(), e.content());
        if range.start > old {
            break;
        }
        let new_start = range.start.wrapping_add_signed(moved_by);
        if let Some(i) = content.bytes().position(|b| !b.is_ascii()) {
            return new_start + i;
        }
        if range.end > old {
            let from = new_start + content.len();
            return crate::scan::first_non_ascii(&new_text.as_bytes()[from..])
                .map_or(new_text.len(), |i| from + i);
        }
        moved_by += content.len() as isize - range.len() as isize;
    }
    old.wrapping_add_signed(moved_by)
}

impl<'a> Context<'a> {
    pub fn is_enabled(&self, rule: &Rule) -> bool {
        self.config.is_enabled(rule)
    }

    /// The offset of the text's first non-ASCII byte (its length when there is none): where
    /// a pass that looks only at non-ASCII characters can start. Found once per version of
    /// the text, where each pass or search that uses it (ten of them) would scan the ASCII
    /// before it, which is nearly all of an English article.
    pub fn first_non_ascii(&self) -> usize {
        let text = self.text;
        *self
            .facts
            .first_non_ascii
            .get_or_init(|| crate::scan::first_non_ascii(text.as_bytes()).unwrap_or(text.len()))
    }

    /// Records a finding; findings of disabled rules are dropped here so passes need not
    /// check before every push (they still should before expensive work).
    pub fn report(&mut self, finding: Finding) {
        if self.config.is_enabled(finding.rule) {
            self.findings.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The first non-ASCII byte carried over a batch of edits is the one a search of the
        /// new text finds: edits before it, over it, at it, writing non-ASCII or not.
        #[test]
        fn the_first_non_ascii_byte_carried_over_edits_is_the_one_searched_for(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["ab", " ", "é", "\n", "xyz", "–", "q"]),
                0..24,
            ),
            cuts in proptest::collection::vec(
                (0usize..64, 0usize..4, proptest::sample::select(vec!["", "-", "ü", "zz"])),
                0..6,
            ),
        ) {
            let text: String = pieces.concat();
            // Sorted, disjoint edits on char boundaries (at most one insertion per offset).
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut edits: Vec<Edit> = Vec::new();
            let mut from = 0;
            for (at, len, content) in cuts {
                let Some(k) = bounds.iter().position(|&b| b >= from + at % 8) else { break };
                let start = bounds[k];
                let end = bounds[(k + len).min(bounds.len() - 1)];
                if edits.last().is_some_and(|e| e.byte_range.end == start && start == end) {
                    continue;
                }
                edits.push(Edit::new(start..end, content));
                from = end + 1;
            }
            let new_text = crate::edit::apply(&text, &edits);
            let facts = TextFacts::default();
            let old = crate::scan::first_non_ascii(text.as_bytes()).unwrap_or(text.len());
            facts.first_non_ascii.set(old).unwrap();
            let carried = facts.after_edits(&edits, &new_text);
            proptest::prop_assert_eq!(
                carried.first_non_ascii.get().copied(),
                Some(crate::scan::first_non_ascii(new_text.as_bytes()).unwrap_or(new_text.len()))
            );
            // Facts never found stay unknown.
            proptest::prop_assert!(TextFacts::default().after_edits(&edits, &new_text)
                .first_non_ascii.get().is_none());
        }
    }
}
