//! Settings from a file: the nearest `newsclean.toml` (or a `pyproject.toml` with a
//! `[tool.newsclean]` table) found from the working directory upwards, or the file given with
//! `--config`; none with `--isolated`. Command-line flags override what the file says.
//!
//! ```toml
//! select = ["encoding", "W501"]
//! ignore = ["byline"]
//! fail-on = "warning"
//! unsafe-fixes = false
//!
//! [severity]
//! whitespace = "info"
//!
//! [per-path-ignores]
//! "archive/**" = ["structure"]
//! ```
//!
//! An unknown key is an error that names the key and the file: a typo must not silently turn
//! a check off. Per-path globs are matched against paths relative to the file's directory.

use crate::cli::{Level, RuleArgs, RunArgs};
use crate::config::Config;
use crate::rules::{self, Severity};
use anyhow::{anyhow, bail, Context as _, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The keys a configuration file may hold, exactly.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileSettings {
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    fail_on: Option<Level>,
    unsafe_fixes: Option<bool>,
    severity: Option<BTreeMap<String, Level>>,
    per_path_ignores: Option<BTreeMap<String, Vec<String>>>,
}

/// Everything a run needs to know about rules: the base configuration, the per-path
/// exceptions, and the `--fail-on` threshold.
#[derive(Debug)]
pub struct Settings {
    base: Config,
    /// Globs and the codes of the rules they turn off.
    per_path: Vec<(globset::GlobMatcher, Vec<String>)>,
    /// The directory per-path globs are relative to.
    root: PathBuf,
    pub fail_on: Severity,
    /// The file the settings came from, if any.
    pub file: Option<PathBuf>,
    /// The encoding `--encoding` forces on every input, if any.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl Settings {
    /// Builds the settings of a run: the configuration file (unless `--isolated`), then the
    /// flags over it. `fail_on` is the flag's value when given.
    pub fn resolve(rules: &RuleArgs, run: &RunArgs, fail_on: Option<Level>) -> Result<Settings> {
        let file = if run.isolated {
            None
        } else if let Some(path) = &run.config {
            Some(path.clone())
        } else {
            let cwd = std::env::current_dir().context("cannot read the working directory")?;
            discover(&cwd)?
        };
        let (parsed, name) = match &file {
            Some(path) => (load(path)?, path.display().to_string()),
            None => (FileSettings::default(), String::new()),
        };
        let root = match &file {
            Some(path) => absolute_parent(path),
            None => std::env::current_dir().unwrap_or_default(),
        };

        let select = if rules.select.is_empty() {
            parsed.select.clone().unwrap_or_default()
        } else {
            rules.select.clone()
        };
        let ignore = if rules.ignore.is_empty() {
            parsed.ignore.clone().unwrap_or_default()
        } else {
            rules.ignore.clone()
        };
        if rules.select.is_empty() {
            validate_list(&select, &name, "select")?;
        }
        if rules.ignore.is_empty() {
            validate_list(&ignore, &name, "ignore")?;
        }
        let mut base = Config::new()
            .with_selection(&select, &ignore)?
            .with_unsafe_fixes(rules.unsafe_fixes || parsed.unsafe_fixes.unwrap_or(false));
        for (rule_name, level) in parsed.severity.iter().flatten() {
            let matched = rules::resolve_selector(rule_name).ok_or_else(|| {
                anyhow!("{name}: severity: unknown rule '{rule_name}'; `newsclean explain` lists the rules")
            })?;
            for rule in matched {
                base.set_severity(rule, Severity::from(*level));
            }
        }
        let mut per_path = Vec::new();
        for (pattern, ignored) in parsed.per_path_ignores.iter().flatten() {
            let glob = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .with_context(|| format!("{name}: per-path-ignores: bad glob '{pattern}'"))?;
            validate_list(ignored, &name, &format!("per-path-ignores.\"{pattern}\""))?;
            let codes = ignored
                .iter()
                .flat_map(|item| rules::resolve_selector(item).unwrap_or_default())
                .map(|rule| rule.code.to_owned())
                .collect();
            per_path.push((glob.compile_matcher(), codes));
        }
        let fail_on = fail_on.or(parsed.fail_on).unwrap_or(Level::Error).into();
        let encoding = match &rules.encoding {
            None => None,
            Some(label) => Some(crate::input::encoding_for_label(label)?),
        };
        Ok(Settings {
            base,
            per_path,
            root,
            fail_on,
            file,
            encoding,
        })
    }

    /// The configuration for one input path (`None` for stdin).
    pub fn config_for(&self, path: Option<&Path>) -> std::borrow::Cow<'_, Config> {
        let Some(path) = path else {
            return std::borrow::Cow::Borrowed(&self.base);
        };
        if self.per_path.is_empty() {
            return std::borrow::Cow::Borrowed(&self.base);
        }
        let abs = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let relative = abs.strip_prefix(&self.root).unwrap_or(path);
        let mut matched: Option<Config> = None;
        for (glob, codes) in &self.per_path {
            if glob.is_match(relative) || glob.is_match(path) {
                let so_far = matched.unwrap_or_else(|| self.base.clone());
                // The codes come from the registry, so the selection cannot fail.
                matched = Some(so_far.clone().with_selection(&[], codes).unwrap_or(so_far));
            }
        }
        match matched {
            Some(c) => std::borrow::Cow::Owned(c),
            None => std::borrow::Cow::Borrowed(&self.base),
        }
    }

    pub fn base(&self) -> &Config {
        &self.base
    }
}

