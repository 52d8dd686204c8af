//! A bounded list of findings: the first [`MAX_PROBLEMS`] in the order they are found are kept, every later one
//! is only counted. A finding beyond the cap is never rendered (no message, no pointer, no params), so a hostile
//! input with a finding per byte costs time in proportion to its size, and an error or a validation report
//! carries at most 100 problems whatever the input (docs/limits.md, `problems`).
//!
//! Worked example: `{"kassa": "1", "id": "x", "version": "1", "settings": {"currencies": [0, 0, ...]}}` with
//! 200000 zeros has 200003 findings, in the order the reader meets them: 200000 `wrong-type` at
//! /settings/currencies/0 ... /199999, then `missing-field` at /settings twice (rounding-mode, tax-rounding)
//! and at "" once (tax). `rulebook-invalid` lists the first 100 (/settings/currencies/0 ... /99) with the params
//! `count` 200003 and `omitted` 199903 (200003 - 100).

use crate::error::{Coded, Error, Problem, Severity};
use crate::limits::MAX_PROBLEMS;

/// Findings, at most [`MAX_PROBLEMS`] of them kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    kept: Vec<Problem>,
    /// Findings counted but not kept.
    omitted: usize,
    /// Whether an omitted finding has severity error.
    omitted_error: bool,
}

impl Problems {
    pub fn new() -> Problems {
        Problems::default()
    }

    /// Whether a new finding would only be counted.
    pub fn full(&self) -> bool {
        self.kept.len() as u64 >= MAX_PROBLEMS
    }

    /// A finding of `severity`, built by `make` only if it is kept.
    pub fn add(&mut self, severity: Severity, make: impl FnOnce() -> Problem) {
        if self.full() {
            self.omitted += 1;
            self.omitted_error |= severity == Severity::Error;
        } else {
            self.kept.push(make());
        }
    }

    /// `e` at the pointer `path` with `severity`; neither is rendered if the finding is not kept.
    pub fn report(&mut self, e: &impl Coded, path: impl FnOnce() -> String, severity: Severity) {
        self.add(severity, || e.to_problem(&path(), severity));
    }

    /// A finding built already.
    pub fn push(&mut self, problem: Problem) {
        let severity = problem.severity;
        self.add(severity, || problem);
    }

    /// Every finding of `other` after those of `self`, in order; `other`'s omitted ones stay counted.
    pub fn append(&mut self, other: Problems) {
        for p in other.kept {
            self.push(p);
        }
        self.omitted += other.omitted;
        self.omitted_error |= other.omitted_error;
    }

    /// The same findings, each kept one changed by `f` (e.g. moved under a pointer).
    pub fn map(mut self, f: impl FnMut(Problem) -> Problem) -> Problems {
        self.kept = self.kept.into_iter().map(f).collect();
        self
    }

    /// How many findings there are, kept or not.
    pub fn count(&self) -> usize {
        self.kept.len() + self.omitted
    }

    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// How many findings were counted but not kept.
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// Whether any finding, kept or not, has severity error.
    pub fn has_errors(&self) -> bool {
        self.omitted_error || self.kept.iter().any(|p| p.severity == Severity::Error)
    }

    /// The kept findings, in the order found.
    pub fn kept(&self) -> &[Problem] {
        &self.kept
    }

    /// The summary error `summary(count, omitted)` with the kept findings as its problems; `omitted` is `None`
    /// when nothing was left out (the summary then has no `omitted` param).
    pub fn into_error<E: Coded>(self, summary: impl FnOnce(usize, Option<usize>) -> E) -> Error {
        let omitted = (self.omitted > 0).then_some(self.omitted);
        let mut e = summary(self.count(), omitted).to_error("");
        e.problems = self.kept;
        e
    }

    /// The kept findings, and one more when some were left out: `problems-omitted` saying how many, with the
    /// severity of the worst of them (so a list whose errors were all cut still shows one). What a validation
    /// report carries, which has no params of its own.
    pub fn into_list(mut self) -> Vec<Problem> {
        if self.omitted > 0 {
            let severity = if self.omitted_error {
                Severity::Error
            } else {
                Severity::Warning
            };
            let e = crate::error::EngineError::ProblemsOmitted {
                omitted: self.omitted,
                max: MAX_PROBLEMS,
            };
            self.kept.push(e.to_problem("", severity));
        }
        self.kept
    }
}

impl FromIterator<Problem> for Problems {
    fn from_iter<I: IntoIterator<Item = Problem>>(iter: I) -> Problems {
        let mut problems = Problems::new();
        for p in iter {
            problems.push(p);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Param;

    fn finding(i: usize, severity: Severity) -> Problem {
        Problem {
            code: "wrong-type".into(),
            path: format!("/{i}"),
            message: String::new(),
            params: Vec::new(),
            severity,
        }
    }

    #[test]
    fn the_first_hundred_are_kept_in_order_and_the_rest_counted_unrendered() {
        let mut p = Problems::new();
        let mut rendered = 0;
        for i in 0..250 {
            p.add(Severity::Error, || {
                rendered += 1;
                finding(i, Severity::Error)
            });
        }
        // 250 found: /0 .. /99 kept, 150 counted, only the kept ones built.
        assert_eq!((p.count(), p.omitted(), rendered), (250, 150, 100));
        assert_eq!(p.kept()[99].path, "/99");
        let e = p.into_error(|count, omitted| crate::error::EngineError::InvalidJson {
            detail: format!("{count} {omitted:?}"),
        });
        assert_eq!(e.problems.len(), 100);
        assert_eq!(e.params, [Param::new("detail", "250 Some(150)")]);
    }

    #[test]
    fn a_report_says_how_many_were_left_out_with_the_worst_severity() {
        // 100 warnings kept, then 1 error and 4 warnings left out: 5 omitted, and the summary is an error.
        let mut p: Problems = (0..100).map(|i| finding(i, Severity::Warning)).collect();
        p.push(finding(100, Severity::Error));
        p.append((101..105).map(|i| finding(i, Severity::Warning)).collect());
        assert!(p.has_errors());
        let list = p.into_list();
        assert_eq!(list.len(), 101);
        let last = &list[100];
        assert_eq!(
            (last.code.as_str(), last.severity),
            ("problems-omitted", Severity::Error)
        );
        assert_eq!(
            last.params,
            [Param::new("omitted", 5), Param::new("max", 100)]
        );
        assert_eq!(
            last.message,
            "5 more problems are not listed (at most 100 are)"
        );
        // Nothing left out: no summary.
        let few: Problems = (0..3).map(|i| finding(i, Severity::Warning)).collect();
        assert_eq!(few.into_list().len(), 3);
    }
}
