//! `borderscope map`: the SVG is well-formed XML with every segment, a legend, a scale bar and a
//! north arrow, and labels that do not overlap; the HTML page draws in headless Chromium with no
//! console errors and no network.
//! (Over 600 lines: every check of the three map outputs runs the real binary and shares the
//! Chromium and pixel helpers here; split, each file would repeat them.)

mod util;

use std::path::Path;
use std::process::Command;

use util::borderscope_in;

fn svg_text(dir: &Path, args: &[&str]) -> String {
    let mut a = vec!["map", "--out", "map.svg"];
    a.extend_from_slice(args);
    borderscope_in(dir, &a).ok();
    std::fs::read_to_string(dir.join("map.svg")).unwrap()
}

#[test]
fn svg_is_xml_with_every_segment_legend_scale_and_north_arrow() {
    let dir = tempfile::tempdir().unwrap();
    let text = svg_text(dir.path(), &["--as-of", "2022-09-16"]);
    let doc = roxmltree::Document::parse(&text).expect("the SVG parses as XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    let frontier = borderscope::embedded::kg_tj_frontier();
    for s in &frontier.segments {
        let id = format!("segment-{}", s.id);
        let node = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id.as_str()));
        let node = node.unwrap_or_else(|| panic!("{id} missing"));
        assert!(node.attribute("d").unwrap().starts_with('M'));
    }
    // The main map's segments (the inset draws its own, as `inset-segment-…`).
    let main_segments = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("segments"))
        .unwrap();
    let contested = main_segments
        .children()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("segment contested"))
        })
        .count();
    assert_eq!(contested, 20);
    // On 2022-09-16, 18 of the 20 contested stretches were being agreed at an unknown date in
    // their window (2021–2024): each is drawn dashed and says so in its title. Chorku and the
    // Vorukh ring were still open in July 2024 (data/border-spec.toml), so they are drawn solid.
    let uncertain: Vec<_> = main_segments
        .children()
        .filter(|n| n.attribute("class") == Some("segment contested uncertain"))
        .collect();
    assert_eq!(uncertain.len(), 18);
    assert!(
        uncertain
            .iter()
            .all(|n| n.attribute("stroke-dasharray").is_some())
    );
    // Incidents coded to a region or near a place are drawn with the ring of their radius.
    assert!(
        doc.descendants()
            .find(|n| n.attribute("id") == Some("incident-uncertainty"))
            .is_some_and(|g| g.children().any(|c| c.tag_name().name() == "circle"))
    );
    // Both countries named on the main map (in their own ground: src/render/countries.rs's
    // tests), the locator and the magnified inset drawn.
    for code in ["KG", "TJ"] {
        assert!(
            doc.descendants()
                .any(|n| n.attribute("class") == Some("country-name")
                    && n.attribute("data-code") == Some(code)
                    && n.ancestors()
                        .any(|a| a.attribute("id") == Some("country-names"))),
            "{code} not named"
        );
    }
    for id in [
        "countries",
        "locator",
        "locator-extent",
        "inset",
        "inset-extent",
        "inset-segments",
        "legend",
        "scale",
        "north-arrow",
        "corridors",
        "incidents",
        "settlements",
        "labels",
    ] {
        assert!(
            doc.descendants().any(|n| n.attribute("id") == Some(id)),
            "no #{id}"
        );
    }
    assert!(text.contains("2022-09-16"));
    assert!(text.contains("OpenStreetMap contributors") && text.contains("GeoNames"));
    assert!(text.contains("Lambert conformal conic"));
}

