//! Workbooks: XLSX made here with rust_xlsxwriter and ODS made here by hand read as action
//! tables, with dates and numbers as the user sees them and errors that name the sheet and cell.
#![cfg(not(target_arch = "wasm32"))]

use regime_lens::core::builtin::telco;
use regime_lens::core::model::Symbolic;
use regime_lens::core::open::{import_file, import_file_sheet};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Write;

const HEADER: [&str; 9] = [
    "id", "actor", "period", "action", "symbolic", "aspect", "triggers", "date", "order",
];

/// TelCo's actions as a workbook: a notes sheet first, then "Actions". `bad` replaces the
/// symbolic cell of the fifth action (row 6, column E).
fn telco_xlsx(bad: Option<&str>) -> Vec<u8> {
    let case = telco();
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Notes").expect("name");
    notes.write_string(0, 0, "Field notes, not a table").expect("write");
    let sheet = book.add_worksheet();
    sheet.set_name("Actions").expect("name");
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("write");
    }
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for (i, a) in case.actions.iter().enumerate() {
        let r = (i + 1) as u32;
        let kind = if i == 4 {
            bad.unwrap_or(a.symbolic.key())
        } else {
            a.symbolic.key()
        };
        let cells = [
            a.id.as_str(),
            a.actor.as_str(),
            a.period.as_str(),
            a.description.as_str(),
            kind,
            a.aspect.map_or("", |x| x.key()),
        ];
        for (c, text) in cells.iter().enumerate() {
            sheet.write_string(r, c as u16, *text).expect("write");
        }
        sheet.write_string(r, 6, a.triggers.join("; ")).expect("write");
        // The first action's date typed as a spreadsheet date, shown day first.
        if i == 0 {
            let date = ExcelDateTime::from_ymd(2012, 3, 1).expect("date");
            sheet
                .write_datetime_with_format(r, 7, &date, &date_format)
                .expect("write");
        }
        // The order as a spreadsheet number.
        sheet.write_number(r, 8, (i + 1) as f64).expect("write");
    }
    book.save_to_buffer().expect("saves")
}

/// A minimal ODS: one sheet named `name` with the given rows of text cells.
fn ods(name: &str, rows: &[Vec<String>]) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for cell in row {
            table.push_str(&format!(
                "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                esc(cell)
            ));
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
<office:body><office:spreadsheet><table:table table:name=\"{}\">{table}</table:table></office:spreadsheet></office:body></office:document-content>",
        esc(name)
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).expect("zip");
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .expect("zip");
        zip.start_file("content.xml", stored).expect("zip");
        zip.write_all(content.as_bytes()).expect("zip");
        zip.start_file("META-INF/manifest.xml", stored).expect("zip");
        zip.write_all(manifest.as_bytes()).expect("zip");
        zip.finish().expect("zip");
    }
    out.into_inner()
}

#[test]
fn an_xlsx_table_reads_like_the_case_from_the_sheet_that_has_the_columns() {
    let imported = import_file("telco.xlsx", &telco_xlsx(None)).expect("imports");
    let case = imported.case;
    let original = telco();
    assert_eq!(case.actions.len(), original.actions.len());
    for (a, b) in case.actions.iter().zip(&original.actions) {
        assert_eq!(
            (&a.id, a.symbolic, a.aspect, &a.triggers),
            (&b.id, b.symbolic, b.aspect, &b.triggers)
        );
        assert_eq!(a.description, b.description);
    }
    // A spreadsheet date reads as the date it shows; a number as the number it shows.
    assert_eq!(case.actions[0].date.as_deref(), Some("2012-03-01"));
    assert_eq!(case.actions[0].order, Some(1.0));
    // The notes sheet was passed over, and the researcher is told which sheet was read.
    assert!(case.title.contains("(Actions)"), "{}", case.title);
    assert!(imported
        .warnings
        .iter()
        .any(|w| w.to_string().contains("sheet Actions") && w.to_string().contains("also has Notes")));
    // The analysis is TelCo's.
    let (_, analysis) = regime_lens::core::analysis::analyze_case(&case);
    let (_, telco_analysis) = regime_lens::core::analysis::analyze_case(&original);
    assert_eq!(
        analysis.reinforcement.link_count,
        telco_analysis.reinforcement.link_count
    );
}

#[test]
fn a_bad_cell_is_named_by_sheet_and_cell() {
    let err = import_file("telco.xlsx", &telco_xlsx(Some("maybe"))).expect_err("refused");
    let text = err.to_string();
    assert!(text.starts_with("telco.xlsx, sheet Actions, cell E6: "), "{text}");
    assert!(text.contains("maybe"), "{text}");
    // Asking for a sheet that is not there lists the sheets.
    let err = import_file_sheet("telco.xlsx", &telco_xlsx(None), Some("Codes")).expect_err("refused");
    assert!(err.to_string().contains("Notes, Actions"), "{err}");
    // Asking for the notes sheet says what it lacks.
    let err = import_file_sheet("telco.xlsx", &telco_xlsx(None), Some("Notes")).expect_err("refused");
    assert!(
        err.to_string().contains("sheet Notes") && err.to_string().contains("id"),
        "{err}"
    );
    // Not a workbook at all.
    let err = import_file("broken.xlsx", b"PK\x03\x04 not really").expect_err("refused");
    assert!(
        err.to_string()
            .starts_with("broken.xlsx: the workbook could not be read"),
        "{err}"
    );
}

