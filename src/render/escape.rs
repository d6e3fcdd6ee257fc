//! Text for XML and HTML (the SVG map, the HTML page, the QGIS project): `&`, `<`, `>`, `"`
//! and `'` escaped, so that it is safe in an element and in an attribute of either quote.

/// `s` escaped for XML or HTML text and attributes.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_markup_character_is_escaped() {
        assert_eq!(
            super::esc(r#"Khoja-A'lo & "Oksoy" <sign>"#),
            "Khoja-A&#39;lo &amp; &quot;Oksoy&quot; &lt;sign&gt;"
        );
    }
}
