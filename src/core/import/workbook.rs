//! Workbooks: XLSX (and XLSM, XLSB, XLS) and ODS action tables, read with `calamine`.
//!
//! The sheet read is the one asked for, or else the first whose first non-empty row has the
//! required columns. Cells are read as the user sees them: whole numbers without a decimal part,
//! dates typed as spreadsheet dates as `YYYY-MM-DD`. From there the rows go through the same
//! importer as a CSV table; errors name the sheet and the cell (`sheet Actions, cell E6`).

use super::csv::{canonical_column, import_records, Record, REQUIRED_COLUMNS};
use super::{check_expansion, check_size, Imported, MAX_SHEET_CELLS};
use crate::core::report::{ImportError, ImportErrorKind, Location, Warning, WarningKind};
use calamine::{open_workbook_auto_from_rs, Cell, Data, DataRef, Range, Reader, Sheets};
use std::io::Cursor;

/// True when the name, or the bytes of an OLE2 compound file (XLS), say the file is a workbook.
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_lowercase();
    [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"]
        .iter()
        .any(|e| lower.ends_with(e))
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// The letters of a 0-based column (`0` → `A`, `26` → `AA`).
pub fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A cell as the user sees it, or the spreadsheet error it holds.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        // ODS dates: the date part when there is no time.
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(e.to_string()),
    })
}

/// Imports the action table of a workbook: the sheet named `sheet`, or else the first that has
/// the required columns.
///
/// A workbook that makes `calamine` itself panic is refused like any other it cannot read. The
/// fuzzer found one (a cell reference of many letters overflows calamine 0.38's column
/// arithmetic, a panic wherever overflow is checked; docs/RELIABILITY.md), and a library's panic
/// must not stop the command line. Natively the panic is caught here; in the app, whose builds do
/// not check overflow, the exchange worker that reads workbooks is replaced if it ever stops.
pub fn import_workbook(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Imported, ImportError> {
    let at = |sheet: Option<&str>| Location::of_file(file).with_sheet(sheet);
    if let Err(kind) = check_size(bytes).and_then(|()| check_expansion(bytes)) {
        return Err(ImportError::new(at(None), kind));
    }
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_workbook(file, bytes, sheet)));
    read.unwrap_or_else(|_| {
        Err(ImportError::new(
            at(None),
            ImportErrorKind::BadWorkbook {
                detail: "its reader stopped on something in it that it cannot read".into(),
            },
        ))
    })
}

/// [`import_workbook`] once the file's size is checked.
fn read_workbook(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Imported, ImportError> {
    let at = |sheet: Option<&str>| Location::of_file(file).with_sheet(sheet);
    let fail = |sheet: Option<&str>, kind| Err(ImportError::new(at(sheet), kind));
    let mut book = match open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(book) => book,
        Err(e) => return fail(None, ImportErrorKind::BadWorkbook { detail: e.to_string() }),
    };
    let names = book.sheet_names();
    if let Some(wanted) = sheet {
        if !names.iter().any(|n| n == wanted) {
            return fail(
                None,
                ImportErrorKind::NoSuchSheet {
                    sheet: wanted.to_string(),
                    sheets: names.clone(),
                },
            );
        }
    }
    let mut first_readable = None;
    for name in names.iter().filter(|n| sheet.is_none_or(|w| w == n.as_str())) {
        let range = match sheet_range(&mut book, name) {
            Ok(range) => range,
            Err(kind) => return fail(Some(name), kind),
        };
        let (top, left) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
        // Rows as records, their line the sheet's row number; the header is the first row
        // with a value.
        let mut records: Vec<Record> = Vec::new();
        for (r, row) in range.rows().enumerate() {
            let line = top + r + 1;
            let mut fields = vec![String::new(); left];
            for (c, cell) in row.iter().enumerate() {
                match cell_text(cell) {
                    Ok(text) => fields.push(text),
                    Err(error) => {
                        return Err(ImportError::new(
                            at(Some(name))
                                .with_line(Some(line))
                                .with_cell(format!("{}{line}", column_letters(left + c))),
                            ImportErrorKind::CellError { value: error },
                        ))
                    }
                }
            }
            if records.is_empty() && fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            records.push(Record { line, fields });
        }
        let has_columns = records.first().is_some_and(|header| {
            let names: Vec<String> = header.fields.iter().map(|h| canonical_column(h)).collect();
            REQUIRED_COLUMNS.iter().all(|c| names.iter().any(|n| n == c))
        });
        first_readable.get_or_insert_with(|| name.clone());
        if !has_columns && sheet.is_none() {
            continue;
        }
        let locate = |line: Option<usize>, column: Option<(&str, usize)>| {
            let mut place = at(Some(name)).with_line(line);
            if let Some((column_name, index)) = column {
                place = place.with_column(column_name);
                if let Some(l) = line {
                    place = place.with_cell(format!("{}{l}", column_letters(index)));
                }
            }
            place
        };
        let mut warnings = Vec::new();
        if names.len() > 1 {
            warnings.push(Warning {
                at: at(Some(name)),
                kind: WarningKind::SheetChosen {
                    sheet: name.clone(),
                    others: names.iter().filter(|n| *n != name).cloned().collect(),
                },
            });
        }
        let mut imported = import_records(file, records, &locate, warnings)?;
        if names.len() > 1 {
            imported.case.title = format!("{} ({name})", imported.case.title);
        }
        return Ok(imported);
    }
    fail(
        first_readable.as_deref(),
        ImportErrorKind::NoSheetWithColumns {
            sheets: names.clone(),
            columns: REQUIRED_COLUMNS.iter().map(|c| c.to_string()).collect(),
        },
    )
}

