//! Linear scales for the SVG charts: a value range mapped onto a span of the
//! canvas. The flow charts and the trend chart share them.

/// Maps `low..=high` onto `from..=to` (either may run backwards, as y does on
/// screen). A range with no width maps everything to the middle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub low: f64,
    pub high: f64,
    pub from: f64,
    pub to: f64,
}

impl Scale {
    pub fn at(&self, value: f64) -> f64 {
        if self.high == self.low {
            return (self.from + self.to) / 2.0;
        }
        self.from + (value - self.low) / (self.high - self.low) * (self.to - self.from)
    }

    /// The width of one unit of value on the canvas.
    pub fn unit(&self) -> f64 {
        if self.high == self.low {
            return 0.0;
        }
        (self.to - self.from).abs() / (self.high - self.low)
    }
}

/// A round number at or above `value` for an axis top: 1, 2, 5, 10, 20, 50, …
pub fn nice_ceiling(value: f64) -> f64 {
    if value <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|step| step * magnitude)
        .find(|candidate| *candidate >= value)
        .unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_maps_ends_to_ends_either_way() {
        let x = Scale {
            low: 0.0,
            high: 10.0,
            from: 50.0,
            to: 650.0,
        };
        assert_eq!(x.at(0.0), 50.0);
        assert_eq!(x.at(10.0), 650.0);
        assert_eq!(x.at(2.5), 200.0);
        assert_eq!(x.unit(), 60.0);
        let y = Scale {
            low: 0.0,
            high: 4.0,
            from: 200.0,
            to: 0.0,
        };
        assert_eq!(y.at(1.0), 150.0, "upwards on screen");
        let flat = Scale {
            low: 3.0,
            high: 3.0,
            from: 0.0,
            to: 100.0,
        };
        assert_eq!(flat.at(3.0), 50.0);
    }

    #[test]
    fn axis_tops_are_round() {
        let cases = [
            (0.0, 1.0),
            (1.0, 1.0),
            (3.0, 5.0),
            (7.0, 10.0),
            (12.0, 20.0),
            (49.0, 50.0),
            (51.0, 100.0),
            (230.0, 500.0),
        ];
        for (value, top) in cases {
            assert_eq!(nice_ceiling(value), top, "{value}");
        }
    }
}
