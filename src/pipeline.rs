//! Runs the passes in order over one document and composes their results into an `Article`.
//!
//! For each pass: skip it when none of its rules is enabled; run it on the working text;
//! choose which fixes apply (enabled, safe or `--unsafe-fixes`, not overlapping a fix already
//! chosen in this pass: the first one wins, the other is reported unapplied); map every
//! finding and fix into input coordinates *before* applying, since the next pass sees new
//! coordinates; apply the chosen edits through the source map. At the end the source map
//! yields the composed edits and the diagnostics are located (line, column) in the input.

use crate::article::{Article, Counts, Diagnostic, FixReport, Location, Metadata};
use crate::config::Config;
use crate::edit::{Change, Edit, EditLike, Originals, SourceMap};
use crate::language::{Language, Votes};
use crate::lines;
use crate::pass::{Context, Finding, Fix, Pass, Stage, TextFacts};
use crate::reported::Reported;
use crate::rules::{FixSafety, Severity};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// How many times the passes may run over one text before it is taken as it is; real text
/// settles in two rounds (the second finds nothing). Hostile mixtures may need more: the
/// fuzzer found repeated fragments with control characters, stray script and captions (with
/// unsafe fixes on) where each round's repairs gave another pass one more thing to do, and
/// needed four. Each round is linear, so the bound keeps the whole linear.
const MAX_ROUNDS: usize = 4;

/// Whether a pass run again looks only near the changes in a text this long. Not below
/// 16 KB: there, finding the lines around the changes costs about what scanning the whole
/// short article does (a JSON Lines dump of 760-byte articles got slower with it). Debug
/// builds always do, so that the tests and the fuzzer, whose texts are short, check every
/// limited run against a full one (the two give the same findings, so no result depends on
/// the threshold).
fn rescan_pays(text_len: usize) -> bool {
    cfg!(debug_assertions) || text_len >= 16 << 10
}

pub struct Pipeline {
    passes: Vec<Box<dyn Pass>>,
}

/// What a run keeps of its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Every finding as a diagnostic located in the input, and the composed edits: what a
    /// report needs.
    Diagnostics,
    /// Only how many findings of each severity, with no diagnostics and no composed edits:
    /// what `newsclean clean` needs when no report is asked for. The text, the metadata and
    /// the counts are those a `Diagnostics` run gives, at a fraction of the memory (a
    /// diagnostic with its message and fix is several hundred bytes) and without locating
    /// every finding.
    Counts,
}

impl Pipeline {
    /// A pipeline of the given passes, ordered by stage (stable within a stage).
    pub fn new(mut passes: Vec<Box<dyn Pass>>) -> Self {
        passes.sort_by_key(|p| p.stage());
        Pipeline { passes }
    }

    /// Every pass newsclean has.
    pub fn standard() -> Self {
        Self::new(crate::passes::all())
    }

    pub fn passes(&self) -> impl Iterator<Item = &dyn Pass> {
        self.passes.iter().map(|p| p.as_ref())
    }

    /// Cleans one decoded document.
    pub fn run(&self, input: &str, encoding: &str, config: &Config) -> Article {
        self.run_keeping(input, encoding, config, Keep::Diagnostics)
    }

    /// Cleans one decoded document, keeping of its findings what `keep` says.
    pub fn run_keeping(&self, input: &str, encoding: &str, config: &Config, keep: Keep) -> Article {
        // The working text borrows the input until a pass changes it; then applied passes
        // rewrite it in place, or (when their edits both lengthen and shorten it) write into
        // a second buffer and trade, so a large document costs one or two buffers however
        // many passes change it.
        let mut state = RunState::new(Cow::Borrowed(input), keep, self.passes.len());
        self.bring_to_rest(&mut state, config);
        state.finish(Some(input), encoding, config)
    }

    /// `run_keeping` on an input the caller gives up. Without diagnostics, nothing needs
    /// the input after the run, so the passes rewrite it in its own buffer instead of a
    /// copy: a large document costs one buffer less (memory touched for the first time is
    /// dear, see `huge_pages.rs`). Only the input's text under the edits is kept, to tell
    /// at the end whether the text changed (`edit::Originals`). A report needs the whole
    /// input (its edits and line numbers are in input coordinates), so with `Diagnostics`
    /// this borrows it as `run_keeping` does.
    pub fn run_owned(&self, input: String, encoding: &str, config: &Config, keep: Keep) -> Article {
        if keep == Keep::Diagnostics {
            return self.run_keeping(&input, encoding, config, keep);
        }
        let mut state = RunState::new(Cow::Owned(input), keep, self.passes.len());
        state.originals = Some(Originals::default());
        self.bring_to_rest(&mut state, config);
        state.finish(None, encoding, config)
    }