/// The boxes of the labels in group `id` (each `<text>`, or each of several lines in
/// `<tspan>`s as one box), as wide as 0.62 em per character (generous for DejaVu Sans) and
/// one em a line.
fn label_boxes(doc: &roxmltree::Document, id: &str) -> Vec<(f64, f64, f64, f64, Vec<String>)> {
    let labels = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no #{id}"));
    let size: f64 = labels.attribute("font-size").unwrap().parse().unwrap();
    let num = |n: roxmltree::Node, a: &str| -> f64 { n.attribute(a).unwrap().parse().unwrap() };
    labels
        .children()
        .filter(|n| n.has_tag_name("text"))
        .map(|t| {
            // An incident's label has its own, smaller size.
            let size = t
                .attribute("font-size")
                .map_or(size, |f| f.parse().unwrap());
            let spans: Vec<roxmltree::Node> =
                t.children().filter(|c| c.has_tag_name("tspan")).collect();
            let lines: Vec<(f64, f64, String)> = if spans.is_empty() {
                vec![(num(t, "x"), num(t, "y"), t.text().unwrap_or("").to_string())]
            } else {
                spans
                    .iter()
                    .map(|c| {
                        (
                            num(*c, "x"),
                            num(*c, "y"),
                            c.text().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            };
            let w = lines
                .iter()
                .map(|l| l.2.chars().count() as f64 * size * 0.62)
                .fold(0.0, f64::max);
            let (x, y0, y1) = (
                lines[0].0,
                lines[0].1 - size * 0.85,
                lines[lines.len() - 1].1 + size * 0.15,
            );
            (x, y0, x + w, y1, lines.into_iter().map(|l| l.2).collect())
        })
        .collect()
}

fn is_dated(s: &str) -> bool {
    s.len() > 11 && s.as_bytes()[4] == b'-' && s.as_bytes()[10] == b' '
}

/// Labels do not overlap, on the main map or in the inset; some incidents are labelled with
/// day and place on the main map, and in the inset every incident it shows is (each line of
/// its labels an incident: as many as its incident marks).
#[test]
fn svg_labels_do_not_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let text = svg_text(dir.path(), &["--as-of", "2022-09-16"]);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let main = label_boxes(&doc, "labels");
    let inset = label_boxes(&doc, "inset-labels");
    assert!(main.len() >= 30, "only {} labels", main.len());
    let dated = |boxes: &[(f64, f64, f64, f64, Vec<String>)]| -> Vec<String> {
        boxes
            .iter()
            .flat_map(|b| b.4.iter().filter(|s| is_dated(s)).cloned())
            .collect()
    };
    let (main_dated, inset_dated) = (dated(&main), dated(&inset));
    // Where room is left beside the marks (the crowded ones are labelled in the inset, and
    // labels keep off marks and off the inset's box).
    assert!(main_dated.len() >= 2, "incident labels: {main_dated:?}");
    let inset_marks = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("inset-incidents"))
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    assert!(inset_marks >= 15, "{inset_marks} incidents in the inset");
    assert_eq!(inset_dated.len(), inset_marks, "{inset_dated:?}");
    // Of the 30 incidents up to 2022-09-16, most are labelled on the one map or the other.
    assert!(main_dated.len() + inset_dated.len() >= 24);
    for d in main_dated.iter().chain(&inset_dated) {
        assert!(d[..10] <= *"2022-09-16", "{d}");
    }
    // The places the README names in the Isfara valley are labelled in the inset.
    let names: Vec<&String> = inset.iter().flat_map(|b| b.4.iter()).collect();
    for place in [
        "Kok-Tash",
        "Golovnoi",
        "Somoniyon",
        "Khoja-A'lo",
        "Vorukh (Tajikistan)",
    ] {
        assert!(
            names.iter().any(|n| n.contains(place)),
            "{place} not labelled in the inset: {names:?}"
        );
    }
    for boxes in [&main, &inset] {
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let overlap = a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
                assert!(!overlap, "labels {:?} and {:?} overlap", a.4, b.4);
            }
        }
    }
}

/// `map.html` of 2022-09-16 written in `dir`: its path.
fn html_page(dir: &Path) -> std::path::PathBuf {
    borderscope_in(dir, &["map", "--out", "map.html", "--as-of", "2022-09-16"]).ok();
    dir.join("map.html")
}

/// Chromium, headless, with no network access of its own (as the CI machine is).
fn chromium() -> Option<Command> {
    let bin = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    let Some(bin) = bin else {
        util::not_run(
            "BORDERSCOPE_REQUIRE_BROWSER",
            "Chromium is not installed: the browser checks of the HTML map",
        );
        return None;
    };
    let profile = tempfile::tempdir().unwrap().keep();
    let mut c = Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=10000",
        "--window-size=1400,900",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    Some(c)
}

