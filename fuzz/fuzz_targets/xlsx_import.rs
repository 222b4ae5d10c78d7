//! Fuzzes reading an untrusted workbook as `oko import` does: any bytes must give sheets or an
//! error, never a panic or an allocation beyond the limits; every row is then tried as a header
//! of both export layouts and of the official list, and every cell as a task cell.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oko::import::protocol::{id_and_name, task, Columns, TaskCell};
use oko::import::workbook::{read_bytes, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits { unpacked_bytes: 64 << 20, cells: 1_000_000, ..Limits::default() };
    let Ok(sheets) = read_bytes(data, "fuzz.xlsx", &limits) else { return };
    for sheet in &sheets {
        for row in &sheet.rows {
            let _ = Columns::recognise(row);
            for cell in row {
                let _ = task(cell);
                let _ = id_and_name(cell);
                let _ = TaskCell::parse(cell).canonical();
            }
        }
    }
});