    /// Runs the passes over `state` until a round changes nothing (or `MAX_ROUNDS`).
    fn bring_to_rest(&self, state: &mut RunState<'_>, config: &Config) {
        // Passes read context that later passes change (a caption lifted out changes which
        // script is the document's main one; a fixed comma puts a word next to a credit). So
        // the text is brought to rest: while a round changed it, the passes run again over the
        // result, on the same source map, findings already reported not reported twice. Clean
        // text costs one round, nearly all changed text two.
        //
        // A pass is a function of the text and the metadata it reads: run again on both as
        // they were when it last ran, it finds only what it reported then. So a later round
        // skips every pass that saw the current version of both (the passes after the last
        // one that changed anything): after an early repair only the passes up to it run
        // again.
        //
        // The stages before Structure are brought to rest in each round before the structure
        // passes read the text (swept again while they change it), so that what those lift
        // into metadata is the repaired text, not a half-repaired one.
        //
        // A pass that only tidies whitespace (`Pass::tidies_spacing`, the last one) changes
        // nothing the passes unaffected by spacing read: those that saw the text just before
        // it are taken to have seen it after too (`excused`).
        let mut version: u64 = 0;
        let mut seen: Vec<Option<u64>> = vec![None; self.passes.len()];
        let mut excused = vec![false; self.passes.len()];
        // Debug builds: the text before the last tidying, to check the excused passes on.
        let mut before_tidying: Option<String> = None;
        let split = self
            .passes
            .iter()
            .position(|p| p.stage() >= Stage::Structure)
            .unwrap_or(self.passes.len());
        for round in 0..MAX_ROUNDS {
            let mut changed = false;
            if round > 0 && config.language.is_none() {
                // The language is decided again on the text the last round left, so that the
                // round that finds nothing to do decided it on the cleaned text, as a second
                // run would: cleaning stays idempotent when repairs change the language. This
                // holds for an undecided answer too: when lifting a French caption leaves too
                // little French to decide, a second run would not keep French spacing either.
                // The votes were kept up to date through the edits when they could be.
                let votes = state.votes.unwrap_or_else(|| Votes::count(&state.text));
                debug_assert_eq!(votes, Votes::count(&state.text), "votes kept through edits");
                state.votes = Some(votes);
                let lang = votes.decide();
                if state.language != Some(lang) {
                    state.metadata.language = lang.code().map(str::to_owned);
                    state.language = Some(lang);
                    version += 1;
                }
            }
            let (mut sweeps, mut early_changed, mut i) = (0, false, 0);
            while i < self.passes.len() {
                if i == split && early_changed && sweeps + 1 < MAX_ROUNDS {
                    (sweeps, early_changed, i) = (sweeps + 1, false, 0);
                    continue;
                }
                let pass = &self.passes[i];
                let later_round = round > 0 || sweeps > 0;
                if later_round && (pass.stage() == Stage::Prepare || seen[i] == Some(version)) {
                    if cfg!(debug_assertions) && std::mem::take(&mut excused[i]) {
                        let before = before_tidying.as_deref().expect("kept when excusing");
                        check_unaffected_by_spacing(pass.as_ref(), state, config, before);
                    }
                    i += 1;
                    continue;
                }
                excused[i] = false;
                // What this pass sees: its own fixes are not part of it (they can give it more
                // to find, as a cut credit leaves a credit line), so a change it makes itself
                // runs it again too.
                seen[i] = Some(version);
                if pass.rules().iter().any(|r| config.is_enabled(r)) {
                    // Only structure passes write metadata (and the language changes only
                    // between rounds, above).
                    let before = (pass.stage() == Stage::Structure).then(|| state.metadata.clone());
                    let text_before = (cfg!(debug_assertions) && pass.tidies_spacing())
                        .then(|| state.text.to_string());
                    let text_changed = run_pass(pass.as_ref(), i, state, config, later_round);
                    let metadata_changed = before.is_some_and(|m| m != state.metadata);
                    if text_changed || metadata_changed {
                        version += 1;
                        if text_changed && !metadata_changed && pass.tidies_spacing() {
                            before_tidying = text_before;
                            for (j, other) in self.passes.iter().enumerate() {
                                if seen[j] == Some(version - 1) && other.unaffected_by_spacing() {
                                    seen[j] = Some(version);
                                    excused[j] = true;
                                }
                            }
                        }
                    }
                    changed |= text_changed;
                    early_changed |= text_changed && i < split;
                }
                i += 1;
            }
            if !changed {
                break;
            }
        }
    }
}

impl<'a> RunState<'a> {
    fn new(text: Cow<'a, str>, keep: Keep, passes: usize) -> Self {
        RunState {
            spare: String::new(),
            map: SourceMap::identity(text.len()),
            text,
            originals: None,
            metadata: Metadata::default(),
            keep,
            pending: Vec::new(),
            brief: Vec::new(),
            reported: Reported::default(),
            language: None,
            votes: None,
            last_runs: vec![None; passes],
            findings: Vec::new(),
            facts: (0, TextFacts::default()),
        }
    }