#[test]
fn html_map_draws_in_headless_chromium_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let page = html_page(dir.path());
    let html = std::fs::read_to_string(&page).unwrap();
    // Self-contained: the library is inlined and nothing is fetched from the network.
    assert!(html.contains("Leaflet 1.9.4") && html.contains("BSD 2-Clause License"));
    assert!(!html.contains("<script src=") && !html.contains("<link "));
    let Some(mut dom) = chromium() else { return };
    let url = format!("file://{}", page.display());
    let out = dom.arg("--dump-dom").arg(&url).output().unwrap();
    let dumped = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        dumped.contains("data-ready=\"yes\""),
        "the page did not finish:\n{log}"
    );
    assert!(
        dumped.contains("data-segments=\"28\""),
        "not every segment was drawn"
    );
    // (The script itself mentions the attribute; only a value on the body means errors.)
    let errors: Vec<&str> = dumped
        .split("data-errors=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or(""))
        .collect();
    assert!(errors.is_empty(), "errors on the page: {errors:?}");
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    assert!(dumped.contains("On 2022-09-16: 388 km of 946 km contested (41.0 %)"));
    // Leaflet drew the segments as SVG paths: 28 segments, 57 settlements, 32 incidents, corridor.
    assert!(dumped.matches("<path").count() >= 28 + 57 + 32);

    // A screenshot: the map area is drawn, with the contested red and the settled grey.
    let png_path = dir.path().join("map.png");
    let Some((_, _, pixels)) = map_area(&url, &png_path) else {
        return;
    };
    let (mut red, mut grey, mut drawn) = (0usize, 0usize, 0usize);
    for (_, _, [r, g, b]) in pixels {
        if (r - 0xf4).abs() + (g - 0xf1).abs() + (b - 0xea).abs() > 30 {
            drawn += 1;
        }
        if r > 180 && g < 80 && b < 80 {
            red += 1;
        }
        if (r - 0x6f).abs() < 20 && (g - 0x6f).abs() < 20 && (b - 0x6f).abs() < 20 {
            grey += 1;
        }
    }
    assert!(red > 2_000, "too few contested-red pixels: {red}");
    assert!(grey > 1_000, "too few settled-grey pixels: {grey}");
    assert!(
        drawn > 20_000,
        "the map area looks blank: {drawn} drawn pixels"
    );
}

/// The example maps (the README shows one) are what the current code draws: regenerate them
/// with `bash examples/maps/render.sh`.
#[test]
fn readme_map_is_current() {
    let dir = tempfile::tempdir().unwrap();
    for day in ["2021-04-29", "2022-09-16", "2026-01-01"] {
        let fresh = svg_text(dir.path(), &["--as-of", day, "--force"]);
        let name = format!("examples/maps/map-{day}.svg");
        let committed =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&name)).unwrap();
        assert!(
            fresh == committed,
            "{name} is out of date: run bash examples/maps/render.sh"
        );
    }
}

