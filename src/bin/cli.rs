//! `regime-lens`: the command line over the same core the app uses.
//!
//! `regime-lens check FILE` prints the errors and warnings of an import one per line and exits 0
//! when the file imports (warnings allowed), 1 when it does not, and 2 on wrong usage.

use regime_lens::core::import::import_file;
use std::process::ExitCode;

const USAGE: &str = "usage: regime-lens check FILE\n\
  check FILE   import a CSV/TSV action table or a JSON case and list its errors and warnings";

fn check(path: &str) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            println!("{path}: error: cannot read the file: {e}");
            return ExitCode::from(1);
        }
    };
    match import_file(path, &bytes) {
        Ok(imported) => {
            for warning in &imported.warnings {
                println!("{warning}");
            }
            let case = &imported.case;
            println!(
                "{path}: ok: {} actions, {} actors, {} periods, {} trigger links, {} warnings",
                case.actions.len(),
                case.actors.len(),
                case.periods.len(),
                case.trigger_link_count(),
                imported.warnings.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            println!("{}: error: {}", error.at, error.kind);
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [command, file] if command == "check" => check(file),
        [flag] if flag == "--help" || flag == "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
