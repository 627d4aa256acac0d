//! The period timeline's layout: where each period band, lane, action, event and tick goes.
//!
//! Owns [`TimelineLayout`] and [`timeline_layout`]. The horizontal axis is in "slots": each period
//! gets a band as wide as it has actions (plus one), so a short but busy period stays legible. When
//! the case has dates, time maps into the bands piecewise-linearly (dates keep their order and fall
//! inside their period's band); without dates, actions are placed by `order`, or by their row,
//! inside their period. Markers of one lane that would overlap are moved to sub-rows.

use crate::core::date::parse_date;
use crate::core::model::Case;
use crate::core::sort::SortErased;

/// Minimum horizontal distance, in slots, between two markers of one sub-row.
pub const MIN_GAP: f64 = 0.9;
/// Vertical offsets of the sub-rows inside a lane (a lane is 1 unit high).
const ROW_OFFSETS: [f64; 5] = [0.0, -0.4, 0.4, -0.2, 0.2];

/// A period band.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Period id.
    pub period: String,
    /// Period name.
    pub name: String,
    /// Left edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
}

/// A lane: one actor group.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// Actor id.
    pub actor: String,
    /// Actor name.
    pub name: String,
}

/// Where an action's marker goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marker {
    /// Index of the action in the case.
    pub action: usize,
    /// Horizontal position.
    pub x: f64,
    /// Vertical position: lane index plus a sub-row offset.
    pub y: f64,
}

/// A dated event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventMark {
    /// Where it starts.
    pub x: f64,
    /// Where it ends, for events that last.
    pub x_end: Option<f64>,
    /// What happened.
    pub label: String,
    /// The date as written.
    pub date: String,
}

/// A labelled position on the time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Position.
    pub x: f64,
    /// Label ("2013", "Q2").
    pub label: String,
}

/// The whole layout.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineLayout {
    /// True when positions follow dates.
    pub dated: bool,
    /// Left end of the axis.
    pub x_min: f64,
    /// Right end of the axis.
    pub x_max: f64,
    /// Period bands, in time order.
    pub bands: Vec<Band>,
    /// Lanes, top to bottom (lane `i` is centred on `y = i`).
    pub lanes: Vec<Lane>,
    /// One marker per action, in table order.
    pub markers: Vec<Marker>,
    /// Dated events (only when `dated`).
    pub events: Vec<EventMark>,
    /// Axis ticks (only when `dated`).
    pub ticks: Vec<Tick>,
    /// Breakpoints `(time, x)` of the time map, ascending (only when `dated`).
    pub time_map: Vec<(f64, f64)>,
}

impl TimelineLayout {
    /// Maps a time (fractional year) to a horizontal position, extrapolating past the ends.
    pub fn x_of_time(&self, t: f64) -> Option<f64> {
        let map = &self.time_map;
        let (first, last) = (map.first()?, map.last()?);
        let slope = |a: (f64, f64), b: (f64, f64)| if b.0 > a.0 { (b.1 - a.1) / (b.0 - a.0) } else { 1.0 };
        if t <= first.0 {
            let s = map.get(1).map_or(1.0, |&b| slope(*first, b));
            return Some(first.1 - (first.0 - t) * s);
        }
        if t >= last.0 {
            let s = if map.len() >= 2 {
                slope(map[map.len() - 2], *last)
            } else {
                1.0
            };
            return Some(last.1 + (t - last.0) * s);
        }
        let i = map.windows(2).position(|w| t >= w[0].0 && t <= w[1].0)?;
        let (a, b) = (map[i], map[i + 1]);
        Some(if b.0 > a.0 {
            a.1 + (t - a.0) * (b.1 - a.1) / (b.0 - a.0)
        } else {
            a.1
        })
    }

    /// The marker of an action.
    pub fn marker(&self, action: usize) -> Option<&Marker> {
        self.markers.iter().find(|m| m.action == action)
    }
}

