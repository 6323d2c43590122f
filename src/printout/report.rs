//! A report as printed: the text form of its tables for the office printer (full width,
//! not the counter's 58 mm roll), with the demo banner at top and bottom on demo data.
//! Every string is sanitised by the text renderer.

use crate::i18n::{self, Lang};
use crate::report::render;
use crate::report::table::Table;

pub fn lines(title: &str, tables: &[Table], demo: bool, lang: Lang) -> Vec<String> {
    let banner = demo.then(|| i18n::RPT_DEMO_BANNER.get(lang).to_string());
    let mut out: Vec<String> = banner.iter().cloned().collect();
    out.extend(render::text(title, tables).lines().map(str::to_string));
    out.extend(banner);
    out
}