    /// The article a run at rest gives. `input` is the input when the run borrowed it; a run
    /// that rewrote it (`run_owned`, counts only) kept its originals instead.
    fn finish(self, input: Option<&str>, encoding: &str, config: &Config) -> Article {
        let RunState {
            text,
            map,
            mut originals,
            mut metadata,
            keep,
            pending,
            brief,
            language,
            ..
        } = self;
        if language.is_none() && config.language.is_some() {
            metadata.language = config.language.clone();
        }
        if keep == Keep::Counts {
            let changed = match (input, originals.as_mut()) {
                (Some(input), _) => map.changes_anything(input, &text),
                (None, Some(kept)) => map.changes_anything_kept(&text, kept),
                (None, None) => unreachable!("a run keeps its input or the originals"),
            };
            let mut counts = Counts::default();
            for b in &brief {
                counts.add(b.severity);
            }
            return Article {
                encoding: encoding.to_owned(),
                changed,
                metadata,
                diagnostics: Vec::new(),
                edits: Vec::new(),
                text: text.into_owned(),
                counts,
            };
        }
        let input = input.expect("a run that keeps diagnostics borrows its input");
        let edits = map.composed_edits(input, &text);
        let mut diagnostics = pending;
        sort_in_input_order(&mut diagnostics);
        // One forward sweep over the sorted offsets: linear however many findings share a
        // line, and no index of every line of the input.
        let offsets: Vec<usize> = diagnostics
            .iter()
            .flat_map(|d| [d.byte_range.start, d.byte_range.end])
            .collect();
        let located = lines::locate_all(input, &offsets);
        for (d, at) in diagnostics.iter_mut().zip(located.chunks_exact(2)) {
            let [(line, column), (end_line, end_column)] = [at[0], at[1]];
            d.location = Location { line, column };
            d.end_location = Location {
                line: end_line,
                column: end_column,
            };
        }
        let mut counts = Counts::default();
        for d in &diagnostics {
            counts.add(d.severity);
        }
        Article {
            encoding: encoding.to_owned(),
            changed: !edits.is_empty(),
            metadata,
            diagnostics,
            edits,
            text: text.into_owned(),
            counts,
        }
    }
}

/// What one run carries from pass to pass.
struct RunState<'a> {
    text: Cow<'a, str>,
    /// For a run that rewrites its input (`run_owned`): the input's text under the edits.
    originals: Option<Originals>,
    /// The other text buffer, for a pass whose edits cannot be applied in place (see
    /// `apply_edits`); empty until one needs it.
    spare: String,
    map: SourceMap,
    metadata: Metadata,
    keep: Keep,
    /// The findings so far as diagnostics (`Keep::Diagnostics`)...
    pending: Vec<Diagnostic>,
    /// ... or in brief (`Keep::Counts`).
    brief: Vec<Brief>,
    /// (rule, input range) of every finding so far, so later rounds report nothing twice.
    reported: Reported,
    language: Option<Language>,
    /// The stopword votes of the working text, once the language was detected, while they
    /// can be kept up to date through the edits (`language_update.rs`).
    votes: Option<Votes>,
    /// Per pass: the source map's stamp and the language when it last ran, so that a pass
    /// that runs again can look only at what changed since (`Pass::rescans_changes`).
    last_runs: Vec<Option<(u32, Language)>>,
    /// The list passes report into, kept for its memory (see `run_pass`).
    findings: Vec<Finding>,
    /// What the passes found out about the text as of the source map's stamp `.0`.
    facts: (u32, TextFacts),
}

/// A finding kept in brief: its identity for later rounds, whether its fix was applied, and
/// its severity for the counts.
struct Brief {
    key: (usize, usize, usize),
    applied: bool,
    severity: Severity,
}

/// Runs one pass (the `index`th): its findings become diagnostics (mapped to the input before
/// the text changes), its chosen fixes are applied. With `rerun` (a later round), findings
/// already reported at the same place by the same rule are not reported twice. Returns
/// whether the text changed.
fn run_pass(
    pass: &dyn Pass,
    index: usize,
    state: &mut RunState<'_>,
    config: &Config,
    rerun: bool,
) -> bool {
    // One list of findings serves every pass: a pass's findings are taken out of it, and it
    // keeps its memory for the next, so a dump with tens of thousands of findings per pass
    // does not fault in a fresh list for each. A list longer than that is let go: kept, it
    // would sit beside the report's diagnostics until the end (a 10 MB line with a finding
    // every 32 bytes has 300,000 in a pass).
    let mut findings = std::mem::take(&mut state.findings);
    let changed = find_and_apply(pass, index, state, config, rerun, &mut findings);
    if findings.capacity() <= KEPT_FINDINGS {
        findings.clear();
        state.findings = findings;
    }
    changed
}

/// The most findings whose list `run_pass` keeps for the next pass (about 8 MB).
const KEPT_FINDINGS: usize = 1 << 16;

