//! A revised table of TelCo, however broken, is reviewed and applied without a panic, and the
//! update undoes exactly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use regime_lens::core::builtin::telco;
use regime_lens::core::open::import_file;
use regime_lens::core::project::edit::{Edit, Op};
use regime_lens::core::project::update::preview_update;
use regime_lens::core::project::Project;

fuzz_target!(|data: &[u8]| {
    let Ok(imported) = import_file("revised.csv", data) else { return };
    let mut p = Project::new("p", "TelCo", telco());
    let start = p.clone();
    let _ = preview_update(&p, &imported.case, true, imported.columns.as_deref());
    let op = Op::UpdateCase { case: Box::new(imported.case), from_table: true, columns: imported.columns };
    if p.apply(Edit::new(op, "fuzz", "t")).is_ok() {
        p.undo().expect("undo");
        assert_eq!(*p.case, *start.case);
        assert_eq!(p.coding, start.coding);
    }
});