/// A screenshot of `url` in headless Chromium: its width, height, and the pixels of the map
/// area (below the title bar, above the attribution line) as (x, y, [r, g, b]).
type Pixel = (usize, usize, [i32; 3]);
fn map_area(url: &str, png_path: &Path) -> Option<(usize, usize, Vec<Pixel>)> {
    let mut shot = chromium()?;
    let out = shot
        .arg(format!("--screenshot={}", png_path.display()))
        .arg(url)
        .output()
        .unwrap();
    assert!(
        png_path.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let channels = info.line_size / w;
    let mut pixels = Vec::with_capacity(w * h);
    for y in 90..h - 40 {
        for x in 0..w {
            let p = &buf[y * info.line_size + x * channels..][..3];
            pixels.push((x, y, [i32::from(p[0]), i32::from(p[1]), i32::from(p[2])]));
        }
    }
    std::fs::remove_file(png_path).unwrap();
    Some((w, h, pixels))
}

/// Counts of contested-red pixels (segments), corridor-pink pixels and drawn pixels in a
/// screenshot of `url`, in the map area, the legend left out.
fn colour_census(url: &str, png_path: &Path) -> Option<(usize, usize, usize)> {
    let (w, h, pixels) = map_area(url, png_path)?;
    let (mut red, mut pink, mut drawn) = (0, 0, 0);
    for (x, y, [r, g, b]) in pixels {
        // The legend's swatches (bottom right) are red and pink on every date (and a dashed
        // red one for stretches being agreed at an unknown date).
        if x + 300 > w && y + 200 > h {
            continue;
        }
        if (r - 0xf4).abs() + (g - 0xf1).abs() + (b - 0xea).abs() > 30 {
            drawn += 1;
        }
        if r > 180 && g < 80 && b < 80 {
            red += 1;
        }
        // The corridor: #d7191c at 13 % over the page's #f4f1ea, about (240, 213, 207), or
        // over a country's shading: Kyrgyzstan's #f3e8c6, Tajikistan's #d9e9df, another's
        // #e7e6e2 (0.87 × ground + 0.13 × red).
        let over = |[gr, gg, gb]: [f64; 3]| {
            [
                0.87 * gr + 0.13 * 215.0,
                0.87 * gg + 0.13 * 25.0,
                0.87 * gb + 0.13 * 28.0,
            ]
        };
        let blends = [
            [244.0, 241.0, 234.0],
            [243.0, 232.0, 198.0],
            [217.0, 233.0, 223.0],
            [231.0, 230.0, 226.0],
        ]
        .map(over);
        if blends.iter().any(|e| {
            (f64::from(r) - e[0]).abs() <= 6.0
                && (f64::from(g) - e[1]).abs() <= 6.0
                && (f64::from(b) - e[2]).abs() <= 6.0
        }) {
            pink += 1;
        }
    }
    Some((red, pink, drawn))
}

/// The slider's date decides what is red: on 2022-09-16 contested segments (red) and their
/// corridor (pink) show; from 2024-12-04 on, when the whole line was described, neither does
/// (before, the corridor's last period had no end, and the pink band stayed on every later
/// date while the page said "0 km contested"). Incidents are left out, so that only the
/// frontier's colours count. The date is set through the page's address, as the slider does.
#[test]
fn html_map_shows_the_corridor_only_while_something_is_contested() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("none.geojson"),
        r#"{"type":"FeatureCollection","features":[]}"#,
    )
    .unwrap();
    for as_of in ["2022-09-16", "2026-01-01"] {
        borderscope_in(
            dir.path(),
            &[
                "map",
                "--incidents",
                "none.geojson",
                "--as-of",
                as_of,
                "--out",
                &format!("{as_of}.html"),
            ],
        )
        .ok();
    }
    let png = dir.path().join("shot.png");
    for (page, day, lit) in [
        ("2026-01-01", None, false),
        ("2022-09-16", None, true),
        ("2022-09-16", Some("2026-01-01"), false),
        ("2022-09-16", Some("2024-12-04"), false),
        ("2022-09-16", Some("2024-12-03"), true),
        ("2026-01-01", Some("2021-05-01"), true),
    ] {
        let mut url = format!(
            "file://{}",
            dir.path().join(format!("{page}.html")).display()
        );
        if let Some(d) = day {
            url.push('#');
            url.push_str(d);
        }
        let Some((red, pink, drawn)) = colour_census(&url, &png) else {
            return;
        };
        assert!(drawn > 20_000, "{url}: the map area looks blank");
        if lit {
            assert!(
                red > 1_000 && pink > 20_000,
                "{url}: red {red}, pink {pink}"
            );
        } else {
            // A few pixels of the countries' anti-aliased edges can match a blend by chance:
            // tens, against more than 20,000 when the corridor shows.
            assert!(red == 0 && pink < 100, "{url}: red {red}, pink {pink}");
        }
    }
}