/// `run_pass` with the list its findings go into (which it empties).
fn find_and_apply(
    pass: &dyn Pass,
    index: usize,
    state: &mut RunState<'_>,
    config: &Config,
    rerun: bool,
    findings: &mut Vec<Finding>,
) -> bool {
    if pass.stage() >= Stage::Script && state.language.is_none() {
        let (lang, votes) = decide_language(&state.text, config);
        state.votes = votes;
        state.metadata.language = lang.code().map(str::to_owned);
        state.language = Some(lang);
    }
    // The language is decided just before the script stage; the passes before it see none,
    // in every round, so that a pass that ran before the decision may run again over what
    // changed only (none of them reads the language).
    let language = match state.language {
        Some(language) if pass.stage() >= Stage::Script => language,
        _ => Language::Other,
    };
    // Run again on the same language, a pass that allows it looks only at what changed (in a
    // text long enough for that to pay).
    let changed = match state.last_runs[index] {
        Some((stamp, seen))
            if seen == language && pass.rescans_changes() && rescan_pays(state.text.len()) =>
        {
            // Passes unaffected by spacing need not look where only spacing was tidied.
            Some(state.map.changed_since(stamp, pass.unaffected_by_spacing()))
        }
        _ => None,
    };
    state.last_runs[index] = Some((state.map.stamp(), language));
    let metadata_before =
        (cfg!(debug_assertions) && changed.is_some()).then(|| state.metadata.clone());
    // Every apply that changes the text moves the stamp on: facts of an older version go.
    if state.facts.0 != state.map.stamp() {
        state.facts = (state.map.stamp(), TextFacts::default());
    }
    *findings = find(
        pass,
        &state.text,
        &state.facts.1,
        config,
        language,
        &mut state.metadata,
        changed.as_deref(),
        std::mem::take(findings),
    );
    if let Some(metadata) = metadata_before {
        check_limited_run(pass, state, config, language, findings, metadata, &changed);
    }
    if rerun {
        // A finding already reported is dropped, unless its fix applies now where it did not
        // before (the context changed): then it replaces the earlier, unapplied report.
        let mut superseded = Vec::new();
        let map = &state.map;
        state.reported.settle();
        let reported = &state.reported;
        findings.retain(|f| match on_rerun(f, map, reported, config) {
            Rerun::New => true,
            Rerun::Supersedes(at) => {
                superseded.push((at.start, at.end, rule_key(f.rule)));
                true
            }
            Rerun::Reported => false,
        });
        if !superseded.is_empty() {
            state.pending.retain(|d| {
                let r = &d.byte_range;
                let applied = d.fix.as_ref().is_some_and(|f| f.applied);
                applied || !superseded.contains(&(r.start, r.end, rule_key(d.rule)))
            });
            state
                .brief
                .retain(|b| b.applied || !superseded.contains(&b.key));
        }
    }
    if findings.is_empty() {
        return false;
    }
    let applied = choose_fixes(findings, config);
    let change = if pass.tidies_spacing() {
        Change::Spacing
    } else {
        Change::Content
    };
    if state.keep == Keep::Counts {
        return record_in_brief(findings, &applied, state, config, change);
    }
    let map = &mut state.map;
    // The applied edits, as (working range, diagnostic, edit): applied from the report's own
    // copy below, so an edit's text is never copied.
    let mut applied_edits: Vec<(Range<usize>, usize, usize)> = Vec::new();
    for (finding, applied) in findings.drain(..).zip(applied) {
        let input_range = map.to_input(finding.range.clone());
        let message = finding.message.render(&state.text[finding.range.clone()]);
        let fix = finding.fix.map(|fix| {
            if applied {
                let d = state.pending.len();
                applied_edits.extend(
                    fix.edits
                        .iter()
                        .enumerate()
                        .map(|(k, e)| (e.byte_range.clone(), d, k)),
                );
            }
            FixReport {
                applicability: fix.safety,
                applied,
                edits: fix
                    .edits
                    .into_iter()
                    .map(|e| Edit::new(map.to_input(e.byte_range), e.content))
                    .collect(),
            }
        });
        let diagnostic = Diagnostic {
            code: finding.rule.code,
            name: finding.rule.name,
            severity: config.severity_of_finding(finding.rule, finding.severity),
            message,
            location: Location::default(),
            end_location: Location::default(),
            byte_range: input_range.clone(),
            fix,
            rule: finding.rule,
        };
        state
            .reported
            .insert(rule_key(diagnostic.rule), &input_range);
        state.pending.push(diagnostic);
    }
    if applied_edits.is_empty() {
        return false;
    }
    applied_edits.sort_by_key(|(r, ..)| (r.start, r.end));
    let pending = &state.pending;
    let edits: Vec<(Range<usize>, &str)> = applied_edits
        .into_iter()
        .map(|(r, d, k)| {
            let fix = pending[d].fix.as_ref().expect("an applied edit has a fix");
            (r, fix.edits[k].content.as_ref())
        })
        .collect();
    apply_edits(
        &mut state.text,
        map,
        &mut state.spare,
        state.originals.as_mut(),
        &mut state.votes,
        &edits,
        change,
    );
    state.facts = (
        state.map.stamp(),
        state.facts.1.after_edits(&edits, &state.text),
    );
    true
}

