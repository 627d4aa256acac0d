//! `regime-lens`: the command line over the same core the app uses.
//!
//! - `regime-lens check FILE` prints the errors and warnings of an import one per line and exits 0
//!   when the file imports (warnings allowed), 1 when it does not.
//! - `regime-lens analyze FILE [--relabel ID=KIND]...` prints the analysis as one JSON object.
//! - JSON goes out compact (one line); `--pretty` indents it for reading.
//! - `regime-lens export FILE --format qdpx|qdc|csv|json --output PATH` writes the file.
//! - Every command reads CSV, TSV, JSON, XLSX, ODS and QDPX; `--sheet NAME` picks a workbook's sheet.
//! - `regime-lens agree FILE FILE [FILE...]` prints the coders' agreement as one JSON object; ids
//!   missing from some files are said on standard error.
//!
//! Wrong usage exits 2. Output goes through [`emit`]: a reader that stops early (`| head`) ends
//! the command quietly instead of a panic. `analyze` writes its errors to standard error, so
//! that its standard output is JSON or nothing.

use regime_lens::core::analysis::diagnostics::Diagnostic;
use regime_lens::core::analysis::mechanism::{links_by_aspect, reinforcing_cycles, AspectLinks, CYCLE_LIMIT};
use regime_lens::core::analysis::regime::RegimeMatrix;
use regime_lens::core::analysis::reinforcement::{reinforcement, Chain, PairCount};
use regime_lens::core::analysis::robustness::robustness;
use regime_lens::core::analysis::{coded_kinds, Options, Prepared};

/// How many longest chains `analyze` lists at most (all are counted in `longest_chain_count`).
const CLI_CHAIN_LIMIT: usize = 100;
use regime_lens::core::analysis::team::agreement;
use regime_lens::core::coding::CoderCoding;
use regime_lens::core::export::{coded_case_json, codings_csv};
use regime_lens::core::import::Imported;
use regime_lens::core::model::Symbolic;
use regime_lens::core::open::{
    import_file_sheet, is_document, library_summary, load_file, read_coder, read_sources, Loaded,
};
use regime_lens::core::project::qdpx::{codebook_qdc, is_qdpx_file, qdpx, read_qdpx};
use regime_lens::core::project::Project;
use regime_lens::core::report::ImportErrorKind;
use serde_json::json;
use std::process::ExitCode;

const USAGE: &str =
    "usage: regime-lens check FILE\n       regime-lens analyze FILE [--with-mentions] [--relabel ID=KIND]...\n\
  check FILE     import a CSV/TSV action table or a JSON case and list its errors and warnings\n\
  analyze FILE   print reinforcing links, longest chains, diagnostics and the regime matrix as JSON\n\
  --relabel ID=KIND   recode action ID as conformity, advocacy or substantive before the analysis\n\
  --with-mentions     count mention edges (an id named in a consequence) as trigger edges\n\
  robustness FILE [--with-mentions] [--incumbents GROUP]\n\
                 print the headline findings under each definition of a link as JSON (the current\n\
                 definition marked; GROUP: the actor group of the group-restricted row)\n\
  export FILE --format qdpx|qdc|csv|json --output PATH\n\
                 write the project or case as a REFI-QDA project (QDPX), its codebook (QDC), its\n\
                 codings (CSV) or the coded case (JSON)\n\
  --pretty       indent the JSON output for reading (compact by default)\n\
  --sheet NAME   read that sheet of a workbook (.xlsx, .ods) instead of the first with an action table\n\
  agree FILE FILE [FILE...]\n\
                 print the agreement of coders as JSON: each FILE one coder's table, JSON case,\n\
                 project file or codings CSV of the same case (the coder named after the file)";

/// Writes to standard output. A closed pipe (the reader stopped) ends quietly with `code`;
/// another write error is said on standard error.
fn emit(text: &str, code: ExitCode) -> ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::from(1)
        }
    }
}

/// Writes a value as JSON to standard output, straight from the value (no text of the whole in
/// memory): compact, or indented after `--pretty`. A closed pipe ends quietly, as in [`emit`].
fn emit_json<T: serde::Serialize + ?Sized>(value: &T, code: ExitCode) -> ExitCode {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = if PRETTY.get().is_some() {
        serde_json::to_writer_pretty(&mut out, value)
    } else {
        serde_json::to_writer(&mut out, value)
    };
    let result = written
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match result {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::from(1)
        }
    }
}

/// Set by `--pretty`: JSON output indented for reading (compact by default).
static PRETTY: std::sync::OnceLock<()> = std::sync::OnceLock::new();

