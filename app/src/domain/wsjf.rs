//! Weighted Shortest Job First: cost of delay divided by job size, with every input
//! on the modified Fibonacci scale used in relative estimation.

use serde::{Deserialize, Serialize};

/// The modified Fibonacci scale that every WSJF input is estimated on.
pub const SCALE: [u8; 7] = [1, 2, 3, 5, 8, 13, 20];

/// One relative estimate, guaranteed to be on [`SCALE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct ScaleValue(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not on the WSJF scale; use one of 1, 2, 3, 5, 8, 13, 20")]
pub struct OffScale(pub i32);

impl ScaleValue {
    pub fn parse(value: i32) -> Result<Self, OffScale> {
        u8::try_from(value)
            .ok()
            .filter(|v| SCALE.contains(v))
            .map(ScaleValue)
            .ok_or(OffScale(value))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i32> for ScaleValue {
    type Error = OffScale;

    fn try_from(value: i32) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<ScaleValue> for i32 {
    fn from(value: ScaleValue) -> Self {
        i32::from(value.0)
    }
}

/// The four estimates WSJF is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WsjfInputs {
    pub business_value: ScaleValue,
    pub time_criticality: ScaleValue,
    pub risk_reduction: ScaleValue,
    pub job_size: ScaleValue,
}

impl WsjfInputs {
    /// Cost of delay: user-business value + time criticality + risk reduction /
    /// opportunity enablement.
    pub fn cost_of_delay(&self) -> u32 {
        [
            self.business_value,
            self.time_criticality,
            self.risk_reduction,
        ]
        .iter()
        .map(|v| u32::from(v.get()))
        .sum()
    }

    /// WSJF = cost of delay / job size; higher means do it sooner.
    pub fn score(&self) -> f64 {
        f64::from(self.cost_of_delay()) / f64::from(self.job_size.get())
    }

    /// Builds the inputs from stored, possibly missing, estimates: `None` when any is
    /// missing (an item without all four has no WSJF yet), an error when one is off scale.
    pub fn from_stored(
        business_value: Option<i32>,
        time_criticality: Option<i32>,
        risk_reduction: Option<i32>,
        job_size: Option<i32>,
    ) -> Result<Option<Self>, OffScale> {
        let (Some(bv), Some(tc), Some(rr), Some(js)) =
            (business_value, time_criticality, risk_reduction, job_size)
        else {
            return Ok(None);
        };
        Ok(Some(WsjfInputs {
            business_value: ScaleValue::parse(bv)?,
            time_criticality: ScaleValue::parse(tc)?,
            risk_reduction: ScaleValue::parse(rr)?,
            job_size: ScaleValue::parse(js)?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(bv: i32, tc: i32, rr: i32, js: i32) -> WsjfInputs {
        WsjfInputs::from_stored(Some(bv), Some(tc), Some(rr), Some(js))
            .unwrap()
            .unwrap()
    }

    #[test]
    fn score_is_cost_of_delay_over_job_size() {
        let cases = [
            ((1, 1, 1, 1), 3, 3.0),
            ((8, 5, 3, 8), 16, 2.0),
            ((20, 13, 8, 5), 41, 8.2),
            ((2, 3, 1, 20), 6, 0.3),
        ];
        for ((bv, tc, rr, js), cost_of_delay, score) in cases {
            let wsjf = inputs(bv, tc, rr, js);
            assert_eq!(wsjf.cost_of_delay(), cost_of_delay, "{bv},{tc},{rr},{js}");
            assert!((wsjf.score() - score).abs() < 1e-9, "{bv},{tc},{rr},{js}");
        }
    }

    #[test]
    fn only_the_modified_fibonacci_values_are_accepted() {
        for value in -1..=21 {
            let on_scale = [1, 2, 3, 5, 8, 13, 20].contains(&value);
            assert_eq!(ScaleValue::parse(value).is_ok(), on_scale, "{value}");
        }
        assert_eq!(
            OffScale(4).to_string(),
            "4 is not on the WSJF scale; use one of 1, 2, 3, 5, 8, 13, 20"
        );
    }

    #[test]
    fn an_item_missing_any_estimate_has_no_score() {
        assert_eq!(
            WsjfInputs::from_stored(Some(8), None, Some(3), Some(5)),
            Ok(None)
        );
        assert_eq!(
            WsjfInputs::from_stored(Some(8), Some(4), Some(3), Some(5)),
            Err(OffScale(4))
        );
    }
}