/// The end of `run_pass` for `Keep::Counts`: each finding is kept in brief, and the applied
/// fixes' edits are applied as they are (moved, not copied).
fn record_in_brief(
    findings: &mut Vec<Finding>,
    applied: &[bool],
    state: &mut RunState<'_>,
    config: &Config,
    change: Change,
) -> bool {
    let mut edits: Vec<Edit> = Vec::with_capacity(applied.iter().filter(|&&a| a).count());
    for (finding, &applied) in findings.drain(..).zip(applied) {
        let at = state.map.to_input(finding.range.clone());
        let rule = rule_key(finding.rule);
        state.reported.insert(rule, &at);
        let key = (at.start, at.end, rule);
        state.brief.push(Brief {
            key,
            applied,
            severity: config.severity_of_finding(finding.rule, finding.severity),
        });
        if applied {
            edits.extend(finding.fix.expect("an applied finding has a fix").edits);
        }
    }
    if edits.is_empty() {
        return false;
    }
    edits.sort_by_key(|e| (e.byte_range.start, e.byte_range.end));
    apply_edits(
        &mut state.text,
        &mut state.map,
        &mut state.spare,
        state.originals.as_mut(),
        &mut state.votes,
        &edits,
        change,
    );
    state.facts = (
        state.map.stamp(),
        state.facts.1.after_edits(&edits, &state.text),
    );
    true
}

/// Applies a pass's edits to the working text: the first change copies a borrowed input
/// into `spare`'s buffer, later ones (and every one on an owned input) rewrite the text in
/// place where they can (else the text and `spare` trade buffers). A run that keeps
/// `originals` has them updated first. Known stopword votes are brought up to date from the
/// edits, or forgotten when they cannot be.
fn apply_edits<E: EditLike>(
    text: &mut Cow<'_, str>,
    map: &mut SourceMap,
    spare: &mut String,
    originals: Option<&mut Originals>,
    votes: &mut Option<Votes>,
    edits: &[E],
    change: Change,
) {
    *votes = votes.and_then(|v| v.after_edits(text, edits));
    if let Some(originals) = originals {
        map.keep_originals(text, edits, originals);
    }
    match text {
        Cow::Owned(owned) => map.apply_in_place_as(owned, edits, spare, change),
        Cow::Borrowed(input) => {
            map.apply_into_as(input, edits, spare, change);
            *text = Cow::Owned(std::mem::take(spare));
        }
    }
}

/// Sorts diagnostics by input range, then code, keeping the order they were found in for
/// equal keys. A diagnostic is large and a document may have a hundred thousand: the sort
/// moves small keys, then each diagnostic is swapped once into its place, with no copy of
/// the list.
fn sort_in_input_order(diagnostics: &mut [Diagnostic]) {
    let mut order: Vec<(usize, usize, &str, usize)> = diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| (d.byte_range.start, d.byte_range.end, d.code, i))
        .collect();
    order.sort_unstable();
    // `place[i]`: where the diagnostic now at `i` belongs. Each swap settles one of them.
    let mut place = vec![0; diagnostics.len()];
    for (to, &(.., from)) in order.iter().enumerate() {
        place[from] = to;
    }
    for i in 0..diagnostics.len() {
        while place[i] != i {
            let j = place[i];
            diagnostics.swap(i, j);
            place.swap(i, j);
        }
    }
}

/// The promise `Pass::rescans_changes` makes, checked in debug builds: the run limited to
/// `changed` found every new finding a full run over the same text finds (`metadata`: as
/// it was before the limited run), and left the same metadata.
fn check_limited_run(
    pass: &dyn Pass,
    state: &mut RunState<'_>,
    config: &Config,
    language: Language,
    limited: &[Finding],
    mut metadata: Metadata,
    changed: &Option<Vec<Range<usize>>>,
) {
    // Facts found afresh: the full run checks the shared ones the limited run used too.
    let full = find(
        pass,
        &state.text,
        &TextFacts::default(),
        config,
        language,
        &mut metadata,
        None,
        Vec::new(),
    );
    state.reported.settle();
    let new = |f: &&Finding| {
        !matches!(
            on_rerun(f, &state.map, &state.reported, config),
            Rerun::Reported
        )
    };
    let key = |f: &Finding| {
        let message = f.message.clone().render(&state.text[f.range.clone()]);
        format!("{} {:?} {message} {:?}", f.rule.code, f.range, f.fix)
    };
    let limited: Vec<String> = limited.iter().filter(new).map(key).collect();
    let whole: Vec<String> = full.iter().filter(new).map(key).collect();
    assert_eq!(
        limited,
        whole,
        "{} looking only at {changed:?}",
        pass.name()
    );
    assert_eq!(metadata, state.metadata, "{} metadata", pass.name());
}

/// The promise `Pass::unaffected_by_spacing` makes, checked in debug builds when a pass is
/// not run again on its strength: over the text as it is, it finds nothing that it did not
/// find over `before`, the text it last ran on (the text before the tidying), and changes no
/// metadata. Findings are compared by rule, the text they cover (its spacing aside) and their
/// fix's safety, as many of each as before: positions moved, and input ranges may have too
/// (a tidied span merges with a replaced one beside it).
fn check_unaffected_by_spacing(
    pass: &dyn Pass,
    state: &mut RunState<'_>,
    config: &Config,
    before: &str,
) {
    if !pass.rules().iter().any(|r| config.is_enabled(r)) {
        return;
    }
    let language = state.language.unwrap_or(Language::Other);
    let run = |text: &str, metadata: &mut Metadata| {
        let found = find(
            pass,
            text,
            &TextFacts::default(),
            config,
            language,
            metadata,
            None,
            Vec::new(),
        );
        let key = |f: &Finding| {
            let covered: Vec<&str> = text[f.range.clone()].split_whitespace().collect();
            let safety = f.fix.as_ref().map(|fix| fix.safety);
            format!("{} {:?} {safety:?}", f.rule.code, covered.join(" "))
        };
        found.iter().map(key).collect::<Vec<String>>()
    };
    let mut metadata = state.metadata.clone();
    let mut earlier: HashMap<String, usize> = HashMap::new();
    for key in run(before, &mut metadata.clone()) {
        *earlier.entry(key).or_default() += 1;
    }
    for key in run(&state.text, &mut metadata) {
        match earlier.get_mut(&key) {
            Some(left) if *left > 0 => *left -= 1,
            _ => panic!(
                "{} found more after the spacing was tidied: {key}",
                pass.name()
            ),
        }
    }
    assert_eq!(metadata, state.metadata, "{} metadata", pass.name());
}

