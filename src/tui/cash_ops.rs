//! The app's side of the cash-desk screens: running their commands against the store.

use super::app::App;
use super::screens::cash_command::CashCommand;

impl App {
    pub(crate) fn execute_cash(&mut self, command: CashCommand) {
        let _ = command;
    }
}
