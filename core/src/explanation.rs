//! The explanation's storage (`Quote::trace`): every step's kind, pointer, message and params written into one
//! text, the steps and params kept as spans of it.
//!
//! Why not a `Vec` of owned steps: a typical quote's 88 steps were ~1,100 heap blocks (a kind, a pointer, a
//! message, a list and two strings per param, each its own allocation), about 55 % of an explained quote's
//! time natively. Here a step costs no allocation of its own (the text and the two span lists grow by
//! doubling), a copy of a cart being priced copies three buffers, and the wire writer reads the spans as they
//! are. Readers get borrowed views ([`Step`], [`Params`]); [`TraceStep`] is the owned form (the typed
//! contract's record, and what the serde form reads).

use crate::error::Param;
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::fmt::{self, Write as _};

/// One step of the explanation as an owned record: which price list and tier priced a line, where rounding
/// happened (params before/after), which tax rule applied, which promotion did what.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TraceStep {
    pub kind: String,
    pub path: String,
    pub message: String,
    pub params: Vec<Param>,
}

/// A byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn of(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StepSpans {
    kind: Span,
    path: Span,
    message: Span,
    /// The step's params: `params[first..end]`.
    first: usize,
    end: usize,
}

/// The ordered steps of an explanation (empty when the cart did not ask for one).
#[derive(Clone, Default)]
pub struct Explanation {
    text: String,
    steps: Vec<StepSpans>,
    /// (name, value) of every step's params, in step order.
    params: Vec<(Span, Span)>,
}

impl Explanation {
    pub fn new() -> Explanation {
        Explanation::default()
    }

