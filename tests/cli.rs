//! `regime-lens check FILE`: exit codes and what it prints.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn check(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_regime-lens"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn a_good_file_exits_0_with_its_warnings_one_per_line() {
    let (code, out, _) = check(&["check", "tests/fixtures/good/warnings.csv"]);
    assert_eq!(code, 0, "{out}");
    let warnings: Vec<&str> = out.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(warnings.len(), 5, "{out}");
    assert!(
        warnings[0].contains("line 2"),
        "warnings come in line order: {out}"
    );
    assert!(out.contains("tests/fixtures/good/warnings.csv, line 2, column \"triggers\": warning: A1 names itself"), "{out}");
    assert!(
        out.lines()
            .last()
            .is_some_and(|l| l.contains("ok: 5 actions")),
        "{out}"
    );
}

#[test]
fn telco_checks_clean() {
    let (code, out, _) = check(&["check", "public/cases/telco.json"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("22 actions, 3 actors, 3 periods, 29 trigger links, 0 warnings"),
        "{out}"
    );
}

#[test]
fn a_bad_file_exits_1_with_the_error() {
    let (code, out, _) = check(&["check", "tests/fixtures/bad/duplicate-id.csv"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("duplicate-id.csv, line 4, column \"id\": error: id \"A1\" is used again"),
        "{out}"
    );
    let (code, out, _) = check(&["check", "tests/fixtures/no-such-file.csv"]);
    assert_eq!(code, 1, "{out}");
}

#[test]
fn wrong_usage_exits_2() {
    for args in [
        &[][..],
        &["check"][..],
        &["frobnicate", "x"][..],
        &["check", "a", "b"][..],
    ] {
        let (code, _, err) = check(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("usage: regime-lens"), "{err}");
    }
}