/// A frontier astride the antimeridian is drawn whole: no piece of a line or corridor jumps
/// across the picture (before, a segment from 179.8° to −179.9° was drawn right across it).
#[test]
fn maps_astride_the_antimeridian_are_whole() {
    let dir = tempfile::tempdir().unwrap();
    let frontier = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"id":"east","name":"East","sector":"T","history":[{"from":"2000-01-01","status":"contested","source":"test"}]},
  "geometry":{"type":"LineString","coordinates":[[179.2,-16.8],[179.8,-16.9],[-179.9,-17.0],[-179.5,-17.1]]}},
 {"type":"Feature","properties":{"id":"west","name":"West","sector":"T","history":[{"from":"2000-01-01","status":"settled","source":"test"}]},
  "geometry":{"type":"LineString","coordinates":[[178.9,-16.5],[179.2,-16.8]]}}]}"#;
    std::fs::write(dir.path().join("fiji.geojson"), frontier).unwrap();
    std::fs::write(
        dir.path().join("none.geojson"),
        r#"{"type":"FeatureCollection","features":[]}"#,
    )
    .unwrap();
    let common = [
        "--border",
        "fiji.geojson",
        "--incidents",
        "none.geojson",
        "--as-of",
        "2020-01-01",
    ];
    let text = svg_text(dir.path(), &common);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let width: f64 = doc
        .root_element()
        .attribute("width")
        .unwrap()
        .parse()
        .unwrap();
    let points = |d: &str| -> Vec<(f64, f64)> {
        d.split(['M', 'L', 'Z'])
            .filter(|s| !s.is_empty())
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    };
    let east = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("segment-east"))
        .unwrap();
    let pts = points(east.attribute("d").unwrap());
    for w in pts.windows(2) {
        assert!(
            (w[1].0 - w[0].0).abs() < width / 3.0,
            "a jump across the map: {w:?}"
        );
    }
    // Every drawn point is inside the picture.
    assert!(
        pts.iter().all(|&(x, _)| (0.0..=width).contains(&x)),
        "{pts:?}"
    );

    let mut args = vec!["map", "--out", "m.html"];
    args.extend_from_slice(&common);
    borderscope_in(dir.path(), &args).ok();
    let html = std::fs::read_to_string(dir.path().join("m.html")).unwrap();
    let start = html
        .find(r#"<script id="borderscope-data" type="application/json">"#)
        .unwrap();
    let body = &html[start..];
    let body = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(&body.replace("<\\/", "</")).unwrap();
    let mut rings: Vec<Vec<f64>> = Vec::new();
    for f in data["segments"]["features"].as_array().unwrap() {
        rings.push(
            f["geometry"]["coordinates"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p[0].as_f64().unwrap())
                .collect(),
        );
    }
    for c in data["corridors"].as_array().unwrap() {
        for poly in c["feature"]["geometry"]["coordinates"].as_array().unwrap() {
            for ring in poly.as_array().unwrap() {
                rings.push(
                    ring.as_array()
                        .unwrap()
                        .iter()
                        .map(|p| p[0].as_f64().unwrap())
                        .collect(),
                );
            }
        }
    }
    assert!(rings.len() >= 4, "segments and corridor rings");
    for lons in &rings {
        for w in lons.windows(2) {
            assert!((w[1] - w[0]).abs() < 10.0, "a jump across the map: {w:?}");
        }
    }
}

/// The pixels of a PNG as rows of [r, g, b], with its width and height.
fn decode_png(bytes: &[u8]) -> (usize, usize, Vec<[u8; 3]>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let channels = info.line_size / w;
    let pixels = (0..h)
        .flat_map(|y| (0..w).map(move |x| (y, x)))
        .map(|(y, x)| {
            let p = &buf[y * info.line_size + x * channels..][..3];
            [p[0], p[1], p[2]]
        })
        .collect();
    (w, h, pixels)
}

/// `map --out map.png` is the SVG's picture at --width pixels (its height the SVG's), the
/// same bytes on every run (the fonts are built in), with the title's text drawn, and the
/// contested red (#d7191c, style::CONTESTED) on the map on 2022-09-16 (388 km of line: over a
/// thousand pixels of the exact colour at 1,200 px), and,
/// after the 2025 treaty, only in the legend's swatches.
#[test]
fn png_map_is_the_svg_at_the_width_with_its_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let png_of = |date: &str, name: &str| {
        borderscope_in(
            d,
            &[
                "map", "--as-of", date, "--width", "1200", "--out", name, "--force",
            ],
        )
        .ok();
        std::fs::read(d.join(name)).unwrap()
    };
    let a = png_of("2022-09-16", "a.png");
    assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(
        png_of("2022-09-16", "b.png"),
        a,
        "the same bytes every time"
    );
    let svg = svg_text(d, &["--as-of", "2022-09-16", "--width", "1200"]);
    let height: f64 = svg
        .split("height=\"")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    let (w, h, pixels) = decode_png(&a);
    assert_eq!((w, h), (1200, height.round() as usize));
    // The title (bold, #1a1a1a, at y = 30 of the SVG) is text drawn with a font: dark pixels
    // in its band, none in the blank band above it.
    let dark = |rows: std::ops::Range<usize>| {
        rows.flat_map(|y| (0..w).map(move |x| y * w + x))
            .filter(|&i| pixels[i].iter().all(|&c| c < 0x40))
            .count()
    };
    assert!(dark(14..32) > 500, "no title text: {}", dark(14..32));
    assert_eq!(dark(0..8), 0);
    let red = |pixels: &[[u8; 3]]| pixels.iter().filter(|p| **p == [0xd7, 0x19, 0x1c]).count();
    let (_, _, after) = decode_png(&png_of("2026-01-01", "c.png"));
    let (on, off) = (red(&pixels), red(&after));
    assert!(
        on > 1_000,
        "{on} contested pixels on 2022-09-16 (off: {off})"
    );
    assert!(off * 10 < on, "{off} red pixels on 2026-01-01 against {on}");
    // Both countries are named, in their inks (#7d6421 Kyrgyzstan, #2d6a4a Tajikistan, used
    // by nothing else), on both dates.
    for p in [&pixels, &after] {
        let ink = |rgb: [u8; 3]| p.iter().filter(|q| **q == rgb).count();
        let (kg, tj) = (ink([0x7d, 0x64, 0x21]), ink([0x2d, 0x6a, 0x4a]));
        assert!(kg > 40 && tj > 40, "name pixels: KG {kg}, TJ {tj}");
    }
}

