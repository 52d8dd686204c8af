//! Price lists that could tie (`price-ambiguous`): found list by list with bit sets over the lists of one
//! currency and rank, so the search is linear in the lists' scopes and prices, not quadratic in them.

use super::checker::{at_index, Checker};
use crate::rulebook::model::{PriceList, Rank};
use crate::rulebook::time::Timestamp;
use crate::rulebook::RulebookError as E;
use std::collections::BTreeMap;

/// Whether two half-open windows [from, until) share a moment.
fn windows_overlap(a: &PriceList, b: &PriceList) -> bool {
    let starts_before_end = |from: Option<Timestamp>, until: Option<Timestamp>| match (from, until)
    {
        (Some(f), Some(u)) => f < u,
        _ => true,
    };
    starts_before_end(a.valid_from, b.valid_until) && starts_before_end(b.valid_from, a.valid_until)
}

/// Whether one cart could satisfy both lists' attribute scopes: every attribute both name admits a common
/// value (an empty list admits every value). Checked pair by pair, after the other scopes found the pair.
fn attributes_overlap(a: &PriceList, b: &PriceList) -> bool {
    a.attributes.iter().all(|(name, va)| {
        b.attributes
            .iter()
            .find(|(n, _)| n == name)
            .is_none_or(|(_, vb)| {
                va.is_empty() || vb.is_empty() || va.iter().any(|v| vb.contains(v))
            })
    })
}

/// Two lists of equal rank whose scopes intersect and that price a common sku would tie for some cart.
/// Scopes are finite sets and intervals, so this finds every possible tie: quoting never meets one. (Cart
/// attribute scopes are compared pair by pair among the pairs the other scopes leave.)
///
/// Found list by list, not pair by pair and value by value: within a group of lists of one currency and rank,
/// the later lists that could tie with a list are the intersection, over its countries, customer groups,
/// customers, channels and skus, of the lists sharing one of its values ([`Owners`]), so the work is linear in the
/// scopes and prices whatever their sizes. Reported in the order of the pairs (first list, then second),
/// each at the second list with the smallest sku they share.
/// `skus[i]` are list i's skus, sorted.
pub(super) fn ambiguities(checker: &mut Checker, lists: &[PriceList], skus: &[Vec<&str>]) {
    // The groups of lists with one currency and rank, in key order, each in list order: the list indices sorted
    // stably by key, cut into runs (a sort the wasm has, not a map type of its own).
    let keys: Vec<(&str, Rank)> = lists
        .iter()
        .map(|l| (l.currency.as_str(), l.rank()))
        .collect();
    let mut order: Vec<usize> = (0..lists.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| keys[a].cmp(&keys[b]));
    for members in order
        .chunk_by(|&a, &b| keys[a] == keys[b])
        .filter(|m| m.len() > 1)
    {
        let group: Vec<&PriceList> = members.iter().map(|&i| &lists[i]).collect();
        // Per member: its countries, customer groups, customers, channels and skus (for skus, empty is none).
        let values: Vec<[Vec<&str>; 5]> = members
            .iter()
            .map(|&i| {
                fn texts(v: &[String]) -> Vec<&str> {
                    v.iter().map(String::as_str).collect()
                }
                let l = &lists[i];
                [
                    texts(&l.countries),
                    texts(&l.customer_groups),
                    texts(&l.customers),
                    texts(&l.channels),
                    skus[i].clone(),
                ]
            })
            .collect();
        let owners: Vec<Owners> = (0..5)
            .map(|kind| Owners::new(values.iter().map(|v| &v[kind][..]), kind < 4))
            .collect();
        for (x, a) in group.iter().enumerate() {
            let mut ties = Bits::from(x + 1, group.len());
            for (kind, owners) in owners.iter().enumerate() {
                ties.and(&owners.sharing(&values[x][kind]));
            }
            for y in ties.ones() {
                let b = group[y];
                if !windows_overlap(a, b) || !attributes_overlap(a, b) {
                    continue;
                }
                checker.push_with(
                    || at_index("/price-lists", members[y]),
                    || E::PriceAmbiguous {
                        sku: first_common(&values[x][4], &values[y][4]),
                        first: a.id.clone(),
                        second: b.id.clone(),
                    },
                );
            }
        }
    }
}

/// The smallest sku two sorted lists share ("" if none).
fn first_common(a: &[&str], b: &[&str]) -> String {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // The smaller list comes in order, so the first shared one is the smallest.
    small
        .iter()
        .find(|k| large.binary_search(k).is_ok())
        .map(|k| k.to_string())
        .unwrap_or_default()
}

/// A set of members of a group (at most 1000 price lists), one bit each.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bits(Vec<u64>);