fn absolute_parent(path: &Path) -> PathBuf {
    let abs = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    abs.parent().map(Path::to_path_buf).unwrap_or_default()
}

fn validate_list(items: &[String], file: &str, key: &str) -> Result<()> {
    for item in items {
        if rules::resolve_selector(item).is_none() {
            bail!("{file}: {key}: unknown rule or prefix '{item}'; `newsclean explain --all` lists the rules");
        }
    }
    Ok(())
}

/// The nearest configuration file from `dir` upwards: `newsclean.toml`, or a
/// `pyproject.toml` that has a `[tool.newsclean]` table (one without it is passed over).
pub fn discover(dir: &Path) -> Result<Option<PathBuf>> {
    for d in dir.ancestors() {
        let own = d.join("newsclean.toml");
        if own.is_file() {
            return Ok(Some(own));
        }
        let py = d.join("pyproject.toml");
        if py.is_file() {
            let text = fs::read_to_string(&py)
                .with_context(|| format!("{}: cannot read this file", py.display()))?;
            if pyproject_table(&text, &py)?.is_some() {
                return Ok(Some(py));
            }
        }
    }
    Ok(None)
}

fn pyproject_table(text: &str, path: &Path) -> Result<Option<toml::Value>> {
    let doc: toml::Table =
        toml::from_str(text).with_context(|| format!("{}: not valid TOML", path.display()))?;
    Ok(doc.get("tool").and_then(|t| t.get("newsclean")).cloned())
}

fn load(path: &Path) -> Result<FileSettings> {
    let text = fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read this configuration file", path.display()))?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    if is_pyproject {
        let Some(table) = pyproject_table(&text, path)? else {
            return Ok(FileSettings::default());
        };
        FileSettings::deserialize(table)
            .map_err(|e| anyhow!("{}: [tool.newsclean]: {}", path.display(), e.message()))
    } else {
        toml::from_str(&text)
            .map_err(|e| anyhow!("{}: {}", path.display(), e.to_string().trim_end()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<FileSettings> {
        toml::from_str(text).map_err(|e| anyhow!("{e}"))
    }

    #[test]
    fn reads_every_key() {
        let s = parse(
            "select = [\"W\"]\nignore = []\nfail-on = \"warning\"\nunsafe-fixes = true\n\
             [severity]\nwhitespace = \"info\"\n[per-path-ignores]\n\"a/**\" = [\"W501\"]\n",
        )
        .unwrap();
        assert_eq!(s.fail_on, Some(Level::Warning));
        assert_eq!(s.severity.unwrap()["whitespace"], Level::Info);
        assert_eq!(s.per_path_ignores.unwrap()["a/**"], vec!["W501".to_owned()]);
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = parse("selct = [\"W\"]\n").unwrap_err().to_string();
        assert!(err.contains("selct"), "{err}");
    }

    #[test]
    fn pyproject_without_table_is_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("pyproject.toml"),
            "[project]\nname = \"x\"\n",
        )
        .unwrap();
        assert_eq!(discover(dir.path()).unwrap(), None);
        fs::write(
            dir.path().join("pyproject.toml"),
            "[tool.newsclean]\nignore = [\"W501\"]\n",
        )
        .unwrap();
        assert_eq!(
            discover(dir.path()).unwrap(),
            Some(dir.path().join("pyproject.toml"))
        );
    }
}
