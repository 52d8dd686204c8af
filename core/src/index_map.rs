//! A map from indices to indices (promotion -> coupon, tax rule -> its sums) as a `Vec` of pairs sorted by key.
//!
//! Why not `BTreeMap<usize, usize>`: every map type brings its own copy of the B-tree's code into the wasm
//! (~1 KB gzip each) and the browser build has a size budget (CONTRIBUTING.md, "Keep the browser build small").
//! Such maps hold a handful of entries (the coupons of a cart, the tax rules of a quote), found here by binary
//! search. The methods are `BTreeMap`'s and behave alike: iteration in key order, `insert` replaces the value.

/// Indices to indices, in key order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexMap(Vec<(usize, usize)>);

impl IndexMap {
    /// Where `key` is (`Ok`) or would go (`Err`).
    fn find(&self, key: usize) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(&key))
    }

    /// Set `key` to `value`; the value it had, if any.
    pub fn insert(&mut self, key: usize, value: usize) -> Option<usize> {
        match self.find(key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn get(&self, key: &usize) -> Option<&usize> {
        self.find(*key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &usize) -> bool {
        self.find(*key).is_ok()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&usize, &usize)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The values in key order.
    pub fn values(&self) -> impl Iterator<Item = &usize> {
        self.0.iter().map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_btree_map() {
        // The oracle: std's BTreeMap, through the same operations.
        let mut ours = IndexMap::default();
        let mut theirs = std::collections::BTreeMap::new();
        for (k, v) in [(5, 0), (1, 1), (9, 2), (5, 3), (0, 4), (9, 5), (3, 6)] {
            assert_eq!(ours.insert(k, v), theirs.insert(k, v));
        }
        for k in 0..11 {
            assert_eq!(ours.get(&k), theirs.get(&k));
            assert_eq!(ours.contains_key(&k), theirs.contains_key(&k));
        }
        assert!(ours.iter().eq(theirs.iter()));
        assert!(ours.values().eq(theirs.values()));
    }
}
