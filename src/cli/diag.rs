//! Diagnostics on standard error: the warnings and the final error. Writing one never fails
//! the run and never panics, even when standard error is closed; control characters in a
//! message (from a file name, a field) are escaped, so that no input can forge a line.

use std::io::Write as _;

/// `borderscope: warning: MESSAGE`.
pub fn warn(message: &str) {
    emit("warning", message);
}

/// `borderscope: error: MESSAGE`.
pub fn error(message: &str) {
    emit("error", message);
}

/// A plain line of information (no prefix).
pub fn note(message: &str) {
    emit("", message);
}

fn emit(kind: &str, message: &str) {
    let mut line = if kind.is_empty() {
        String::new()
    } else {
        format!("borderscope: {kind}: ")
    };
    for c in message.chars() {
        if c.is_control() {
            line.extend(c.escape_default());
        } else {
            line.push(c);
        }
    }
    line.push('\n');
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_escaped() {
        let mut s = String::new();
        for c in "a.csv\nborderscope: warning: forged\u{1b}[2K".chars() {
            if c.is_control() {
                s.extend(c.escape_default());
            } else {
                s.push(c);
            }
        }
        assert_eq!(s, "a.csv\\nborderscope: warning: forged\\u{1b}[2K");
    }
}