/// The sheet `--sheet NAME` asks for, read from a workbook instead of the first with an action
/// table.
static SHEET: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Reads and imports a file (CSV, TSV, JSON, XLSX, ODS or QDPX); the error is a line that names
/// the file and what to do.
fn import(path: &str) -> Result<Imported, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: error: cannot read the file: {e}"))?;
    import_file_sheet(path, &bytes, SHEET.get().map(String::as_str))
        .map_err(|error| format!("{}: error: {}", error.at, error.kind))
}

/// `export FILE --format F --output PATH`: the project or case in FILE written as F.
fn export(path: &str, format: &str, output: &str) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: error: cannot read the file: {e}");
            return ExitCode::from(1);
        }
    };
    // The codebook does not depend on the file, but the file is still checked.
    let project = match load_file(path, &bytes) {
        Ok(Loaded::Project(p, _)) => *p,
        Ok(Loaded::Case(imported)) => {
            let title = imported.case.title.clone();
            Project::new("cli", title, imported.case)
        }
        Err(error) => {
            eprintln!("{}: error: {}", error.at, error.kind);
            return ExitCode::from(1);
        }
    };
    let data: Vec<u8> = match format {
        "qdpx" => qdpx(&project, &export_time()),
        "qdc" => codebook_qdc().into_bytes(),
        "csv" => codings_csv(&project.case, &project.coding, &project.aspects).into_bytes(),
        "json" => coded_case_json(&project.case, &project.coding, &project.aspects).into_bytes(),
        other => {
            eprintln!("error: --format {other}: use qdpx, qdc, csv or json");
            return ExitCode::from(2);
        }
    };
    match std::fs::write(output, &data) {
        Ok(()) => {
            eprintln!("{output}: wrote {} bytes ({format})", data.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{output}: error: cannot write the file: {e}");
            ExitCode::from(1)
        }
    }
}

fn check(path: &str) -> ExitCode {
    // Field material (a document, another tool's QDPX): what was read.
    if SHEET.get().is_none() {
        if let Ok(bytes) = std::fs::read(path) {
            let other_qdpx = is_qdpx_file(path, &bytes)
                && read_qdpx(path, &bytes).is_err_and(|e| matches!(e.kind, ImportErrorKind::NotARegimeLensQdpx { .. }));
            if is_document(path, &bytes) || other_qdpx {
                match read_sources(path, &bytes) {
                    Ok((project, not_kept)) if !project.library.sources.is_empty() => {
                        let kept = if not_kept.is_empty() {
                            String::new()
                        } else {
                            format!("; not kept: {}", not_kept.join(", "))
                        };
                        let out = format!(
                            "{path}: ok: 0 actions; {} read{kept}\n",
                            library_summary(&project.library)
                        );
                        return emit(&out, ExitCode::SUCCESS);
                    }
                    Ok(_) => {}
                    Err(error) => return emit(&format!("{}: error: {}\n", error.at, error.kind), ExitCode::from(1)),
                }
            }
        }
    }
    match import(path) {
        Ok(imported) => {
            let mut out = String::new();
            for warning in &imported.warnings {
                out.push_str(&format!("{warning}\n"));
            }
            let case = &imported.case;
            out.push_str(&format!(
                "{path}: ok: {} actions, {} actors, {} periods, {} trigger links, {} warnings\n",
                case.actions.len(),
                case.actors.len(),
                case.periods.len(),
                case.trigger_link_count(),
                imported.warnings.len()
            ));
            emit(&out, ExitCode::SUCCESS)
        }
        // The report of `check` is its output, errors included.
        Err(message) => emit(&format!("{message}\n"), ExitCode::from(1)),
    }
}

