//! One fixture handbook per diagnostic code (`tests/fixtures/diagnostics/<code>/`):
//! `check` must report that code, and its output in all three formats must
//! match the `expected.{human,json,github}` files beside the fixture.
//! Regenerate them after an intended change with `WAYBOOK_BLESS=1 cargo test`.

use crate::util::*;

const FORMATS: [&str; 3] = ["human", "json", "github"];

#[test]
fn every_diagnostic_fixture_matches_its_expected_output() {
    let root = repo().join("tests/fixtures/diagnostics");
    let bless = std::env::var_os("WAYBOOK_BLESS").is_some();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 30,
        "fixture tree is incomplete: {}",
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in dirs {
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        for format in FORMATS {
            let (status, out, err) = waybook(&["check", ".", "--format", format], Some(&dir));
            assert!(status == 0 || status == 1, "{code}: exit {status}: {err}");
            if format == "json" {
                let codes = json_codes(&out);
                assert!(codes.contains(&code), "{code}: not reported; got {codes:?}");
            }
            let expected_path = dir.join(format!("expected.{format}"));
            if bless {
                std::fs::write(&expected_path, &out).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != out {
                failures.push(format!(
                    "--- {code} ({format}) expected:\n{expected}\n--- got:\n{out}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches (WAYBOOK_BLESS=1 to update):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