#[test]
fn an_ods_table_reads_and_its_bad_cell_is_named() {
    let rows = |kind: &str| {
        vec![
            HEADER[..7].iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            ["T1", "Technologists", "P1", "Present the tool", "advocacy", "", ""]
                .map(String::from)
                .to_vec(),
            [
                "I1",
                "Incumbents",
                "P1",
                "Attend the training",
                kind,
                "knowing practices",
                "T1",
            ]
            .map(String::from)
            .to_vec(),
        ]
    };
    let case = import_file("small.ods", &ods("Table", &rows("conformity")))
        .expect("imports")
        .case;
    assert_eq!(case.actions.len(), 2);
    assert_eq!(case.actions[1].symbolic, Symbolic::Conformity);
    assert_eq!(case.actions[1].triggers, vec!["T1"]);
    let err = import_file("small.ods", &ods("Table", &rows("sometimes"))).expect_err("refused");
    assert!(
        err.to_string().starts_with("small.ods, sheet Table, cell E3: "),
        "{err}"
    );
}

/// An XLSX written by hand: the parts a workbook needs around one sheet of the given XML.
fn xlsx_of_sheet(sheet: &str) -> Vec<u8> {
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Actions" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in parts {
        zip.start_file(name, options).expect("a part");
        zip.write_all(text.as_bytes()).expect("written");
    }
    zip.finish().expect("a zip").into_inner()
}

#[test]
fn a_workbook_its_reader_cannot_take_is_refused_not_a_crash() {
    // A cell reference of many letters: calamine 0.38 multiplies its column past u32, a panic
    // where overflow is checked (as in this test's build). Found by the import_workbook fuzz target.
    let cell = |r: &str, t: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#);
    let header: String = ["id", "actor", "period", "action"]
        .iter()
        .enumerate()
        .map(|(i, t)| cell(&format!("{}1", (b'A' + i as u8) as char), t))
        .collect();
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{header}</row><row r="2">{}</row></sheetData></worksheet>"#,
        cell("ZZZZZZZZZZZZ2", "A1")
    );
    let err = import_file("odd.xlsx", &xlsx_of_sheet(&sheet)).expect_err("refused");
    assert_eq!(err.at.file, "odd.xlsx");
    assert!(err.to_string().contains("the workbook could not be read"), "{err}");
    // The same sheet with a reference a spreadsheet writes reads.
    let rest = format!("{}{}{}", cell("B2", "X"), cell("C2", "P"), cell("D2", "d"));
    let good = sheet
        .replace("ZZZZZZZZZZZZ2", "A2")
        .replace("</row></sheetData>", &format!("{rest}</row></sheetData>"));
    let case = import_file("good.xlsx", &xlsx_of_sheet(&good)).expect("reads").case;
    assert_eq!(case.actions.len(), 1);
}

#[test]
fn a_sheet_stretched_by_a_far_cell_is_refused_with_its_size_not_read_whole() {
    // Two cells a spreadsheet's width and height apart: read whole, a rectangle of 17 billion
    // cells (calamine would ask for hundreds of gigabytes). Found by the import_workbook fuzz target.
    let cell = |r: &str, t: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#);
    let rows = format!(
        r#"<row r="1">{}{}{}{}</row><row r="2">{}{}{}{}</row><row r="1048576">{}</row>"#,
        cell("A1", "id"),
        cell("B1", "actor"),
        cell("C1", "period"),
        cell("D1", "action"),
        cell("A2", "A1"),
        cell("B2", "X"),
        cell("C2", "P"),
        cell("D2", "d"),
        cell("XFD1048576", "stray")
    );
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    );
    let err = import_file("stretched.xlsx", &xlsx_of_sheet(&sheet)).expect_err("refused");
    assert_eq!(err.at.file, "stretched.xlsx");
    assert_eq!(err.at.sheet.as_deref(), Some("Actions"));
    let text = err.to_string();
    assert!(text.contains("1048576 rows by 16384 columns"), "{text}");
    assert!(
        text.contains("delete it, or copy the action table to a sheet of its own"),
        "{text}"
    );
    // Without the stray cell the table reads.
    let near = sheet.replace(
        &format!(r#"<row r="1048576">{}</row>"#, cell("XFD1048576", "stray")),
        "",
    );
    assert_eq!(
        import_file("near.xlsx", &xlsx_of_sheet(&near))
            .expect("reads")
            .case
            .actions
            .len(),
        1
    );
}