/// The page tells the story of the day the slider (or the address) shows: the title says that
/// day, the incidents drawn are those up to it (counted independently here from
/// data/incidents.geojson: 8 by 2021-04-29, 30 by 2022-09-16, all 32 by 2026-01-01), the
/// summary follows, and the slider has a tick and the list an entry at every day something
/// changes (the treaty's 2025-03-31 among them).
#[test]
fn html_map_title_and_incidents_follow_the_day() {
    let dir = tempfile::tempdir().unwrap();
    borderscope_in(
        dir.path(),
        &["map", "--out", "map.html", "--as-of", "2022-09-16"],
    )
    .ok();
    let incidents: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/incidents.geojson"),
        )
        .unwrap(),
    )
    .unwrap();
    let up_to = |day: &str| {
        incidents["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["properties"]["date"].as_str().unwrap() <= day)
            .count()
    };
    assert_eq!(
        (
            up_to("2021-04-29"),
            up_to("2022-09-16"),
            up_to("2026-01-01")
        ),
        (8, 30, 32)
    );
    let page = dir.path().join("map.html");
    for day in ["2021-04-29", "2022-09-16", "2026-01-01"] {
        let Some(mut dom) = chromium() else { return };
        let url = format!("file://{}#{day}", page.display());
        let out = dom.arg("--dump-dom").arg(&url).output().unwrap();
        let dumped = String::from_utf8_lossy(&out.stdout);
        assert!(dumped.contains("data-ready=\"yes\""), "{day}: not ready");
        assert!(
            dumped.contains(&format!(
                "<h1 id=\"title\">Kyrgyzstan–Tajikistan frontier on {day}</h1>"
            )),
            "{day}: the title does not follow"
        );
        assert!(
            dumped.contains(&format!("data-incidents-shown=\"{}\"", up_to(day))),
            "{day}: not the incidents up to the day"
        );
        assert!(dumped.contains(&format!("On {day}: ")), "{day}: summary");
        assert!(
            dumped.contains(&format!("incidents up to this day: {}", up_to(day))),
            "{day}: summary's incidents"
        );
        assert!(
            dumped.contains("label=\"2025-03-31\""),
            "no tick at the treaty"
        );
        assert!(
            dumped.contains(">2025-03-31</option>"),
            "no entry at the treaty"
        );
        if day == "2026-01-01" {
            assert!(
                dumped.contains("On 2026-01-01: 0 km of"),
                "contested after 2025"
            );
        }
    }
}

/// The SVG on a date draws the incidents up to it (30 of the 32 by 2022-09-16, counted here
/// from data/incidents.geojson) and its legend's largest marker is the largest toll drawn.
#[test]
fn svg_draws_incidents_up_to_its_date_and_a_legend_of_drawn_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let svg = svg_text(dir.path(), &["--as-of", "2022-09-16"]);
    let data: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/incidents.geojson"),
        )
        .unwrap(),
    )
    .unwrap();
    let upto: Vec<&serde_json::Value> = data["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["date"].as_str().unwrap() <= "2022-09-16")
        .collect();
    let most = upto
        .iter()
        .filter_map(|f| f["properties"]["fatalities"].as_u64())
        .max()
        .unwrap();
    assert!(svg.contains(&format!("Incidents: {} shown.", upto.len())));
    let legend = svg.split("area by deaths:").nth(1).unwrap();
    let legend = &legend[..legend.find("no figure").unwrap()];
    let sizes: Vec<u64> = legend
        .split("\">")
        .filter_map(|t| t.split("</text>").next()?.parse().ok())
        .collect();
    assert_eq!(sizes.last(), Some(&most), "{sizes:?}");
    assert_eq!(sizes.first(), Some(&1));
}

