//! Widgets shared by every screen: one form, one table, one dialog, the chrome
//! (status bar, message line, footer) and the too-small notice.

pub mod big_text;
pub mod chrome;
pub mod dialog;
pub mod form;
pub mod form_box;
pub mod table;
pub mod text_input;