fn analyze(path: &str, relabels: &[(String, Symbolic)], options: Options) -> ExitCode {
    let case = match import(path) {
        Ok(imported) => imported.case,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(1);
        }
    };
    let mut kinds = coded_kinds(&case);
    for (id, kind) in relabels {
        match case.actions.iter().position(|a| &a.id == id) {
            Some(i) => kinds[i] = *kind,
            None => {
                eprintln!("{path}: error: --relabel {id}: no action has the id \"{id}\"");
                return ExitCode::from(1);
            }
        }
    }
    let prepared = Prepared::new_with(&case, options);
    // The reinforcement once, with the command line's chains (the app lists a few; the command
    // line up to CLI_CHAIN_LIMIT), and the regime matrix beside it.
    let r = &reinforcement(&prepared, &case, &kinds, CLI_CHAIN_LIMIT);
    let regime_matrix = prepared.regime.under(&case, &kinds);
    let chains: Vec<&Vec<String>> = r.longest_chains.iter().map(|c| &c.ids).collect();
    let (cycles, cycles_complete) = reinforcing_cycles(&prepared, &case, r, CYCLE_LIMIT);
    let aspects: Vec<_> = case.actions.iter().map(|a| a.aspect).collect();
    let longest_chains_truncated = (r.longest_chains.len() as u64) < r.longest_count;
    emit_json(
        &Analysis {
            actions: case.actions.len(),
            chains: &r.longest_chains,
            diagnostics: &prepared.diagnostics,
            links_by_actor: &r.by_actor,
            links_by_aspect: links_by_aspect(&case, &prepared, r, &aspects),
            links_by_period: &r.by_period,
            longest_chain: chains.first().copied().map_or(&[][..], Vec::as_slice),
            longest_chain_count: chain_count(r.longest_count, r.longest_count_exact),
            longest_chain_count_exact: r.longest_count_exact,
            longest_chain_length: r.longest_length,
            longest_chains: &chains,
            longest_chains_truncated,
            mention_edges: prepared.mention_edges.len(),
            regime_matrix: &regime_matrix,
            reinforcing_cycles: &cycles,
            reinforcing_cycles_complete: cycles_complete,
            reinforcing_link_count: r.link_count,
            reinforcing_links: LinkIds(r, &case),
            trigger_edges: prepared.graph.edge_count(),
            with_mentions: options.with_mentions,
        },
        ExitCode::SUCCESS,
    )
}

/// The analysis as one JSON object, its keys in alphabetical order, written field by field
/// straight to the output (no JSON tree of the whole in memory). Each field keeps its type, so
/// the serializer's code for it is compiled in (a list of type-erased fields spent about a third
/// of the command's time on the links' dynamic calls).
#[derive(serde::Serialize)]
struct Analysis<'a> {
    actions: usize,
    chains: &'a [Chain],
    diagnostics: &'a [Diagnostic],
    links_by_actor: &'a [PairCount],
    links_by_aspect: Vec<AspectLinks>,
    links_by_period: &'a [PairCount],
    longest_chain: &'a [String],
    longest_chain_count: serde_json::Value,
    longest_chain_count_exact: bool,
    longest_chain_length: usize,
    longest_chains: &'a [&'a Vec<String>],
    longest_chains_truncated: bool,
    mention_edges: usize,
    regime_matrix: &'a RegimeMatrix,
    reinforcing_cycles: &'a [Vec<String>],
    reinforcing_cycles_complete: bool,
    reinforcing_link_count: usize,
    reinforcing_links: LinkIds<'a>,
    trigger_edges: usize,
    with_mentions: bool,
}

/// The reinforcing links as pairs of ids, in the natural order of their ids, written one by one.
struct LinkIds<'a>(
    &'a regime_lens::core::analysis::reinforcement::Reinforcement,
    &'a regime_lens::core::model::Case,
);

impl serde::Serialize for LinkIds<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let ids = |i: usize| self.1.actions[i].id.as_str();
        let mut seq = serializer.serialize_seq(Some(self.0.link_count))?;
        self.0
            .try_for_each_link_in_id_order(self.1, |a, b| seq.serialize_element(&(ids(a), ids(b))))?;
        seq.end()
    }
}

/// The number of longest chains as JSON: a number while JSON numbers hold it exactly (up to
/// 2^53), a decimal string beyond, and "at least N" when it overflowed 64 bits.
fn chain_count(count: u64, exact: bool) -> serde_json::Value {
    if !exact {
        json!(format!("at least {count}"))
    } else if count > 1 << 53 {
        json!(count.to_string())
    } else {
        json!(count)
    }
}

fn robustness_of(path: &str, options: Options, incumbents: Option<&str>) -> ExitCode {
    let case = match import(path) {
        Ok(imported) => imported.case,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(1);
        }
    };
    if let Some(group) = incumbents {
        if case.actor(group).is_none() {
            let known: Vec<&str> = case.actors.iter().map(|a| a.id.as_str()).collect();
            eprintln!(
                "{path}: error: --incumbents {group}: no actor group has that id (known: {}).",
                known.join(", ")
            );
            return ExitCode::from(1);
        }
    }
    let rows = robustness(&case, &coded_kinds(&case), options, incumbents);
    emit_json(
        &json!({ "actions": case.actions.len(), "rows": rows }),
        ExitCode::SUCCESS,
    )
}