/// The cells of sheet `name`, as a rectangle from its first used cell to its last. calamine makes
/// that rectangle whole (every cell in it, used or not), so a sheet of two cells far apart (`A1`
/// and `XFD1048576`) would take hundreds of gigabytes: for XLSX and XLSB the used cells are read
/// one by one first, and a sheet whose rectangle (with the columns left of it, which the rows
/// keep) is larger than [`MAX_SHEET_CELLS`] is refused with its size. XLS and ODS are read whole
/// by calamine as it opens them.
fn sheet_range(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Result<Range<Data>, ImportErrorKind> {
    let bad = |e: &dyn std::fmt::Display| ImportErrorKind::BadWorkbook { detail: e.to_string() };
    let cells = match book {
        Sheets::Xlsx(xlsx) => {
            let mut reader = xlsx.worksheet_cells_reader(name).map_err(|e| bad(&e))?;
            used_cells(|| reader.next_cell().map_err(|e| bad(&e)))?
        }
        Sheets::Xlsb(xlsb) => {
            let mut reader = xlsb.worksheet_cells_reader(name).map_err(|e| bad(&e))?;
            used_cells(|| reader.next_cell().map_err(|e| bad(&e)))?
        }
        _ => return book.worksheet_range(name).map_err(|e| bad(&e)),
    };
    // The rows the table is read into start at column A, so the columns left of the first used
    // one count too.
    let rows_used = cells.iter().map(|c| c.get_position().0);
    if let (Some(top), Some(bottom)) = (rows_used.clone().min(), rows_used.max()) {
        let rows = u64::from(bottom - top) + 1;
        let columns = cells
            .iter()
            .map(|c| u64::from(c.get_position().1) + 1)
            .max()
            .unwrap_or(0);
        if rows.saturating_mul(columns) > MAX_SHEET_CELLS {
            return Err(ImportErrorKind::SheetTooLarge {
                rows,
                columns,
                limit: MAX_SHEET_CELLS,
            });
        }
    }
    Ok(Range::from_sparse(cells))
}

/// The used (non-empty) cells a cell reader gives, owned, as calamine itself keeps them.
fn used_cells<'a>(
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, ImportErrorKind>,
) -> Result<Vec<Cell<Data>>, ImportErrorKind> {
    let mut cells = Vec::new();
    while let Some(cell) = next()? {
        if !matches!(cell.get_value(), DataRef::Empty) {
            let position = cell.get_position();
            cells.push(Cell::new(position, Data::from(cell.get_value().clone())));
        }
    }
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_like_a_spreadsheets() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(4), "E");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn numbers_and_dates_read_as_they_are_shown() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        assert_eq!(cell_text(&Data::Float(3.0)), Ok("3".into()));
        assert_eq!(cell_text(&Data::Float(2.5)), Ok("2.5".into()));
        assert_eq!(cell_text(&Data::Int(12)), Ok("12".into()));
        let date = ExcelDateTime::new(45943.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), Ok("2025-10-13".into()));
        assert_eq!(
            cell_text(&Data::DateTimeIso("2012-03-01T00:00:00".into())),
            Ok("2012-03-01".into())
        );
        assert!(cell_text(&Data::Error(calamine::CellErrorType::Div0)).is_err());
    }
}