impl Bits {
    fn empty(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    /// Members `from..n`.
    fn from(from: usize, n: usize) -> Bits {
        let mut bits = Bits::empty(n);
        (from..n).for_each(|i| bits.set(i));
        bits
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn or(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a |= b);
    }

    fn and(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
    }

    /// The members in the set, in order.
    fn ones(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for (w, &word) in self.0.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                out.push(w * 64 + rest.trailing_zeros() as usize);
                rest &= rest - 1;
            }
        }
        out
    }
}

/// For one kind of value of a group's members (their countries, say): which members have each value, and
/// which have none. A value most members share is a bit set, a rarer one a short list, so the members sharing
/// any of a member's values cost at most 64 steps per value (or one pass over a bit set of 16 words).
struct Owners<'a> {
    n: usize,
    /// Whether an empty list means "every value" (a scope) or "no value" (a list's skus).
    empty_is_all: bool,
    /// The members with an empty list, when that means every value.
    open: Bits,
    /// Each value's place in `members` (a map type the wasm has anyway).
    slots: BTreeMap<&'a str, usize>,
    members: Vec<Members>,
}

/// The members that have one value.
enum Members {
    Few(Vec<usize>),
    Many(Bits),
}

/// Members a value may have and still be kept as a list.
const FEW: usize = 64;

impl<'a> Owners<'a> {
    fn new(members: impl Iterator<Item = &'a [&'a str]>, empty_is_all: bool) -> Self {
        let mut slots: BTreeMap<&str, usize> = BTreeMap::new();
        let mut lists: Vec<Vec<usize>> = Vec::new();
        let mut open = Vec::new();
        let mut n = 0;
        for (i, values) in members.enumerate() {
            n = i + 1;
            for &v in values {
                let next = lists.len();
                let slot = *slots.entry(v).or_insert(next);
                if slot == next {
                    lists.push(Vec::new());
                }
                // A member naming a value twice owns it once.
                if lists[slot].last() != Some(&i) {
                    lists[slot].push(i);
                }
            }
            if values.is_empty() {
                open.push(i);
            }
        }
        let as_bits = |owners: &[usize]| {
            let mut bits = Bits::empty(n);
            owners.iter().for_each(|&i| bits.set(i));
            bits
        };
        let members = lists
            .into_iter()
            .map(|owners| match owners.len() {
                len if len > FEW => Members::Many(as_bits(&owners)),
                _ => Members::Few(owners),
            })
            .collect();
        let open = if empty_is_all {
            as_bits(&open)
        } else {
            Bits::empty(n)
        };
        Owners {
            n,
            empty_is_all,
            open,
            slots,
            members,
        }
    }

    /// The members sharing a value with `values` (a member's own), or every member when `values` is empty
    /// and empty means every value.
    fn sharing(&self, values: &[&str]) -> Bits {
        if values.is_empty() && self.empty_is_all {
            return Bits::from(0, self.n);
        }
        let mut out = self.open.clone();
        for v in values {
            match self.slots.get(v).map(|&slot| &self.members[slot]) {
                Some(Members::Few(owners)) => owners.iter().for_each(|&i| out.set(i)),
                Some(Members::Many(bits)) => out.or(bits),
                None => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_find_the_members_sharing_a_value() {
        // Members: 0 = {DE, AT}, 1 = {} (every country), 2 = {FR}, 3 = {AT, AT}.
        let scopes: [&[&str]; 4] = [&["DE", "AT"], &[], &["FR"], &["AT", "AT"]];
        let owners = Owners::new(scopes.iter().copied(), true);
        assert_eq!(owners.sharing(&["AT"]).ones(), [0, 1, 3]);
        assert_eq!(owners.sharing(&["FR", "DE"]).ones(), [0, 1, 2]);
        assert_eq!(owners.sharing(&["CH"]).ones(), [1]);
        assert_eq!(owners.sharing(&[]).ones(), [0, 1, 2, 3]);
        // Skus: an empty price list shares nothing.
        let skus = Owners::new(scopes.iter().copied(), false);
        assert_eq!(skus.sharing(&[]).ones(), Vec::<usize>::new());
        assert_eq!(skus.sharing(&["AT"]).ones(), [0, 3]);
    }

    #[test]
    fn values_most_members_share_become_bit_sets() {
        // 200 members all naming X, and member 150 also Y: X is a bit set, Y a list; the unions are the same.
        let scopes: Vec<Vec<&str>> = (0..200)
            .map(|i| if i == 150 { vec!["X", "Y"] } else { vec!["X"] })
            .collect();
        let owners = Owners::new(scopes.iter().map(|s| &s[..]), true);
        let kind = |v: &str| matches!(owners.members[owners.slots[v]], Members::Many(_));
        assert!(kind("X") && !kind("Y"));
        assert_eq!(owners.sharing(&["Y"]).ones(), [150]);
        assert_eq!(owners.sharing(&["X"]).ones().len(), 200);
        assert_eq!(Bits::from(130, 200).ones()[0], 130);
    }
}