/// What becomes of a finding when a pass runs again.
enum Rerun {
    /// Not reported before: kept.
    New,
    /// Reported before (at this input range) without its fix, which applies now: kept, in
    /// place of the earlier report.
    Supersedes(Range<usize>),
    /// Reported before: dropped.
    Reported,
}

fn on_rerun(f: &Finding, map: &SourceMap, reported: &Reported, config: &Config) -> Rerun {
    let at = map.to_input(f.range.clone());
    if !reported.contains(rule_key(f.rule), &at) {
        Rerun::New
    } else if f.fix.as_ref().is_some_and(|fix| is_applicable(fix, config)) {
        Rerun::Supersedes(at)
    } else {
        Rerun::Reported
    }
}

/// The findings of one run of `pass` over `text`, written into `buffer` (emptied first).
// One argument per field of the pass's `Context`, which this builds.
#[allow(clippy::too_many_arguments)]
fn find(
    pass: &dyn Pass,
    text: &str,
    facts: &TextFacts,
    config: &Config,
    language: Language,
    metadata: &mut Metadata,
    changed: Option<&[Range<usize>]>,
    mut buffer: Vec<Finding>,
) -> Vec<Finding> {
    buffer.clear();
    let mut cx = Context {
        text,
        config,
        language,
        metadata,
        changed,
        facts,
        findings: buffer,
    };
    pass.run(&mut cx);
    cx.findings
}

/// The language given, or the one the text's votes decide (with the votes).
fn decide_language(text: &str, config: &Config) -> (Language, Option<Votes>) {
    match config.language.as_deref().and_then(Language::from_code) {
        Some(lang) => (lang, None),
        None => {
            let votes = Votes::count(text);
            (votes.decide(), Some(votes))
        }
    }
}

/// Decides, per finding, whether its fix is applied: the rule is enabled, the fix is safe (or
/// unsafe fixes are on), and none of its edits conflicts with an edit of a fix chosen earlier
/// (in order of the fixes' first edits).
fn choose_fixes(findings: &[Finding], config: &Config) -> Vec<bool> {
    let mut order: Vec<usize> = (0..findings.len())
        .filter(|&i| {
            findings[i]
                .fix
                .as_ref()
                .is_some_and(|f| is_applicable(f, config))
        })
        .collect();
    order.sort_by_key(|&i| {
        let e = &findings[i].fix.as_ref().unwrap().edits[0];
        (e.byte_range.start, e.byte_range.end)
    });
    let mut taken = Taken::default();
    let mut applied = vec![false; findings.len()];
    for i in order {
        let edits = &findings[i].fix.as_ref().unwrap().edits;
        if edits.iter().all(|e| is_free(&taken, &e.byte_range)) {
            for e in edits {
                taken.insert((e.byte_range.start, e.byte_range.end));
            }
            applied[i] = true;
        }
    }
    applied
}

/// A rule's identity for `reported` and the brief records: its address (every rule is a
/// static).
fn rule_key(rule: &'static crate::rules::Rule) -> usize {
    std::ptr::from_ref(rule) as usize
}

/// The edits of the fixes chosen so far in one pass, sorted. Fixes are taken in order of
/// their first edits, so nearly every insertion goes at the end: a vector does what a tree
/// did, without an allocation per edit.
#[derive(Default)]
struct Taken(Vec<(usize, usize)>);

impl Taken {
    fn insert(&mut self, edit: (usize, usize)) {
        if self.0.last().map_or(true, |&last| last <= edit) {
            self.0.push(edit);
        } else {
            let at = self.0.partition_point(|&e| e <= edit);
            self.0.insert(at, edit);
        }
    }
}

/// Whether a fix would be applied under `config` (before checking for overlaps).
fn is_applicable(fix: &Fix, config: &Config) -> bool {
    !fix.edits.is_empty()
        && match fix.safety {
            FixSafety::Safe => true,
            FixSafety::Unsafe => config.unsafe_fixes,
            FixSafety::None => false,
        }
}

/// Two edits conflict when their ranges overlap, when an insertion falls strictly inside a
/// range, or when both insert at one point (their order would be undefined). Touching is fine.
fn conflicts(a: &Range<usize>, b: &Range<usize>) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start == b.start,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

