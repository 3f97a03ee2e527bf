//! PDFs written in code for the PDF tests (and `benches/pdf.rs`).

pub mod pdf_writer;
