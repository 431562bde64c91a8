//! `copydesk eval DIR`: precision, recall and F1 of every rule against the annotated corpus,
//! false alarms per 1,000 words on clean articles, and the floors of `thresholds.toml`.

mod gold;
mod score;
mod thresholds;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::document::DocKind;
use crate::engine::Engine;
use crate::segment::TokenKind;
pub use score::Counts;
use score::Miss;
use thresholds::{Floor, Thresholds};

/// Everything measured on one corpus.
#[derive(Debug, Default)]
pub struct Report {
    pub articles: usize,
    pub words: usize,
    pub rules: BTreeMap<String, Counts>,
    pub clean_articles: usize,
    pub clean_words: usize,
    /// Findings of warning severity or above on clean articles.
    pub clean_warnings: usize,
    pub false_alarms: Vec<(String, Miss)>,
    pub missed: Vec<(String, Miss)>,
    /// Rule ids named in gold files that no registered rule has.
    pub unknown_rules: Vec<String>,
}

impl Report {
    pub fn family(&self, family: &str) -> Counts {
        let mut c = Counts::default();
        for (id, counts) in &self.rules {
            if id.split('/').next() == Some(family) {
                c.add(*counts);
            }
        }
        c
    }

    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        self.rules.values().for_each(|v| c.add(*v));
        c
    }

    pub fn clean_rate(&self) -> f64 {
        if self.clean_words == 0 {
            0.0
        } else {
            self.clean_warnings as f64 * 1000.0 / self.clean_words as f64
        }
    }
}

/// Score every article in `dir` that has a gold file.
pub fn evaluate(dir: &Path, engine: &Engine) -> Result<Report, String> {
    let mut articles: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| gold_path(p).is_some_and(|g| g.is_file()))
        .collect();
    articles.sort();
    if articles.is_empty() {
        return Err(format!(
            "{}: no articles with .gold.toml files",
            dir.display()
        ));
    }
    let known: Vec<&str> = engine.rules().map(|r| r.meta().id).collect();
    let results: Vec<Result<_, String>> = articles
        .par_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let gold = gold::load(&gold_path(path).unwrap_or_default(), &text)?;
            let analysis = engine.analyse(text, DocKind::from_path(path));
            let words = analysis
                .paragraphs
                .iter()
                .flat_map(|p| &p.tokens)
                .filter(|t| t.kind == TokenKind::Word)
                .count();
            let found = engine.lint_analysis(&analysis);
            let (mut false_alarms, mut missed) = (Vec::new(), Vec::new());
            let counts = score::score(
                &found,
                &gold.expected,
                &analysis.text,
                &mut false_alarms,
                &mut missed,
            );
            let warnings = found
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
                .count();
            Ok((
                path.display().to_string(),
                gold.clean,
                words,
                counts,
                warnings,
                false_alarms,
                missed,
            ))
        })
        .collect();
    let mut report = Report::default();
    for result in results {
        let (name, clean, words, counts, warnings, false_alarms, missed) = result?;
        report.articles += 1;
        report.words += words;
        if clean {
            report.clean_articles += 1;
            report.clean_words += words;
            report.clean_warnings += warnings;
        }
        for (rule, c) in counts {
            report.rules.entry(rule).or_default().add(c);
        }
        report
            .false_alarms
            .extend(false_alarms.into_iter().map(|m| (name.clone(), m)));
        report
            .missed
            .extend(missed.into_iter().map(|m| (name.clone(), m)));
    }
    // A gold rule id no rule answers to (a typo, or a rule not built yet) scores as missed
    // and is named, rather than failing the whole evaluation.
    report.unknown_rules = report
        .rules
        .keys()
        .filter(|id| !known.contains(&id.as_str()))
        .cloned()
        .collect();
    // Rules with no findings and no gold still appear, so the table shows the whole set.
    for id in known {
        report.rules.entry(id.to_string()).or_default();
    }
    Ok(report)
}

fn gold_path(article: &Path) -> Option<PathBuf> {
    let ext = article.extension()?.to_str()?;
    if !["md", "markdown", "txt"].contains(&ext) {
        return None;
    }
    let stem = article.file_stem()?.to_str()?;
    Some(article.with_file_name(format!("{stem}.gold.toml")))
}

fn fmt(v: Option<f64>) -> String {
    v.map_or_else(|| "   -".to_string(), |v| format!("{v:.2}"))
}

