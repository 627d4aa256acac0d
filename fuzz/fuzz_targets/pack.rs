//! Files packed into a zip in memory (stored, not deflated): the QDPX and workbook targets give
//! the fuzzer's text to the readers inside the archive they expect, so that the fuzzer explores
//! the XML without having to find a valid zip.
use std::io::Write;

pub fn zipped(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        zip.start_file(*name, options).expect("a file in a zip in memory");
        zip.write_all(bytes).expect("written to memory");
    }
    zip.finish().expect("finished in memory").into_inner()
}
