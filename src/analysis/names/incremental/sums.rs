//! Running sums of counts kept per position (a Fenwick tree): the sum of the counts
//! before a position, a count changed, and the position holding the nth thing counted,
//! each at a cost that grows with the logarithm of the positions, not with them.

pub struct Sums {
    counts: Vec<usize>,
    /// `tree[k]` is the sum of the `k & k.wrapping_neg()` counts ending at position `k - 1`.
    tree: Vec<usize>,
}

impl Sums {
    pub fn new(counts: Vec<usize>) -> Sums {
        let n = counts.len();
        let mut tree = vec![0; n + 1];
        for (i, &count) in counts.iter().enumerate() {
            // each node, complete once its children are added, is added to its parent
            let k = i + 1;
            tree[k] += count;
            let parent = k + (k & k.wrapping_neg());
            if parent <= n {
                tree[parent] += tree[k];
            }
        }
        Sums { counts, tree }
    }

    pub fn set(&mut self, i: usize, count: usize) {
        let was = std::mem::replace(&mut self.counts[i], count);
        let mut k = i + 1;
        while k < self.tree.len() {
            self.tree[k] = self.tree[k] + count - was;
            k += k & k.wrapping_neg();
        }
    }

    /// The sum of the counts before position `i`.
    pub fn before(&self, i: usize) -> usize {
        let (mut k, mut sum) = (i, 0);
        while k > 0 {
            sum += self.tree[k];
            k &= k - 1;
        }
        sum
    }

    /// The position of the `n`th thing counted (from 0): the first whose counts and those
    /// before it add up to more than `n`; past the last position if none does.
    pub fn holding(&self, n: usize) -> usize {
        let len = self.counts.len();
        let (mut at, mut left) = (0, n);
        let mut step = if len == 0 { 0 } else { 1 << len.ilog2() };
        while step > 0 {
            if at + step <= len && self.tree[at + step] <= left {
                at += step;
                left -= self.tree[at];
            }
            step >>= 1;
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::Sums;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sums_are_those_added_up(
            counts in prop::collection::vec(0usize..4, 0..40),
            sets in prop::collection::vec((0usize..40, 0usize..4), 0..20),
        ) {
            let (mut counts, len) = (counts.clone(), counts.len());
            let mut sums = Sums::new(counts.clone());
            for (i, count) in sets.into_iter().filter(|&(i, _)| i < len) {
                counts[i] = count;
                sums.set(i, count);
            }
            let mut total = 0;
            for (i, &count) in counts.iter().enumerate() {
                prop_assert_eq!(sums.before(i), total);
                for n in total..total + count {
                    prop_assert_eq!(sums.holding(n), i);
                }
                total += count;
            }
            prop_assert_eq!(sums.before(counts.len()), total);
            prop_assert_eq!(sums.holding(total), counts.len());
        }
    }
}