pub fn print(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} articles, {} words\n",
        report.articles, report.words
    )?;
    writeln!(
        out,
        "{:34} {:>4} {:>4} {:>4} {:>9} {:>6} {:>5}",
        "rule", "tp", "fp", "fn", "precision", "recall", "f1"
    )?;
    let row = |out: &mut dyn Write, name: &str, c: &Counts| {
        writeln!(
            out,
            "{:34} {:>4} {:>4} {:>4} {:>9} {:>6} {:>5}",
            name,
            c.tp,
            c.fp,
            c.fn_,
            fmt(c.precision()),
            fmt(c.recall()),
            fmt(c.f1())
        )
    };
    for (id, c) in &report.rules {
        row(out, id, c)?;
    }
    writeln!(out)?;
    for family in crate::rules::FAMILIES {
        row(out, &format!("family {family}"), &report.family(family))?;
    }
    row(out, "overall", &report.overall())?;
    writeln!(
        out,
        "\nclean articles: {} ({} words), {} warnings = {:.2} per 1,000 words",
        report.clean_articles,
        report.clean_words,
        report.clean_warnings,
        report.clean_rate()
    )?;
    if !report.unknown_rules.is_empty() {
        writeln!(
            out,
            "\ngold names rules that do not exist (scored as missed): {}",
            report.unknown_rules.join(", ")
        )?;
    }
    if !report.false_alarms.is_empty() {
        writeln!(out, "\nfalse alarms:")?;
        for (file, m) in &report.false_alarms {
            writeln!(out, "  {file}@{} {} {:?}", m.offset, m.rule, m.text)?;
        }
    }
    if !report.missed.is_empty() {
        writeln!(out, "\nmissed:")?;
        for (file, m) in &report.missed {
            writeln!(out, "  {file}@{} {} {:?}", m.offset, m.rule, m.text)?;
        }
    }
    Ok(())
}

/// Floors not met, one line each.
pub fn failures(report: &Report, t: &Thresholds) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |name: &str, c: Counts, floor: &Floor| {
        // No findings at all means no false alarms: precision is only judged on answers given.
        if let (Some(min), Some(p)) = (floor.precision, c.precision()) {
            if p < min {
                out.push(format!("{name}: precision {p:.2} < {min:.2}"));
            }
        }
        if let Some(min) = floor.recall {
            let r = c.recall().unwrap_or(1.0);
            if r < min {
                out.push(format!("{name}: recall {r:.2} < {min:.2}"));
            }
        }
    };
    for (id, floor) in &t.rules {
        check(id, report.rules.get(id).copied().unwrap_or_default(), floor);
    }
    for (family, floor) in &t.families {
        check(&format!("family {family}"), report.family(family), floor);
    }
    if let Some(floor) = &t.overall {
        check("overall", report.overall(), floor);
    }
    if let Some(max) = t.clean.max_warnings_per_1000_words {
        if report.clean_rate() > max {
            out.push(format!(
                "clean articles: {:.2} warnings per 1,000 words > {max:.2}",
                report.clean_rate()
            ));
        }
    }
    out
}

/// The `eval` subcommand; returns the exit code.
pub fn run(dir: &Path, thresholds: Option<&Path>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match evaluate_and_judge(dir, thresholds, out) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "copydesk: {e}");
            EXIT_ERROR
        }
    }
}

fn evaluate_and_judge(
    dir: &Path,
    thresholds: Option<&Path>,
    out: &mut dyn Write,
) -> Result<i32, String> {
    let config = Config::discover(dir)
        .map(|p| Config::load(&p))
        .transpose()
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    let engine = Engine::new(&config).map_err(|e| e.to_string())?;
    let report = evaluate(dir, &engine)?;
    print(&report, out).map_err(|e| e.to_string())?;
    let default_path = dir.join("thresholds.toml");
    let path = thresholds
        .map(Path::to_path_buf)
        .or_else(|| default_path.is_file().then_some(default_path));
    let Some(path) = path else {
        return Ok(EXIT_CLEAN);
    };
    let failed = failures(&report, &thresholds::load(&path)?);
    let write =
        |out: &mut dyn Write, line: String| writeln!(out, "{line}").map_err(|e| e.to_string());
    if failed.is_empty() {
        write(out, format!("\nall floors in {} met", path.display()))?;
        return Ok(EXIT_CLEAN);
    }
    write(out, format!("\nfloors not met ({}):", path.display()))?;
    for f in failed {
        write(out, format!("  {f}"))?;
    }
    Ok(EXIT_FINDINGS)
}
