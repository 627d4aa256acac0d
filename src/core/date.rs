//! Case dates: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` and `YYYY-Qn`.
//!
//! Owns [`DateSpan`], the stretch of time a written date covers, measured in fractional years so
//! that a timeline can place years, quarters, months and days on one axis.

/// The stretch of time a written date covers, in fractional years (`2012.25` is 1 April 2012).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateSpan {
    /// Where it starts.
    pub start: f64,
    /// Where it ends (exclusive).
    pub end: f64,
}

impl DateSpan {
    /// The middle of the span.
    pub fn mid(&self) -> f64 {
        (self.start + self.end) / 2.0
    }
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(text: &str, len: usize) -> Option<u32> {
    if text.len() == len && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// Parses a case date; `None` when it is not one of the four accepted forms or names a month,
/// day or quarter that does not exist.
pub fn parse_date(text: &str) -> Option<DateSpan> {
    let text = text.trim();
    let mut parts = text.split('-');
    let year = digits(parts.next()?, 4)?;
    let y = f64::from(year);
    let second = parts.next();
    let third = parts.next();
    if parts.next().is_some() {
        return None;
    }
    match (second, third) {
        (None, None) => Some(DateSpan { start: y, end: y + 1.0 }),
        (Some(q), None) if q.len() == 2 && (q.starts_with('Q') || q.starts_with('q')) => {
            let quarter = digits(&q[1..], 1)?;
            if !(1..=4).contains(&quarter) {
                return None;
            }
            let start = y + f64::from(quarter - 1) / 4.0;
            Some(DateSpan {
                start,
                end: start + 0.25,
            })
        }
        (Some(m), None) => {
            let month = digits(m, 2)?;
            if !(1..=12).contains(&month) {
                return None;
            }
            let start = y + f64::from(month - 1) / 12.0;
            Some(DateSpan {
                start,
                end: start + 1.0 / 12.0,
            })
        }
        (Some(m), Some(d)) => {
            let month = digits(m, 2)?;
            let day = digits(d, 2)?;
            if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
                return None;
            }
            let month_len = 1.0 / 12.0 / f64::from(days_in_month(year, month));
            let start = y + f64::from(month - 1) / 12.0 + f64::from(day - 1) * month_len;
            Some(DateSpan {
                start,
                end: start + month_len,
            })
        }
        (None, Some(_)) => None,
    }
}

/// What an error message says the accepted forms are.
pub const DATE_FORMS: &str = "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn (e.g. 2012, 2012-04, 2012-04-30, 2012-Q2)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_forms_parse_to_their_spans() {
        assert_eq!(
            parse_date("2012"),
            Some(DateSpan {
                start: 2012.0,
                end: 2013.0
            })
        );
        assert_eq!(
            parse_date("2012-Q2"),
            Some(DateSpan {
                start: 2012.25,
                end: 2012.5
            })
        );
        let jan = parse_date("2013-01").expect("month");
        assert!((jan.start - 2013.0).abs() < 1e-9 && (jan.end - (2013.0 + 1.0 / 12.0)).abs() < 1e-9);
        let day = parse_date("2014-02-29");
        assert_eq!(day, None, "2014 is not a leap year");
        assert!(parse_date("2016-02-29").is_some());
    }

    #[test]
    fn malformed_dates_are_rejected() {
        for bad in [
            "",
            "12",
            "2012-13",
            "2012-Q5",
            "2012-Q0",
            "2012-1",
            "2012/01",
            "2012-01-32",
            "Jan 2012",
            "2012-01-01-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn later_dates_sort_later() {
        let order = ["2012", "2012-Q2", "2012-07", "2012-12-31", "2013-01-01"];
        let starts: Vec<f64> = order.iter().filter_map(|d| parse_date(d)).map(|s| s.start).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    }
}
