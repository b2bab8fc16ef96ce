//! A dataset's rows written back out as CSV (the table's "Export rows as CSV"): every source
//! column under its source name, after the date and position Faultline read.

use super::day;
use super::table::EventTable;

#[derive(Debug, thiserror::Error)]
pub enum CsvOutError {
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("could not write CSV: {0}")]
    Io(#[from] std::io::Error),
}

/// The rows (in this order) as CSV bytes: `date_start, date_end, longitude, latitude`, then the
/// source's columns, then `source_line`.
pub fn rows_csv(table: &EventTable, rows: &[u32]) -> Result<Vec<u8>, CsvOutError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["date_start", "date_end", "longitude", "latitude"];
    header.extend(table.fields.iter().map(|f| f.name.as_str()));
    header.push("source_line");
    writer.write_record(&header)?;
    for &row in rows {
        let row = row as usize;
        if row >= table.len() {
            continue;
        }
        let mut record = vec![
            day::format(table.day_start[row]),
            day::format(table.day_end[row]),
            table.lon[row].to_string(),
            table.lat[row].to_string(),
        ];
        record.extend(table.fields.iter().map(|f| f.column.text(row).into_owned()));
        record.push(table.line[row].to_string());
        writer.write_record(&record)?;
    }
    writer
        .into_inner()
        .map_err(|e| CsvOutError::Io(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::table::{Field, Role, TextBuilder};

    #[test]
    fn rows_come_out_in_order_with_quoted_notes() {
        let mut notes = TextBuilder::default();
        notes.push("plain");
        notes.push("with, a comma\nand a \"quote\"");
        let table = EventTable {
            lon: vec![69.1, 70.2],
            lat: vec![34.5, 34.4],
            day_start: vec![0, 1],
            day_end: vec![0, 1],
            line: vec![2, 5],
            fields: vec![Field {
                name: "notes".into(),
                role: Some(Role::Notes),
                column: notes.finish(),
            }],
        };
        let bytes = rows_csv(&table, &[1, 0]).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            vec![
                "date_start",
                "date_end",
                "longitude",
                "latitude",
                "notes",
                "source_line"
            ]
        );
        assert_eq!(&records[0][4], "with, a comma\nand a \"quote\"");
        assert_eq!(&records[0][0], "1970-01-02");
        assert_eq!(&records[1][5], "2");
    }
}
