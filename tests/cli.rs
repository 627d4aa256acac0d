//! `regime-lens check FILE`: exit codes and what it prints.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::process::Command;

fn check(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_regime-lens"))
        .args(args)
        .current_dir(common::manifest_dir())
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
    assert!(warnings[0].contains("line 2"), "warnings come in line order: {out}");
    assert!(
        out.contains("tests/fixtures/good/warnings.csv, line 2, column \"triggers\": warning: A1 names itself"),
        "{out}"
    );
    assert!(out.lines().last().is_some_and(|l| l.contains("ok: 5 actions")), "{out}");
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

fn analyze(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["analyze"];
    all.extend_from_slice(args);
    let (code, out, err) = check(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("one JSON object")
}

#[test]
fn analyze_telco_prints_links_chains_diagnostics_and_the_matrix() {
    let v = analyze(&["public/cases/telco.json"]);
    assert_eq!(v["actions"], 22);
    assert_eq!(v["trigger_edges"], 29);
    assert_eq!(v["reinforcing_links"].as_array().map(Vec::len), Some(12));
    assert_eq!(v["reinforcing_links"][0], serde_json::json!(["AM1", "DS2"]));
    assert_eq!(
        v["longest_chain"],
        serde_json::json!(["AM1", "DS2", "AM4", "DS5", "AM5", "DS8", "AM8", "MG3"])
    );
    assert_eq!(v["longest_chains"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["regime_matrix"]["cells"].as_array().map(Vec::len), Some(9));
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(6));
}

#[test]
fn analyze_applies_relabels_before_the_analysis() {
    let v = analyze(&["public/cases/telco.json", "--relabel", "AM4=substantive"]);
    assert_eq!(v["reinforcing_links"].as_array().map(Vec::len), Some(8));
    assert_eq!(v["longest_chain"].as_array().map(Vec::len), Some(5));
    // Coding DS4 as conformity instead restores a chain through all three periods.
    let v = analyze(&[
        "public/cases/telco.json",
        "--relabel=DS4=conformity",
        "--relabel",
        "AM4=substantive",
    ]);
    let links = v["reinforcing_links"].as_array().cloned().unwrap_or_default();
    assert!(
        links.contains(&serde_json::json!(["DS2", "DS4"])) && links.contains(&serde_json::json!(["DS4", "DS5"])),
        "{links:?}"
    );
    assert_eq!(
        v["longest_chain"],
        serde_json::json!(["AM1", "DS2", "DS4", "DS5", "AM5", "DS8", "AM8", "MG3"])
    );
}

#[test]
fn analyze_reads_csv_tables_too() {
    let v = analyze(&["tests/fixtures/good/semicolon-bom.csv"]);
    assert_eq!(
        v["reinforcing_links"],
        serde_json::json!([["I3", "T4"], ["T1", "I2"], ["T1", "I3"]])
    );
    assert_eq!(v["longest_chain"], serde_json::json!(["T1", "I3", "T4"]));
}

#[test]
fn analyze_rejects_bad_relabels() {
    assert_eq!(
        check(&["analyze", "public/cases/telco.json", "--relabel", "AM4=sneaky"]).0,
        2
    );
    assert_eq!(check(&["analyze", "public/cases/telco.json", "--relabel"]).0, 2);
    let (code, _, err) = check(&["analyze", "public/cases/telco.json", "--relabel", "ZZ1=advocacy"]);
    assert_eq!(code, 1);
    assert!(err.contains("no action has the id \"ZZ1\""), "{err}");
}

#[test]
fn analyze_agrees_with_the_analysis_the_views_use() {
    use regime_lens::core::analysis::analyze_case;
    use regime_lens::core::open::import_file;
    for file in [
        "public/cases/telco.json",
        "tests/fixtures/good/semicolon-bom.csv",
        "tests/fixtures/good/warnings.csv",
    ] {
        let v = analyze(&[file]);
        let bytes = std::fs::read(common::manifest_dir().join(file)).expect("file");
        let case = import_file(file, &bytes).expect("imports").case;
        let (prepared, analysis) = analyze_case(&case);
        let r = &analysis.reinforcement;
        let links: Vec<[String; 2]> = r.link_ids(&case).into_iter().map(|(a, b)| [a, b]).collect();
        assert_eq!(v["reinforcing_links"], serde_json::json!(links), "{file}");
        assert_eq!(v["longest_chain_length"], serde_json::json!(r.longest_length), "{file}");
        let chains: Vec<&Vec<String>> = r.longest_chains.iter().map(|c| &c.ids).collect();
        assert_eq!(v["longest_chains"], serde_json::json!(chains), "{file}");
        assert_eq!(
            v["diagnostics"],
            serde_json::to_value(&prepared.diagnostics).expect("json"),
            "{file}"
        );
        assert_eq!(
            v["regime_matrix"],
            serde_json::to_value(&analysis.regime_matrix).expect("json"),
            "{file}"
        );
    }
}

#[test]
fn analyze_into_a_reader_that_stops_early_ends_without_a_panic() {
    use std::io::Read;
    use std::process::Stdio;
    // An output far larger than a pipe's buffer, so that the reader's close is met mid-write.
    let case = regime_lens::core::synthetic::synthetic_case(1500, 7);
    let path = std::env::temp_dir().join(format!("regime-lens-pipe-{}.json", std::process::id()));
    std::fs::write(&path, regime_lens::core::import::json::case_to_json(&case)).expect("write the case");
    let mut child = Command::new(env!("CARGO_BIN_EXE_regime-lens"))
        .arg("analyze")
        .arg(&path)
        .current_dir(common::manifest_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // Read one byte, then close the pipe, as `| head -c 1` does.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("ends");
    let _ = std::fs::remove_file(&path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert_eq!(first[0], b'{');
}

#[test]
fn analyze_writes_its_errors_to_standard_error_and_nothing_to_standard_output() {
    let (code, out, err) = check(&["analyze", "tests/fixtures/bad/duplicate-id.csv"]);
    assert_eq!(code, 1);
    assert_eq!(out, "", "standard output is JSON or nothing");
    assert!(err.contains("duplicate-id.csv, line"), "{err}");
}

#[test]
fn analyze_with_mentions_lists_the_reinforcing_cycle_and_links_by_aspect() {
    let (code, out, _) = check(&["analyze", "public/cases/telco.json", "--with-mentions"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["with_mentions"], true);
    assert_eq!(v["reinforcing_cycles"], serde_json::json!([["AM5", "DS6"]]));
    let total: u64 = v["links_by_aspect"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["links"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        Some(total),
        v["reinforcing_link_count"].as_u64(),
        "every link is in one row"
    );
    let (_, plain, _) = check(&["analyze", "public/cases/telco.json"]);
    let v: serde_json::Value = serde_json::from_str(&plain).expect("json");
    assert_eq!(v["reinforcing_cycles"], serde_json::json!([]));
}

#[test]
fn robustness_prints_the_table_with_the_current_definition_marked() {
    let (code, out, _) = check(&["robustness", "public/cases/telco.json", "--with-mentions"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let rows = v["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 9);
    let current: Vec<&serde_json::Value> = rows.iter().filter(|r| r["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["variant"]["with_mentions"], true);
    assert_eq!(current[0]["cycles"], serde_json::json!([["AM5", "DS6"]]));
    assert_eq!(current[0]["links"], 14);
    let (code, _, err) = check(&["robustness", "public/cases/telco.json", "--incumbents", "XX"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--incumbents XX: no actor group has that id (known: AM, DS, MG)"),
        "{err}"
    );
}

/// `agree`: two coders of TelCo (one JSON case, one with AM4 made substantive and DS11 left
/// out), then three with a codings CSV.
#[test]
fn agree_prints_the_coders_agreement_and_names_missing_ids_on_stderr() {
    use regime_lens::core::builtin::telco;
    use regime_lens::core::import::json::case_to_json;
    use regime_lens::core::model::Symbolic;
    let dir = std::env::temp_dir().join(format!("regime-lens-agree-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut bob = telco();
    for a in &mut bob.actions {
        if a.id == "AM4" {
            a.symbolic = Symbolic::Substantive;
        }
    }
    bob.actions.retain(|a| a.id != "DS11");
    let (alice_path, bob_path) = (dir.join("alice.json"), dir.join("bob.json"));
    std::fs::write(&alice_path, case_to_json(&telco())).expect("writes");
    std::fs::write(&bob_path, case_to_json(&bob)).expect("writes");
    let (a, b) = (
        alice_path.to_string_lossy().to_string(),
        bob_path.to_string_lossy().to_string(),
    );
    let (code, out, err) = check(&["agree", &a, &b]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["units"], 21);
    assert_eq!(v["coders"], serde_json::json!(["alice", "bob"]));
    for field in ["symbolic", "aspect"] {
        for key in ["alpha", "kappa", "percent_agreement", "alpha_ci95"] {
            assert!(v[field].get(key).is_some(), "{field}.{key} in {out}");
        }
    }
    let alpha = v["symbolic"]["alpha"].as_f64().expect("alpha");
    let ci = v["symbolic"]["alpha_ci95"].as_array().expect("interval");
    assert!(alpha < 1.0 && ci[0].as_f64().expect("low") <= alpha && alpha <= ci[1].as_f64().expect("high"));
    assert_eq!(v["aspect"]["alpha"], 1.0, "the aspects all agree");
    assert_eq!(v["triggers"]["alpha"], 1.0);
    assert!(
        err.contains("bob.json: warning: lacks 1 action(s)") && err.contains("DS11"),
        "{err}"
    );
    // The same data gives the same interval.
    let (_, again, _) = check(&["agree", &a, &b]);
    assert_eq!(out, again);
    // Usage and bad files.
    assert_eq!(check(&["agree", &a]).0, 2);
    let bad = dir.join("eve.csv");
    std::fs::write(&bad, "id,original_kind,current_kind\r\nAM1,conformity,maybe\r\n").expect("writes");
    let (code, _, err) = check(&["agree", &a, &bad.to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(err.contains("eve.csv, line 2") && err.contains("current_kind"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// `export` writes QDPX, QDC, CSV and JSON; `check` and `analyze` read the QDPX back and read
/// workbooks, with `--sheet` to pick a sheet.
#[test]
fn export_writes_each_format_and_every_command_reads_qdpx_and_workbooks() {
    let dir = std::env::temp_dir().join(format!("regime-lens-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = |name: &str| dir.join(name).to_string_lossy().to_string();
    for (format, name) in [
        ("qdpx", "telco.qdpx"),
        ("qdc", "telco.qdc"),
        ("csv", "codings.csv"),
        ("json", "coded.json"),
    ] {
        let (code, _, err) = check(&[
            "export",
            "public/cases/telco.json",
            "--format",
            format,
            "--output",
            &out(name),
        ]);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(err.contains("wrote"), "{err}");
        assert!(std::fs::metadata(out(name)).is_ok_and(|m| m.len() > 100), "{name}");
    }
    let qdc = std::fs::read_to_string(out("telco.qdc")).expect("qdc");
    assert!(qdc.contains("urn:QDA-XML:codebook:1.0") && qdc.contains("Symbolic advocacy"));
    let (code, text, _) = check(&["check", &out("telco.qdpx")]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("ok: 22 actions"), "{text}");
    let from_qdpx = analyze(&[&out("telco.qdpx")]);
    let from_json = analyze(&["public/cases/telco.json"]);
    assert_eq!(from_qdpx["reinforcing_links"], from_json["reinforcing_links"]);
    assert_eq!(from_qdpx["reinforcing_link_count"], 12);
    assert_eq!(from_qdpx["longest_chain_length"], from_json["longest_chain_length"]);
    assert_eq!(
        check(&[
            "export",
            "public/cases/telco.json",
            "--format",
            "docx",
            "--output",
            &out("x")
        ])
        .0,
        2
    );
    assert_eq!(check(&["export", "public/cases/telco.json", "--format", "qdpx"]).0, 2);

    // A workbook with a notes sheet and two tables: the first table is read unless --sheet says.
    let mut book = rust_xlsxwriter::Workbook::new();
    for (sheet, rows) in [
        ("Notes", vec![vec!["just notes"]]),
        (
            "First",
            vec![vec!["id", "actor", "period", "action"], vec!["A1", "G", "P", "one"]],
        ),
        (
            "Second",
            vec![
                vec!["id", "actor", "period", "action"],
                vec!["B1", "G", "P", "one"],
                vec!["B2", "G", "P", "two"],
            ],
        ),
    ] {
        let ws = book.add_worksheet();
        ws.set_name(sheet).expect("name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *cell).expect("write");
            }
        }
    }
    std::fs::write(out("book.xlsx"), book.save_to_buffer().expect("saves")).expect("writes");
    let (code, text, _) = check(&["check", &out("book.xlsx")]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("ok: 1 actions") && text.contains("sheet \"First\""),
        "{text}"
    );
    let (code, text, _) = check(&["check", &out("book.xlsx"), "--sheet", "Second"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("ok: 2 actions"), "{text}");
    let (code, text, _) = check(&["check", "--sheet", "Third", &out("book.xlsx")]);
    assert_eq!(code, 1);
    assert!(text.contains("there is no sheet \"Third\""), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn json_is_compact_by_default_and_indented_with_pretty() {
    let telco = common::manifest_dir().join("public/cases/telco.json");
    let telco = telco.to_str().expect("a path in UTF-8");
    for command in [vec!["analyze", telco], vec!["robustness", telco]] {
        let (code, compact, err) = check(&command);
        assert_eq!(code, 0, "{err}");
        assert_eq!(compact.trim_end().lines().count(), 1, "{command:?}: one line");
        let mut pretty_args = command.clone();
        pretty_args.push("--pretty");
        let (code, pretty, err) = check(&pretty_args);
        assert_eq!(code, 0, "{err}");
        assert!(pretty.lines().count() > 20, "{command:?}: indented");
        assert!(pretty.contains("\n  \""), "{command:?}: two-space indent");
        let a: serde_json::Value = serde_json::from_str(&compact).expect("JSON");
        let b: serde_json::Value = serde_json::from_str(&pretty).expect("JSON");
        assert_eq!(a, b, "{command:?}: the same value");
    }
    // The keys of `analyze` stay in alphabetical order, as before: first and last.
    let (_, compact, _) = check(&["analyze", telco]);
    assert!(compact.starts_with("{\"actions\":"), "first key");
    assert!(compact.trim_end().ends_with("\"with_mentions\":false}"), "last key");
}

/// A QDPX export is dated: every note carries the time of the export, which
/// `SOURCE_DATE_EPOCH` fixes, so that the same input gives the same file.
#[test]
fn a_qdpx_export_is_dated_and_reproducible_with_source_date_epoch() {
    let dir = std::env::temp_dir().join(format!("regime-lens-dated-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let export = |name: &str, epoch: Option<&str>| {
        let path = dir.join(name);
        let mut command = Command::new(env!("CARGO_BIN_EXE_regime-lens"));
        command
            .args(["export", "public/cases/telco.json", "--format", "qdpx", "--output"])
            .arg(&path)
            .current_dir(common::manifest_dir())
            .env_remove("SOURCE_DATE_EPOCH");
        if let Some(epoch) = epoch {
            command.env("SOURCE_DATE_EPOCH", epoch);
        }
        assert!(command.output().expect("runs").status.success());
        std::fs::read(path).expect("written")
    };
    let a = export("a.qdpx", Some("1764926400"));
    let b = export("b.qdpx", Some("1764926400"));
    assert_eq!(a, b, "the same file");
    let qde = |bytes: Vec<u8>| {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("project.qde").expect("project.qde"), &mut xml).expect("text");
        xml
    };
    let xml = qde(a);
    assert!(
        xml.contains("creationDateTime=\"2025-12-05T09:20:00Z\""),
        "the epoch's time"
    );
    let now = qde(export("c.qdpx", None));
    assert!(!now.contains("2025-12-05T09:20:00Z"), "now, without it");
    std::fs::remove_dir_all(&dir).ok();
}

/// `check` on field material says what it read: a transcript is one source; a Word document too.
#[test]
fn check_says_how_many_sources_codes_and_passages_a_document_holds() {
    let dir = std::env::temp_dir().join(format!("regime-lens-sources-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("Kate.txt");
    std::fs::write(&path, "Interviewer: How did the model land?\nKate: We showed it.\n").expect("writes");
    let (code, out, _) = check(&["check", &path.to_string_lossy()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("Kate.txt: ok: 0 actions; 1 source, 0 codes, 0 coded passages, 0 notes read\n"),
        "{out}"
    );
    let bad = dir.join("broken.docx");
    std::fs::write(&bad, b"PK\x03\x04 broken").expect("writes");
    let (code, out, _) = check(&["check", &bad.to_string_lossy()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("broken.docx: error: the document could not be read"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