/// The time span of each period, from its own dates or else from its actions' dates; `None`
/// when a period has neither, or when spans are out of order.
fn period_spans(case: &Case) -> Option<Vec<(f64, f64)>> {
    let mut spans = Vec::with_capacity(case.periods.len());
    for period in &case.periods {
        let own_start = period.start.as_deref().and_then(parse_date).map(|s| s.start);
        let own_end = period.end.as_deref().and_then(parse_date).map(|s| s.end);
        let dates: Vec<_> = case
            .actions
            .iter()
            .filter(|a| a.period == period.id)
            .filter_map(|a| a.date.as_deref().and_then(parse_date))
            .collect();
        let start = own_start.or_else(|| dates.iter().map(|d| d.start).reduce(f64::min))?;
        let end = own_end.or_else(|| dates.iter().map(|d| d.end).reduce(f64::max))?;
        if end <= start {
            return None;
        }
        spans.push((start, end));
    }
    let ordered = spans.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1);
    (ordered && !spans.is_empty()).then_some(spans)
}

/// Lays out the timeline of a case.
pub fn timeline_layout(case: &Case) -> TimelineLayout {
    let lanes: Vec<Lane> = case
        .actors
        .iter()
        .map(|a| Lane {
            actor: a.id.clone(),
            name: a.name.clone(),
        })
        .collect();
    let lane_index = case.actor_indices();
    let lane_of = |actor: &str| lane_index.get(actor).copied().unwrap_or(0);

    // Actions of each period in sequence: by `order`, then by row.
    let period_index = case.period_indices();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); case.periods.len()];
    for (i, action) in case.actions.iter().enumerate() {
        if let Some(&p) = period_index.get(action.period.as_str()) {
            members[p].push(i);
        }
    }
    let members: Vec<Vec<usize>> = members
        .into_iter()
        .map(|mut m| {
            m.erased_sort_by(|&a, &b| {
                let o = |i: usize| case.actions[i].order.unwrap_or(f64::INFINITY);
                o(a).total_cmp(&o(b)).then(a.cmp(&b))
            });
            m
        })
        .collect();

    let mut bands = Vec::with_capacity(case.periods.len());
    let mut left = 0.0;
    for (period, m) in case.periods.iter().zip(&members) {
        let width = m.len() as f64 + 1.0;
        bands.push(Band {
            period: period.id.clone(),
            name: period.name.clone(),
            x0: left,
            x1: left + width,
        });
        left += width;
    }

    let spans = period_spans(case);
    let dated = spans.is_some();
    let mut time_map = Vec::new();
    if let Some(spans) = &spans {
        for (band, &(start, end)) in bands.iter().zip(spans) {
            if time_map.last().is_none_or(|&(t, _): &(f64, f64)| start > t) {
                time_map.push((start, band.x0));
            }
            time_map.push((end, band.x1));
        }
    }
    let mut layout = TimelineLayout {
        dated,
        x_min: 0.0,
        x_max: left.max(1.0),
        bands,
        lanes,
        markers: Vec::new(),
        events: Vec::new(),
        ticks: Vec::new(),
        time_map,
    };

    // Horizontal positions: dated actions at their date (kept inside the band), the others spread
    // evenly between their dated neighbours or the band's edges.
    let mut xs = vec![0.0; case.actions.len()];
    for (band, m) in layout.bands.clone().iter().zip(&members) {
        let inner = (band.x0 + 0.5, band.x1 - 0.5);
        let anchor: Vec<Option<f64>> = m
            .iter()
            .map(|&i| {
                if !dated {
                    return None;
                }
                let d = case.actions[i].date.as_deref().and_then(parse_date)?;
                layout.x_of_time(d.mid()).map(|x| x.clamp(inner.0, inner.1))
            })
            .collect();
        let mut k = 0;
        while k < m.len() {
            if let Some(x) = anchor[k] {
                xs[m[k]] = x;
                k += 1;
                continue;
            }
            let run_end = (k..m.len()).find(|&j| anchor[j].is_some()).unwrap_or(m.len());
            let from = if k == 0 { band.x0 } else { xs[m[k - 1]] };
            let to = if run_end < m.len() {
                anchor[run_end].unwrap_or(band.x1)
            } else {
                band.x1
            };
            let steps = (run_end - k + 1) as f64;
            for (step, j) in (k..run_end).enumerate() {
                xs[m[j]] = from + (to - from) * (step as f64 + 1.0) / steps;
            }
            k = run_end;
        }
    }

    // Sub-rows: in each lane, a marker goes to the first sub-row whose last marker is far enough.
    let mut markers: Vec<Marker> = Vec::with_capacity(case.actions.len());
    for lane in 0..layout.lanes.len().max(1) {
        let mut in_lane: Vec<usize> = (0..case.actions.len())
            .filter(|&i| lane_of(&case.actions[i].actor) == lane)
            .collect();
        in_lane.erased_sort_by(|&a, &b| xs[a].total_cmp(&xs[b]).then(a.cmp(&b)));
        let mut last_x = [f64::NEG_INFINITY; ROW_OFFSETS.len()];
        for i in in_lane {
            let row = (0..ROW_OFFSETS.len())
                .find(|&r| xs[i] - last_x[r] >= MIN_GAP)
                .unwrap_or_else(|| {
                    (0..ROW_OFFSETS.len())
                        .min_by(|&a, &b| last_x[a].total_cmp(&last_x[b]))
                        .unwrap_or(0)
                });
            last_x[row] = xs[i];
            markers.push(Marker {
                action: i,
                x: xs[i],
                y: lane as f64 + ROW_OFFSETS[row],
            });
        }
    }
    markers.erased_sort_by_key(|m| m.action);
    layout.markers = markers;

    if dated {
        for event in &case.events {
            let Some(x) = parse_date(&event.date).and_then(|d| layout.x_of_time(d.start)) else {
                continue;
            };
            let x_end = event
                .end
                .as_deref()
                .and_then(parse_date)
                .and_then(|d| layout.x_of_time(d.end));
            layout.x_min = layout.x_min.min(x);
            layout.x_max = layout.x_max.max(x_end.unwrap_or(x));
            layout.events.push(EventMark {
                x,
                x_end,
                label: event.label.clone(),
                date: event.date.clone(),
            });
        }
        let (t0, t1) = (
            layout.time_map.first().map_or(0.0, |p| p.0),
            layout.time_map.last().map_or(0.0, |p| p.0),
        );
        let first_year = t0.floor() as i64;
        let last_year = t1.ceil() as i64 + 1;
        for year in first_year..=last_year {
            for q in 0..4 {
                let t = year as f64 + q as f64 / 4.0;
                let Some(x) = layout.x_of_time(t) else { continue };
                if x < layout.x_min - 1e-9 || x > layout.x_max + 1e-9 {
                    continue;
                }
                let label = if q == 0 {
                    year.to_string()
                } else {
                    format!("Q{}", q + 1)
                };
                // Quarter ticks only where there is room for them.
                let crowded = layout.ticks.last().is_some_and(|last: &Tick| x - last.x < 0.8);
                if q == 0 || !crowded {
                    if q == 0 && crowded {
                        layout.ticks.pop();
                    }
                    layout.ticks.push(Tick { x, label });
                }
            }
        }
    }
    layout
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::core::builtin::telco;

    #[test]
    fn telco_markers_fall_inside_their_bands_in_order() {
        let case = telco();
        let layout = timeline_layout(&case);
        assert!(layout.dated);
        assert_eq!(layout.bands.len(), 3);
        assert_eq!(layout.markers.len(), 22);
        for m in &layout.markers {
            let action = &case.actions[m.action];
            let band = layout.bands.iter().find(|b| b.period == action.period).expect("band");
            assert!(
                m.x > band.x0 && m.x < band.x1,
                "{} at {} outside {:?}",
                action.id,
                m.x,
                band
            );
        }
        // Within a period, order is kept.
        let x = |id: &str| {
            layout
                .markers
                .iter()
                .find(|m| case.actions[m.action].id == id)
                .map(|m| m.x)
                .unwrap_or(-1.0)
        };
        assert!(x("DS4") < x("AM4") && x("AM4") < x("DS5") && x("DS8") < x("MG1"));
        assert_eq!(layout.events.len(), 6);
        assert!(layout.events.iter().any(|e| e.x_end.is_some()), "the fieldwork lasts");
    }

    #[test]
    fn markers_in_one_sub_row_keep_their_distance() {
        let layout = timeline_layout(&telco());
        for (i, a) in layout.markers.iter().enumerate() {
            for b in &layout.markers[i + 1..] {
                if (a.y - b.y).abs() < 1e-9 {
                    assert!((a.x - b.x).abs() >= MIN_GAP - 1e-9, "{a:?} and {b:?} overlap");
                }
            }
        }
    }

    #[test]
    fn the_time_map_is_monotonic() {
        let layout = timeline_layout(&telco());
        let xs: Vec<f64> = [2012.0, 2012.2, 2012.5, 2013.0, 2013.5, 2014.9, 2015.2]
            .iter()
            .filter_map(|&t| layout.x_of_time(t))
            .collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{xs:?}");
    }
}
