//! Replays the fuzz checks (`tests/fuzz/checks.rs`) on the seed corpus and on every input that
//! ever made a fuzz target fail (`tests/fuzz/regressions/<target>/`), so that `cargo test`
//! guards what fuzzing found without running the fuzzer.

#[path = "fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file of `tests/fuzz/<dir>/<target>/`; returns how many there were.
fn replay(dir: &str, target: &str, check: fn(&[u8])) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(dir)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&path) else {
        return 0;
    };
    let mut n = 0;
    for entry in entries {
        let file = entry.unwrap().path();
        let data = std::fs::read(&file).unwrap();
        let result = std::panic::catch_unwind(|| check(&data));
        assert!(result.is_ok(), "{} fails its check", file.display());
        n += 1;
    }
    n
}

macro_rules! replays {
    ($($target:ident),*) => {$(
        #[test]
        fn $target() {
            let n = replay("seeds", stringify!($target), checks::$target)
                + replay("regressions", stringify!($target), checks::$target);
            assert!(n > 0, "no inputs for {}", stringify!($target));
        }
    )*};
}

replays!(
    frontier,
    settlements,
    incidents_csv,
    incidents_geojson,
    countries,
    distance
);
