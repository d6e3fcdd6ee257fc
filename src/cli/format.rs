//! Output formats shared by the commands, and small text helpers.

use clap::ValueEnum;

/// How a command prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned tables for people.
    Text,
    /// One JSON document.
    Json,
    /// Comma-separated values with a header row.
    Csv,
}

/// A CSV field, quoted when it needs to be (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Kilometres from metres, to the metre, as a JSON number.
pub fn km3(m: f64) -> serde_json::Value {
    serde_json::json!((m / 1000.0 * 1000.0).round() / 1000.0)
}

/// A share 0..1 to 6 decimals, as a JSON number, or null.
pub fn share6(share: Option<f64>) -> serde_json::Value {
    share.map_or(serde_json::Value::Null, |s| {
        serde_json::json!((s * 1e6).round() / 1e6)
    })
}

/// A share as a percentage for people, "41.0 %", or "–" when unknown.
pub fn percent(share: Option<f64>) -> String {
    share.map_or("–".to_string(), |s| format!("{:.1} %", 100.0 * s))
}

/// A number of kilometres with thousands separators, "1,006.84".
pub fn km_text(km: f64) -> String {
    let s = format!("{km:.2}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(km_text(1006.84), "1,006.84");
        assert_eq!(km_text(946.494), "946.49");
        assert_eq!(km_text(0.0), "0.00");
        assert_eq!(km_text(1234567.0), "1,234,567.00");
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