fn agree(paths: &[String]) -> ExitCode {
    let mut coders = Vec::new();
    let mut base = None;
    for path in paths {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: error: cannot read the file: {e}");
                return ExitCode::from(1);
            }
        };
        match read_coder(path, &bytes) {
            Ok((mut coding, case)) => {
                // Two files of one name in different folders stay two coders.
                let stem = coding.coder.clone();
                let mut k = 2;
                while coders.iter().any(|c: &CoderCoding| c.coder == coding.coder) {
                    coding.coder = format!("{stem} ({k})");
                    k += 1;
                }
                if base.is_none() {
                    base = case;
                }
                coders.push(coding);
            }
            Err(error) => {
                eprintln!("{}: error: {}", error.at, error.kind);
                return ExitCode::from(1);
            }
        }
    }
    let result = agreement(&coders, base.as_ref(), true);
    for (coder, ids) in &result.missing {
        let source = coders
            .iter()
            .find(|c| &c.coder == coder)
            .map_or(coder.as_str(), |c| c.source.as_str());
        eprintln!(
            "{source}: warning: lacks {} action(s) that other coders coded ({}); they are compared among the coders who have them, and left out of the units where fewer than two do",
            ids.len(),
            ids.join(", ")
        );
    }
    emit_json(&result, ExitCode::SUCCESS)
}

fn parse_relabel(text: &str) -> Option<(String, Symbolic)> {
    let (id, kind) = text.split_once('=')?;
    let kind = match kind.trim().to_lowercase().as_str() {
        "conformity" => Symbolic::Conformity,
        "advocacy" => Symbolic::Advocacy,
        "substantive" => Symbolic::Substantive,
        _ => return None,
    };
    let id = id.trim();
    (!id.is_empty()).then(|| (id.to_string(), kind))
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--pretty") {
        args.remove(i);
        let _ = PRETTY.set(());
    }
    if let Some(i) = args.iter().position(|a| a == "--sheet") {
        if i + 1 >= args.len() {
            return usage();
        }
        let name = args.remove(i + 1);
        args.remove(i);
        let _ = SHEET.set(name);
    }
    match args.as_slice() {
        [command, file, rest @ ..] if command == "export" => {
            let (mut format, mut output) = (None, None);
            let mut rest = rest.iter();
            while let Some(flag) = rest.next() {
                match flag.as_str() {
                    "--format" => format = rest.next(),
                    "--output" => output = rest.next(),
                    _ => return usage(),
                }
            }
            match (format, output) {
                (Some(f), Some(o)) => export(file, f, o),
                _ => usage(),
            }
        }
        [command, file] if command == "check" => check(file),
        [command, file, rest @ ..] if command == "analyze" => {
            let mut relabels = Vec::new();
            let mut options = Options::default();
            let mut rest = rest.iter();
            while let Some(flag) = rest.next() {
                if flag == "--with-mentions" {
                    options.with_mentions = true;
                    continue;
                }
                let value = if flag == "--relabel" {
                    rest.next().map(String::as_str)
                } else {
                    flag.strip_prefix("--relabel=")
                };
                match value.and_then(parse_relabel) {
                    Some(r) => relabels.push(r),
                    None => return usage(),
                }
            }
            analyze(file, &relabels, options)
        }
        [command, file, rest @ ..] if command == "robustness" => {
            let mut options = Options::default();
            let mut incumbents = None;
            let mut rest = rest.iter();
            while let Some(flag) = rest.next() {
                match flag.as_str() {
                    "--with-mentions" => options.with_mentions = true,
                    "--incumbents" => match rest.next() {
                        Some(group) => incumbents = Some(group.as_str()),
                        None => return usage(),
                    },
                    _ => return usage(),
                }
            }
            robustness_of(file, options, incumbents)
        }
        [command, files @ ..] if command == "agree" => {
            if files.len() < 2 || files.iter().any(|f| f.starts_with("--")) {
                return usage();
            }
            agree(files)
        }
        [flag] if flag == "--help" || flag == "-h" => emit(&format!("{USAGE}\n"), ExitCode::SUCCESS),
        _ => usage(),
    }
}

/// The time of an export, to the second (UTC): now, or `SOURCE_DATE_EPOCH` when it is set (the
/// reproducible-builds convention), so that the same input can give the same file.
#[cfg(not(target_arch = "wasm32"))]
fn export_time() -> String {
    let at = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The command line does not run in a browser; the wasm32 build only checks that it compiles
/// (no time: the writer then dates notes at the epoch).
#[cfg(target_arch = "wasm32")]
fn export_time() -> String {
    String::new()
}
