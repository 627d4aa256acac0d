//! The workbook reader never panics, and what it accepts is sound. The input is a whole file, or
//! (first byte odd) the XML of a sheet packed into an XLSX here with the parts around it, so that
//! the fuzzer explores cells and rows without having to find a valid zip.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regime_lens::core::import::workbook::import_workbook;

#[path = "pack.rs"]
mod pack;

const PARTS: [(&str, &str); 4] = [
    ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
    ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
    ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Actions" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
    ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
];

fuzz_target!(|input: &[u8]| {
    let Some((&mode, data)) = input.split_first() else { return };
    let file = if mode % 2 == 1 {
        let mut files: Vec<(&str, &[u8])> = PARTS.iter().map(|(name, text)| (*name, text.as_bytes())).collect();
        files.push(("xl/worksheets/sheet1.xml", data));
        pack::zipped(&files)
    } else {
        data.to_vec()
    };
    let sheet = (mode % 4 == 3).then_some("Actions");
    match import_workbook("fuzz.xlsx", &file, sheet) {
        Ok(imported) => assert!(regime_lens::core::validate::check_references(&imported.case).is_ok()),
        Err(e) => assert_eq!(e.at.file, "fuzz.xlsx"),
    }
});
