//! Label placement: a label goes beside its mark where it overlaps no label, mark or panel
//! already placed, or, failing that, further out with a leader line back to the mark.

use super::frame::Box2;

/// Average width of a character, as a share of the font size (a safe over-estimate for
/// DejaVu Sans, which the PNG draws with).
pub(super) const CHAR_W: f64 = 0.62;

/// Width in pixels of `text` at `size` px.
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * CHAR_W
}

/// Where a label went: the top-left corner of its box, and whether it stands away from its
/// mark (then a leader line should join them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Placed {
    pub x: f64,
    pub y: f64,
    pub away: bool,
}

/// A place for a label `w` × `h` px beside a mark of radius `r` at `at`: the first of eight
/// positions around it (right, left, then the corners, above, below) inside `area` that
/// overlaps nothing `taken`, which then takes it. With `callout`, the same eight directions
/// are tried again at two and four times the distance (the caller draws a leader line).
pub(super) fn place_box(
    taken: &mut Vec<Box2>,
    area: &Box2,
    at: (f64, f64),
    r: f64,
    (w, h): (f64, f64),
    callout: bool,
) -> Option<Placed> {
    let (x, y) = at;
    let steps: &[f64] = if callout {
        &[1.0, 2.5, 4.0, 6.0]
    } else {
        &[1.0]
    };
    for &k in steps {
        let g = (r + 1.5) * k + (k - 1.0) * 10.0;
        let candidates = [
            (x + g, y - h / 2.0),
            (x - g - w, y - h / 2.0),
            (x + g * 0.7, y - g * 0.7 - h),
            (x + g * 0.7, y + g * 0.7),
            (x - g * 0.7 - w, y - g * 0.7 - h),
            (x - g * 0.7 - w, y + g * 0.7),
            (x - w / 2.0, y - g - 2.0 - h),
            (x - w / 2.0, y + g + 2.0),
        ];
        for (bx, by) in candidates {
            let b = Box2 {
                x0: bx,
                y0: by,
                x1: bx + w,
                y1: by + h,
            };
            if area.contains_box(&b) && !taken.iter().any(|t| t.overlaps(&b)) {
                taken.push(b);
                return Some(Placed {
                    x: bx,
                    y: by,
                    away: k > 1.0,
                });
            }
        }
    }
    None
}

/// [`place_box`] for one line of `text` at `size` px, never away from its mark.
pub(super) fn place_label(
    taken: &mut Vec<Box2>,
    area: &Box2,
    at: (f64, f64),
    r: f64,
    text: &str,
    size: f64,
) -> Option<(f64, f64)> {
    place_box(taken, area, at, r, (text_width(text, size), size), false).map(|p| (p.x, p.y))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A label goes right of its mark when free; with the right side taken, to the left; with
    /// every near place taken and callouts allowed, further out and marked as away.
    #[test]
    fn labels_go_beside_then_further_out() {
        let area = Box2 {
            x0: 0.0,
            y0: 0.0,
            x1: 400.0,
            y1: 400.0,
        };
        let mut taken = Vec::new();
        let p = place_box(&mut taken, &area, (200.0, 200.0), 3.0, (50.0, 10.0), false).unwrap();
        assert_eq!((p.x, p.y, p.away), (204.5, 195.0, false));
        let q = place_box(&mut taken, &area, (200.0, 200.0), 3.0, (50.0, 10.0), false).unwrap();
        assert_eq!((q.x, q.y), (200.0 - 4.5 - 50.0, 195.0));
        // Block everything within 30 px of the mark.
        taken.push(Box2 {
            x0: 140.0,
            y0: 170.0,
            x1: 260.0,
            y1: 230.0,
        });
        assert!(place_box(&mut taken, &area, (200.0, 200.0), 3.0, (50.0, 10.0), false).is_none());
        let far = place_box(&mut taken, &area, (200.0, 200.0), 3.0, (50.0, 10.0), true).unwrap();
        assert!(far.away);
        assert!(
            !Box2 {
                x0: far.x,
                y0: far.y,
                x1: far.x + 50.0,
                y1: far.y + 10.0
            }
            .overlaps(&taken[2])
        );
    }
}