/// Exclaves are named as their country's: Vorukh is Tajik on every date; Kayragach (Western
/// Qal'acha) was a Tajik exclave until the 2025 treaty gave it to Kyrgyzstan (in force
/// 2025-03-31, data/SOURCES.md), so from then on its ring is gone and its name plain.
#[test]
fn svg_names_exclaves_with_their_country_while_they_are_exclaves() {
    let dir = tempfile::tempdir().unwrap();
    let before = svg_text(dir.path(), &["--as-of", "2022-09-16"]);
    assert!(before.contains(">Vorukh (Tajikistan)</text>"));
    assert!(before.contains(">Kayragach (Tajikistan)</text>"));
    let after = svg_text(dir.path(), &["--as-of", "2026-01-01", "--force"]);
    assert!(after.contains(">Vorukh (Tajikistan)</text>"));
    assert!(!after.contains("Kayragach (Tajikistan)"));
}

/// Both countries are named on the HTML map on every day, each in its own colour on its own
/// shading (pixels of exactly Kyrgyzstan's #7d6421 and Tajikistan's #2d6a4a ink, which
/// nothing else on the page uses), and the exclaves are named with their country while they
/// are exclaves: Vorukh on every day, Kayragach until the 2025 treaty (in force 2025-03-31).
#[test]
fn html_map_names_both_countries_and_the_exclaves() {
    let dir = tempfile::tempdir().unwrap();
    let page = html_page(dir.path());
    let png = dir.path().join("shot.png");
    for day in ["2021-04-29", "2022-09-16", "2026-01-01"] {
        let url = format!("file://{}#{day}", page.display());
        let Some((_, _, pixels)) = map_area(&url, &png) else {
            return;
        };
        let ink = |rgb: [i32; 3]| pixels.iter().filter(|p| p.2 == rgb).count();
        let (kg, tj) = (ink([0x7d, 0x64, 0x21]), ink([0x2d, 0x6a, 0x4a]));
        assert!(kg > 40 && tj > 40, "{day}: name pixels KG {kg}, TJ {tj}");
        let Some(mut dom) = chromium() else { return };
        let out = dom.arg("--dump-dom").arg(&url).output().unwrap();
        let dumped = String::from_utf8_lossy(&out.stdout);
        for (code, name) in [("KG", "KYRGYZSTAN"), ("TJ", "TAJIKISTAN")] {
            assert!(
                dumped.contains(&format!("data-code=\"{code}\" style=\"color:")),
                "{day}: no {code} name"
            );
            assert!(dumped.contains(&format!(">{name}</span>")), "{day}: {name}");
        }
        assert!(dumped.contains(">Vorukh (Tajikistan)<"), "{day}: Vorukh");
        assert_eq!(
            dumped.contains(">Kayragach (Tajikistan)<"),
            day < "2025-03-31",
            "{day}: Kayragach"
        );
    }
}

/// Country areas: none are drawn for a frontier of one's own (`--border`) unless given with
/// `--countries`; a country-area file with a feature lacking its code is refused naming the
/// file, the feature and the field, and no map is written.
#[test]
fn country_areas_come_with_the_embedded_frontier_or_from_countries() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let border = data.join("border.geojson");
    let border = border.to_str().unwrap();
    let own = svg_text(d, &["--border", border, "--as-of", "2022-09-16"]);
    assert!(!own.contains("class=\"country\"") && !own.contains("class=\"country-name\""));
    let countries = data.join("countries.geojson");
    let with = svg_text(
        d,
        &[
            "--border",
            border,
            "--countries",
            countries.to_str().unwrap(),
            "--as-of",
            "2022-09-16",
            "--force",
        ],
    );
    assert!(with.contains(">TAJIKISTAN</text>") && with.contains(">KYRGYZSTAN</text>"));
    std::fs::write(
        d.join("bad.geojson"),
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#,
    )
    .unwrap();
    let err = borderscope_in(
        d,
        &["map", "--countries", "bad.geojson", "--out", "bad.svg"],
    )
    .bad_input();
    assert!(
        err.contains("bad.geojson") && err.contains("feature 0") && err.contains("properties.code"),
        "{err}"
    );
    assert!(!d.join("bad.svg").exists());
}
