//! Roll-up progress: how much of an item is done, computed from its children.
//!
//! A child weighs its size when every sibling has one; when any size is missing the
//! children are counted instead, so an unsized item never silently weighs zero.

use serde::{Deserialize, Serialize};

/// What one child contributes to its parent's progress.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contribution {
    /// The child's size (story points, or job size), when estimated.
    pub size: Option<u32>,
    /// How much of the child is done, from 0.0 to 1.0.
    pub done_fraction: f64,
}

impl Contribution {
    /// A leaf (a work item) is all done or not done at all.
    pub fn leaf(size: Option<u32>, done: bool) -> Self {
        Contribution {
            size,
            done_fraction: if done { 1.0 } else { 0.0 },
        }
    }
}

/// Whether progress was weighed by size or by counting children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Weighting {
    Size,
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub done: f64,
    pub total: f64,
    pub weighting: Weighting,
}

impl Progress {
    /// Rolls the children up; `None` when there are no children to measure by.
    pub fn roll_up(children: &[Contribution]) -> Option<Progress> {
        if children.is_empty() {
            return None;
        }
        let sizes: Option<Vec<u32>> = children.iter().map(|c| c.size).collect();
        let (weights, weighting) = match sizes {
            Some(sizes) if sizes.iter().any(|&s| s > 0) => (
                sizes.into_iter().map(f64::from).collect::<Vec<_>>(),
                Weighting::Size,
            ),
            _ => (vec![1.0; children.len()], Weighting::Count),
        };
        let done = children
            .iter()
            .zip(&weights)
            .map(|(child, weight)| child.done_fraction.clamp(0.0, 1.0) * weight)
            .sum();
        Some(Progress {
            done,
            total: weights.iter().sum(),
            weighting,
        })
    }

    /// Done share from 0.0 to 1.0.
    pub fn fraction(&self) -> f64 {
        if self.total > 0.0 {
            self.done / self.total
        } else {
            0.0
        }
    }

    /// Whole percent, rounded down so 99.6% never reads as finished.
    pub fn percent(&self) -> u32 {
        (self.fraction() * 100.0).floor() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sized_children_weigh_their_size() {
        let children = [
            Contribution::leaf(Some(5), true),
            Contribution::leaf(Some(3), false),
            Contribution::leaf(Some(2), true),
        ];
        let progress = Progress::roll_up(&children).unwrap();
        assert_eq!(progress.weighting, Weighting::Size);
        assert_eq!((progress.done, progress.total), (7.0, 10.0));
        assert_eq!(progress.percent(), 70);
    }

    #[test]
    fn one_missing_size_falls_back_to_counting() {
        let children = [
            Contribution::leaf(Some(8), true),
            Contribution::leaf(None, false),
            Contribution::leaf(Some(1), false),
        ];
        let progress = Progress::roll_up(&children).unwrap();
        assert_eq!(progress.weighting, Weighting::Count);
        assert_eq!((progress.done, progress.total), (1.0, 3.0));
        assert_eq!(progress.percent(), 33);
    }

    #[test]
    fn partly_done_children_contribute_their_fraction() {
        let children = [
            Contribution {
                size: Some(10),
                done_fraction: 0.5,
            },
            Contribution {
                size: Some(30),
                done_fraction: 1.0,
            },
        ];
        assert_eq!(Progress::roll_up(&children).unwrap().percent(), 87);
    }

    #[test]
    fn nothing_to_roll_up_is_no_progress_rather_than_zero() {
        assert_eq!(Progress::roll_up(&[]), None);
    }

    #[test]
    fn all_zero_sizes_are_counted() {
        let children = [
            Contribution::leaf(Some(0), true),
            Contribution::leaf(Some(0), false),
        ];
        assert_eq!(Progress::roll_up(&children).unwrap().percent(), 50);
    }
}