    /// Room for `text` bytes of steps and `steps` steps (with three params each) before any grows.
    pub fn with_capacity(text: usize, steps: usize) -> Explanation {
        Explanation {
            text: String::with_capacity(text),
            steps: Vec::with_capacity(steps),
            params: Vec::with_capacity(steps * 3),
        }
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Step `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<Step<'_>> {
        self.steps.get(i).map(|s| self.view(s))
    }

    /// The steps in order.
    pub fn iter(&self) -> Steps<'_> {
        Steps {
            ex: self,
            spans: self.steps.iter(),
        }
    }

    /// The steps as owned records.
    pub fn to_steps(&self) -> Vec<TraceStep> {
        self.iter().map(TraceStep::from).collect()
    }

    /// Forget every step (the buffers are kept).
    pub fn clear(&mut self) {
        self.text.clear();
        self.steps.clear();
        self.params.clear();
    }

    /// Append a step of `kind`: `path` writes its JSON Pointer, `build` its message and params. (Trait objects,
    /// not generics: one copy of this code in the browser build, however many kinds of step call it.)
    pub fn push(
        &mut self,
        kind: &str,
        path: &dyn Fn(&mut String),
        build: &mut dyn FnMut(&mut StepWriter<'_>),
    ) {
        let kind = self.put(&|t| t.push_str(kind));
        let path = self.put(path);
        let first = self.params.len();
        let mut w = StepWriter {
            ex: self,
            message: Span::default(),
        };
        build(&mut w);
        let message = w.message;
        self.steps.push(StepSpans {
            kind,
            path,
            message,
            first,
            end: self.params.len(),
        });
    }

    /// Append an owned step.
    pub fn push_step(&mut self, step: &TraceStep) {
        self.push(&step.kind, &|t| t.push_str(&step.path), &mut |w| {
            w.message(&|t| t.push_str(&step.message));
            for p in &step.params {
                w.param(&p.name, &p.value);
            }
        });
    }

    /// Append every step of `other`, in order.
    pub fn append(&mut self, other: &Explanation) {
        let (shift, first) = (self.text.len(), self.params.len());
        let moved = |s: Span| Span {
            start: s.start + shift,
            end: s.end + shift,
        };
        self.text.push_str(&other.text);
        self.params
            .extend(other.params.iter().map(|&(n, v)| (moved(n), moved(v))));
        self.steps.extend(other.steps.iter().map(|s| StepSpans {
            kind: moved(s.kind),
            path: moved(s.path),
            message: moved(s.message),
            first: s.first + first,
            end: s.end + first,
        }));
    }

    /// What `write` appends to the text, as a span.
    fn put(&mut self, write: &dyn Fn(&mut String)) -> Span {
        let start = self.text.len();
        write(&mut self.text);
        Span {
            start,
            end: self.text.len(),
        }
    }

    fn view(&self, s: &StepSpans) -> Step<'_> {
        Step {
            kind: s.kind.of(&self.text),
            path: s.path.of(&self.text),
            message: s.message.of(&self.text),
            params: Params {
                text: &self.text,
                spans: &self.params[s.first..s.end],
            },
        }
    }
}

/// The steps of an explanation, in order ([`Explanation::iter`]).
#[derive(Clone)]
pub struct Steps<'a> {
    ex: &'a Explanation,
    spans: std::slice::Iter<'a, StepSpans>,
}

impl<'a> Iterator for Steps<'a> {
    type Item = Step<'a>;

    fn next(&mut self) -> Option<Step<'a>> {
        self.spans.next().map(|s| self.ex.view(s))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.spans.size_hint()
    }
}

impl DoubleEndedIterator for Steps<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.spans.next_back().map(|s| self.ex.view(s))
    }
}

impl ExactSizeIterator for Steps<'_> {}

impl<'a> IntoIterator for &'a Explanation {
    type Item = Step<'a>;
    type IntoIter = Steps<'a>;

    fn into_iter(self) -> Steps<'a> {
        self.iter()
    }
}

/// Writes one step's message and params (inside [`Explanation::push`]).
pub struct StepWriter<'a> {
    ex: &'a mut Explanation,
    message: Span,
}

impl StepWriter<'_> {
    /// The step's message, written by `write` (a step has one message; a second call replaces it).
    pub fn message(&mut self, write: &dyn Fn(&mut String)) {
        self.message = self.ex.put(write);
    }

    /// The step's message from format arguments.
    pub fn message_fmt(&mut self, args: fmt::Arguments<'_>) {
        self.message(&|t| {
            let _ = t.write_fmt(args);
        });
    }

    /// The step's message from parts: text, or a param's value as written (so a value shown in both is
    /// formatted once).
    pub fn message_of(&mut self, parts: &[Part<'_>]) {
        self.message(&|t| {
            for part in parts {
                match *part {
                    Part::Text(s) => t.push_str(s),
                    Part::Value(v) => t.extend_from_within(v.start..v.end),
                }
            }
        });
    }

    /// A param with a value already written out.
    pub fn param(&mut self, name: &str, value: &str) {
        self.param_with(name, &|t| t.push_str(value));
    }

    /// A param whose value `write` writes (a decimal through `money::write_decimal`, ...); the value as a
    /// [`Part`] for the message.
    pub fn param_with(&mut self, name: &str, write: &dyn Fn(&mut String)) -> Part<'static> {
        let name = self.ex.put(&|t| t.push_str(name));
        let value = self.ex.put(write);
        self.ex.params.push((name, value));
        Part::Value(value)
    }
}

/// A piece of a step's message ([`StepWriter::message_of`]).
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    Text(&'a str),
    /// A param's value of the same step, as [`StepWriter::param_with`] returned it.
    Value(Span),
}

/// One step, borrowed from its explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<'a> {
    /// What the step is about (docs/rulebook.md lists the kinds): `price`, `rounding`, `tax`, ...
    pub kind: &'a str,
    /// A JSON Pointer into the cart ("" for the whole cart).
    pub path: &'a str,
    pub message: &'a str,
    pub params: Params<'a>,
}

impl From<Step<'_>> for TraceStep {
    fn from(s: Step<'_>) -> TraceStep {
        TraceStep {
            kind: s.kind.to_string(),
            path: s.path.to_string(),
            message: s.message.to_string(),
            params: s
                .params
                .iter()
                .map(|p| Param {
                    name: p.name.to_string(),
                    value: p.value.to_string(),
                })
                .collect(),
        }
    }
}

/// A step's params, in order.
#[derive(Clone, Copy)]
pub struct Params<'a> {
    text: &'a str,
    spans: &'a [(Span, Span)],
}

/// One param of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamRef<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

impl<'a> Params<'a> {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = ParamRef<'a>> + 'a {
        let text = self.text;
        self.spans.iter().map(move |&(n, v)| ParamRef {
            name: n.of(text),
            value: v.of(text),
        })
    }

    /// The value of the first param called `name`.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.iter().find(|p| p.name == name).map(|p| p.value)
    }
}

impl PartialEq for Params<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Params<'_> {}

impl fmt::Debug for Params<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Two explanations are equal when their steps are, whatever their buffers hold beyond them.
impl PartialEq for Explanation {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Explanation {}

impl fmt::Debug for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl From<Vec<TraceStep>> for Explanation {
    fn from(steps: Vec<TraceStep>) -> Explanation {
        steps.into_iter().collect()
    }
}

/// Owned steps in (the typed contract's conversions collect into an `Explanation` as into a `Vec`).
impl FromIterator<TraceStep> for Explanation {
    fn from_iter<I: IntoIterator<Item = TraceStep>>(steps: I) -> Explanation {
        let mut e = Explanation::new();
        steps.into_iter().for_each(|s| e.push_step(&s));
        e
    }
}

/// Owned steps out (the typed contract's records are owned).
impl IntoIterator for Explanation {
    type Item = TraceStep;
    type IntoIter = std::vec::IntoIter<TraceStep>;

    fn into_iter(self) -> Self::IntoIter {
        self.to_steps().into_iter()
    }
}

/// The serde form is the list of steps, as the wire writes it.
impl Serialize for Explanation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for step in self.iter() {
            seq.serialize_element(&TraceStep::from(step))?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Explanation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<TraceStep>::deserialize(deserializer).map(Explanation::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(kind: &str, path: &str, message: &str, params: &[(&str, &str)]) -> TraceStep {
        TraceStep {
            kind: kind.into(),
            path: path.into(),
            message: message.into(),
            params: params
                .iter()
                .map(|(n, v)| Param {
                    name: n.to_string(),
                    value: v.to_string(),
                })
                .collect(),
        }
    }

    /// A tax step written as the engine writes them (message and params in any order), then a step with nothing.
    fn tax_then_exempt(e: &mut Explanation) {
        e.push("tax", &|t| t.push_str("/lines/3"), &mut |w| {
            w.param("tax", "de-std");
            w.param_with("rate", &|t| t.push_str("19"));
            w.message_fmt(format_args!("tax {} at {}%", "de-std", 19));
            w.param_with("amount", &|t| t.push_str("1.90"));
        });
        e.push("tax-exempt", &|_| {}, &mut |_| {});
    }

    #[test]
    fn steps_read_back_as_written() {
        let mut e = Explanation::new();
        tax_then_exempt(&mut e);
        e.push("rounding", &|t| t.push_str("/lines/0"), &mut |w| {
            let b = w.param_with("before", &|t| t.push_str("0.375"));
            let a = w.param_with("after", &|t| t.push_str("0.38"));
            w.message_of(&[Part::Text("from "), b, Part::Text(" to "), a]);
        });
        let r = e.get(2).unwrap();
        assert_eq!(r.message, "from 0.375 to 0.38");
        assert_eq!(r.params.get("after"), Some("0.38"));
        e.clear();
        tax_then_exempt(&mut e);
        let a = step(
            "tax",
            "/lines/3",
            "tax de-std at 19%",
            &[("tax", "de-std"), ("rate", "19"), ("amount", "1.90")],
        );
        let b = step("tax-exempt", "", "", &[]);
        assert_eq!(e.to_steps(), [a.clone(), b.clone()]);
        assert_eq!(e.len(), 2);
        assert_eq!(e.get(0).unwrap().params.get("rate"), Some("19"));
        assert_eq!(e.get(0).unwrap().params.get("none"), None);
        assert!(e.get(1).unwrap().params.is_empty());
        assert!(e.get(2).is_none());
        // Owned steps in, the same steps out; appending shifts the spans.
        let mut f = Explanation::from(vec![b.clone()]);
        f.append(&e);
        assert_eq!(f.to_steps(), [b.clone(), a.clone(), b.clone()]);
        assert_eq!(f.get(1).unwrap().params.get("amount"), Some("1.90"));
        // Equal by steps, not by buffers: the same steps built in another order of writes.
        assert_eq!(Explanation::from(vec![a, b]), e);
        f.clear();
        assert!(f.is_empty() && f.iter().next().is_none());
    }

    #[test]
    fn serde_form_is_the_list_of_steps() {
        let e = Explanation::from(vec![step("price", "/lines/0", "A priced", &[("sku", "A")])]);
        let text = serde_json::to_string(&e).unwrap();
        // By hand: what a Vec of the owned record serializes to.
        assert_eq!(
            text,
            r#"[{"kind":"price","path":"/lines/0","message":"A priced","params":[{"name":"sku","value":"A"}]}]"#
        );
        let back: Explanation = serde_json::from_str(&text).unwrap();
        assert_eq!(back, e);
        assert!(serde_json::from_str::<Explanation>(r#"[{"kind":"x"}]"#).is_err());
    }
}