/// True when `r` conflicts with no taken edit. Taken edits are disjoint, so their ends grow
/// with their starts and the backward scan stops at the first one that ends before `r`.
fn is_free(taken: &Taken, r: &Range<usize>) -> bool {
    let upto = taken.0.partition_point(|&e| e <= (r.end, usize::MAX));
    for &(s, e) in taken.0[..upto].iter().rev() {
        if conflicts(r, &(s..e)) {
            return false;
        }
        if e < r.start {
            break;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(ranges: &[(usize, usize)]) -> Taken {
        let mut t = Taken::default();
        for &r in ranges {
            t.insert(r);
        }
        t
    }

    #[test]
    fn diagnostics_sort_by_place_then_code_keeping_ties_in_order() {
        let rule = &crate::passes::whitespace::WHITESPACE;
        let d = |start: usize, end: usize, code: &'static str, message: &str| Diagnostic {
            code,
            name: rule.name,
            severity: rule.severity,
            message: message.to_owned(),
            location: Location::default(),
            end_location: Location::default(),
            byte_range: start..end,
            fix: None,
            rule,
        };
        let mut list = vec![
            d(5, 6, "W501", "a"),
            d(0, 9, "P401", "b"),
            d(5, 6, "E103", "c"),
            d(0, 3, "W501", "d"),
            d(5, 6, "W501", "e"),
            d(0, 3, "W501", "f"),
        ];
        sort_in_input_order(&mut list);
        let got: Vec<&str> = list.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(got, ["d", "f", "b", "c", "a", "e"]);
    }

    // The pass that finds `xx` reports under one rule, the one that writes it under another:
    // a finding is keyed by rule and place.
    static TEST_RULES: &[&crate::rules::Rule] = &[&crate::passes::html_entity::HTML_ENTITY];
    static WRITER_RULES: &[&crate::rules::Rule] = &[&crate::passes::whitespace::WHITESPACE];

    /// A pass that finds `xx` and, run again, looks only near what changed; the blind one
    /// does not look at all then, breaking the promise.
    struct FindsXx {
        blind: bool,
    }

    impl Pass for FindsXx {
        fn name(&self) -> &'static str {
            if self.blind {
                "blind-rescan"
            } else {
                "finds-xx"
            }
        }
        fn stage(&self) -> Stage {
            Stage::Structure
        }
        fn rules(&self) -> &'static [&'static crate::rules::Rule] {
            TEST_RULES
        }
        fn rescans_changes(&self) -> bool {
            true
        }
        fn run(&self, cx: &mut Context<'_>) {
            if let Some(changed) = cx.changed {
                if self.blind {
                    return;
                }
                let only = changed.iter().map(|r| (r.start, r.end)).collect::<Vec<_>>();
                assert_eq!(only, [(4, 6)], "the `xx` written over `ab`");
            }
            for (at, _) in cx.text.match_indices("xx") {
                let rule = &crate::passes::html_entity::HTML_ENTITY;
                cx.report(Finding::new(rule, at..at + 2, "xx"));
            }
        }
    }

    /// A later pass that rewrites every `from` into `to` with a safe fix: `ab` into `xx`, so
    /// the blind pass has something to miss, or (saying it only tidies spacing) two spaces
    /// into one.
    struct Rewrites {
        from: &'static str,
        to: &'static str,
        spacing: bool,
    }

    const MAKES_XX: Rewrites = Rewrites {
        from: "ab",
        to: "xx",
        spacing: false,
    };
    const TIDIES: Rewrites = Rewrites {
        from: "  ",
        to: " ",
        spacing: true,
    };

    impl Pass for Rewrites {
        fn name(&self) -> &'static str {
            "rewrites"
        }
        fn stage(&self) -> Stage {
            Stage::Final
        }
        fn rules(&self) -> &'static [&'static crate::rules::Rule] {
            WRITER_RULES
        }
        fn tidies_spacing(&self) -> bool {
            self.spacing
        }
        fn run(&self, cx: &mut Context<'_>) {
            for (at, _) in cx.text.match_indices(self.from) {
                let rule = &crate::passes::whitespace::WHITESPACE;
                let range = at..at + self.from.len();
                let fix = Fix::safe(vec![Edit::new(range.clone(), self.to)]);
                cx.report(Finding::new(rule, range, self.from).with_fix(fix));
            }
        }
    }

    /// A pass that reports where the text's first non-ASCII byte is, as `Context` says.
    struct ReportsFirstNonAscii;

    impl Pass for ReportsFirstNonAscii {
        fn name(&self) -> &'static str {
            "reports-first-non-ascii"
        }
        fn stage(&self) -> Stage {
            Stage::Final
        }
        fn rules(&self) -> &'static [&'static crate::rules::Rule] {
            TEST_RULES
        }
        fn run(&self, cx: &mut Context<'_>) {
            let at = cx.first_non_ascii();
            let rule = &crate::passes::html_entity::HTML_ENTITY;
            cx.report(Finding::new(rule, at..at, "first non-ASCII byte"));
        }
    }

    #[test]
    fn the_first_non_ascii_byte_is_that_of_the_text_each_pass_reads() {
        // A pass asks before and after a pass writes `é` over `ab` (earlier than the text's
        // own `ü`): the second must not be told the first's answer.
        let pipeline = Pipeline::new(vec![
            Box::new(ReportsFirstNonAscii),
            Box::new(Rewrites {
                from: "ab",
                to: "é",
                spacing: false,
            }),
            Box::new(ReportsFirstNonAscii),
        ]);
        let article = pipeline.run("one ab ü\n", "utf-8", &Config::new());
        assert_eq!(article.text, "one é ü\n");
        let firsts: Vec<usize> = article
            .diagnostics
            .iter()
            .filter(|d| d.message == "first non-ASCII byte")
            .map(|d| d.byte_range.start)
            .collect();
        // In input offsets: the `ü` at 7, then the `é` where `ab` was, at 4.
        assert!(firsts.contains(&7) && firsts.contains(&4), "{firsts:?}");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "blind-rescan looking only at")]
    fn debug_builds_catch_a_pass_that_misses_what_changed() {
        let pipeline = Pipeline::new(vec![Box::new(FindsXx { blind: true }), Box::new(MAKES_XX)]);
        pipeline.run("one ab two\n", "utf-8", &Config::new());
    }

    #[test]
    fn a_pass_run_again_is_told_what_changed() {
        let pipeline = Pipeline::new(vec![Box::new(FindsXx { blind: false }), Box::new(MAKES_XX)]);
        let article = pipeline.run("one ab two\n", "utf-8", &Config::new());
        assert_eq!(article.text, "one xx two\n");
        let found: Vec<(&str, &str)> = article
            .diagnostics
            .iter()
            .map(|d| (d.code, d.message.as_str()))
            .collect();
        assert_eq!(found, [("E103", "xx"), ("W501", "ab")]);
    }

    /// A pass that counts its runs and finds `a b` (with exactly one space): unaffected by
    /// spacing when `unaffected` says so, though it is not (a tidied `a  b` is new to it).
    struct CountsRuns {
        runs: std::sync::Arc<std::sync::atomic::AtomicUsize>,
        unaffected: bool,
    }

    impl Pass for CountsRuns {
        fn name(&self) -> &'static str {
            "counts-runs"
        }
        fn stage(&self) -> Stage {
            Stage::Punctuation
        }
        fn rules(&self) -> &'static [&'static crate::rules::Rule] {
            TEST_RULES
        }
        fn unaffected_by_spacing(&self) -> bool {
            self.unaffected
        }
        fn run(&self, cx: &mut Context<'_>) {
            self.runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            for (at, _) in cx.text.match_indices("a b") {
                let rule = &crate::passes::html_entity::HTML_ENTITY;
                cx.report(Finding::new(rule, at..at + 3, "a b"));
            }
        }
    }

    /// How many times a `CountsRuns` pass ran over `text` before a tidying pass.
    fn runs_before_tidying(text: &str, unaffected: bool) -> usize {
        let runs = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = CountsRuns {
            runs: runs.clone(),
            unaffected,
        };
        let pipeline = Pipeline::new(vec![Box::new(counter), Box::new(TIDIES)]);
        pipeline.run(text, "utf-8", &Config::new());
        runs.load(std::sync::atomic::Ordering::Relaxed)
    }

    #[test]
    fn a_pass_unaffected_by_spacing_does_not_run_again_for_a_tidying() {
        // Debug builds run it twice more to check the promise, over the text before the
        // tidying and after.
        let checks = if cfg!(debug_assertions) { 2 } else { 0 };
        assert_eq!(runs_before_tidying("x  y\n", true), 1 + checks);
        assert_eq!(runs_before_tidying("x  y\n", false), 2);
        assert_eq!(runs_before_tidying("x y\n", false), 1, "nothing tidied");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "counts-runs found more after the spacing was tidied")]
    fn debug_builds_catch_a_pass_that_spacing_does_affect() {
        runs_before_tidying("a  b\n", true);
    }

    #[test]
    fn overlap_rules() {
        let t = taken(&[(5, 10)]);
        assert!(is_free(&t, &(0..5)));
        assert!(is_free(&t, &(10..12)));
        assert!(
            is_free(&t, &(5..5)),
            "an insertion where a range starts comes first"
        );
        assert!(is_free(&t, &(10..10)));
        assert!(!is_free(&t, &(4..6)));
        assert!(!is_free(&t, &(9..11)));
        assert!(!is_free(&t, &(6..6)));
        assert!(!is_free(&t, &(5..7)));
        assert!(!is_free(&t, &(0..20)));
        let t = taken(&[(5, 5)]);
        assert!(!is_free(&t, &(5..5)));
        assert!(!is_free(&t, &(4..6)));
        assert!(is_free(&t, &(5..6)));
        assert!(is_free(&t, &(4..5)));
        // Inserted out of order (a multi-edit fix reaching past later fixes), still sorted.
        let t = taken(&[(20, 25), (5, 10), (12, 12)]);
        assert_eq!(t.0, [(5, 10), (12, 12), (20, 25)]);
        assert!(!is_free(&t, &(6..7)) && !is_free(&t, &(12..12)) && is_free(&t, &(10..12)));
        let t = taken(&[(5, 5), (5, 10)]);
        assert!(!is_free(&t, &(5..5)));
        assert!(is_free(&t, &(10..12)));
    }
}
