//! Keymaps: which key does what, per screen.
//!
//! `keymaps/default.toml` is embedded and always the base; another file overrides only the
//! actions it names. Lookup goes from the most specific scope to [`Scope::Global`]: a key
//! bound in a screen's section shadows the same key in `[global]`. The app looks up
//! `[Scope::Form or Scope::Dialog, screen]` with [`Keymap::action_in`]; Global comes last.
//! When a text field has focus, printable characters ([`KeyChord::is_text`]) are typed into
//! it and never looked up.

mod chord;
mod error;
mod load;

pub use chord::{KeyChord, KeyParseError, KeyProblem};
pub use error::KeymapError;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::i18n::Msg;

/// The keymaps shipped inside the binary, by the name `--keymap` accepts.
const SHIPPED: &[(&str, &str)] = &[
    ("default", include_str!("../../keymaps/default.toml")),
    ("no-fkeys", include_str!("../../keymaps/no-fkeys.toml")),
];

/// The text of a keymap shipped in the binary (`default`, `no-fkeys`).
pub fn shipped(name: &str) -> Option<&'static str> {
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The names of the shipped keymaps.
pub fn shipped_names() -> impl Iterator<Item = &'static str> {
    SHIPPED.iter().map(|(name, _)| *name)
}

macro_rules! scopes {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// A section of a keymap file: one screen, an overlay (form, dialog) or global.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Scope {
            $($variant),+
        }

        impl Scope {
            pub const ALL: &'static [Scope] = &[$(Scope::$variant),+];

            /// The section name in keymap files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Scope::$variant => $name),+
                }
            }
        }
    };
}

// A new screen is one line here plus its actions below.
scopes! {
    Global => "global",
    Form => "form",
    Dialog => "dialog",
    Login => "login",
    Home => "home",
    Search => "search",
    Customer => "customer",
    Help => "help",
    Queue => "queue",
    Kiosk => "kiosk",
    Cash => "cash",
    Payment => "payment",
    Receipt => "receipt",
    Care => "care",
    Install => "install",
    Transfer => "transfer",
    Reports => "reports",
}

impl Scope {
    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.iter().copied().find(|s| s.name() == name)
    }
}

macro_rules! actions {
    ($($variant:ident = $name:literal in [$($scope:ident),+] => $label:ident),+ $(,)?) => {
        /// Something a key can do. Declaration order is the order of help screens.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($variant),+
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];

            /// The stable name used in keymap files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name),+
                }
            }

            /// The sections the action belongs to. A global action may also be bound in
            /// any other section, to add or shadow keys there.
            pub fn scopes(self) -> &'static [Scope] {
                match self {
                    $(Action::$variant => &[$(Scope::$scope),+]),+
                }
            }

            /// The short label for footers and the help screen.
            pub fn label(self) -> Msg {
                match self {
                    $(Action::$variant => crate::i18n::$label),+
                }
            }
        }
    };
}

actions! {
    Help = "help" in [Global] => ACTION_HELP,
    GoHome = "go_home" in [Global] => ACTION_GO_HOME,
    GoQueue = "go_queue" in [Global] => ACTION_GO_QUEUE,
    GoSearch = "go_search" in [Global] => ACTION_GO_SEARCH,
    GoCash = "go_cash" in [Global] => ACTION_GO_CASH,
    GoInstall = "go_install" in [Global] => ACTION_GO_INSTALL,
    GoTransfer = "go_transfer" in [Global] => ACTION_GO_TRANSFER,
    GoCare = "go_care" in [Global] => ACTION_GO_CARE,
    GoReports = "go_reports" in [Global] => ACTION_GO_REPORTS,
    Back = "back" in [Global] => ACTION_BACK,
    Quit = "quit" in [Global] => ACTION_QUIT,
    Lock = "lock" in [Global] => ACTION_LOCK,
    NextField = "next_field" in [Form] => ACTION_NEXT_FIELD,
    PrevField = "prev_field" in [Form] => ACTION_PREV_FIELD,
    Submit = "submit" in [Form] => ACTION_SUBMIT,
    ClearField = "clear_field" in [Form] => ACTION_CLEAR_FIELD,
    Confirm = "confirm" in [Dialog] => ACTION_CONFIRM,
    Cancel = "cancel" in [Dialog] => ACTION_CANCEL,
    SelectNext = "select_next" in [Home, Search, Queue, Cash, Payment, Customer, Care, Install, Transfer, Reports] => ACTION_SELECT_NEXT,
    SelectPrev = "select_prev" in [Home, Search, Queue, Cash, Payment, Customer, Care, Install, Transfer, Reports] => ACTION_SELECT_PREV,
    Activate = "activate" in [Home] => ACTION_ACTIVATE,
    PageDown = "page_down" in [Search, Help, Reports] => ACTION_PAGE_DOWN,
    PageUp = "page_up" in [Search, Help, Reports] => ACTION_PAGE_UP,
    Open = "open" in [Search, Cash, Customer, Care, Install, Transfer, Reports] => ACTION_OPEN,
    Refresh = "refresh" in [Customer, Transfer] => ACTION_REFRESH,
    ScrollDown = "scroll_down" in [Help] => ACTION_SCROLL_DOWN,
    ScrollUp = "scroll_up" in [Help] => ACTION_SCROLL_UP,
    CallNext = "call_next" in [Queue] => ACTION_CALL_NEXT,
    Recall = "recall" in [Queue] => ACTION_RECALL,
    Arrived = "arrived" in [Queue] => ACTION_ARRIVED,
    NoShow = "no_show" in [Queue] => ACTION_NO_SHOW,
    Park = "park" in [Queue] => ACTION_PARK,
    Resume = "resume" in [Queue] => ACTION_RESUME,
    TransferTicket = "move_ticket" in [Queue] => ACTION_TRANSFER_TICKET,
    CallSpecific = "call_specific" in [Queue] => ACTION_CALL_SPECIFIC,
    Finish = "finish" in [Queue] => ACTION_FINISH,
    QuickServe = "quick_serve" in [Queue] => ACTION_QUICK_SERVE,
    OpenCounter = "open_counter" in [Queue] => ACTION_OPEN_COUNTER,
    PauseCounter = "pause_counter" in [Queue] => ACTION_PAUSE_COUNTER,
    CloseCounter = "close_counter" in [Queue] => ACTION_CLOSE_COUNTER,
    ManagerPanel = "manager_panel" in [Queue] => ACTION_MANAGER_PANEL,
    OpenCustomer = "ticket_customer" in [Queue] => ACTION_OPEN_CUSTOMER,
    InstallFromTicket = "ticket_install" in [Queue] => ACTION_TICKET_INSTALL,
    CloseDay = "close_day" in [Queue] => ACTION_CLOSE_DAY,
    Priority = "priority" in [Kiosk] => ACTION_PRIORITY,
    Pay = "pay" in [Customer] => ACTION_PAY,
    ReissueCard = "reissue_card" in [Customer] => ACTION_REISSUE_CARD,
    EnterReading = "enter_reading" in [Customer] => ACTION_ENTER_READING,
    TransferStart = "transfer_start" in [Customer] => ACTION_TRANSFER_START,
    TransferCase = "transfer_case" in [Transfer] => ACTION_TRANSFER_CASE,
    TransferAgent = "transfer_agent" in [Transfer] => ACTION_TRANSFER_AGENT,
    TransferRefund = "transfer_refund" in [Transfer] => ACTION_TRANSFER_REFUND,
    TransferCommit = "transfer_commit" in [Transfer] => ACTION_TRANSFER_COMMIT,
    TransferBack = "transfer_back" in [Transfer] => ACTION_TRANSFER_BACK,
    TransferCancel = "transfer_cancel" in [Transfer] => ACTION_TRANSFER_CANCEL,
    CareFilter = "care_filter" in [Care] => ACTION_CARE_FILTER,
    CareVisit = "care_visit" in [Care] => ACTION_CARE_VISIT,
    CareResolve = "care_resolve" in [Care] => ACTION_CARE_RESOLVE,
    CareWithdraw = "care_withdraw" in [Care] => ACTION_CARE_WITHDRAW,
    CareNew = "care_new" in [Care] => ACTION_CARE_NEW,
    CareReview = "care_review" in [Care] => ACTION_CARE_REVIEW,
    InstallNew = "install_new" in [Install] => ACTION_INSTALL_NEW,
    InstallFilter = "install_filter" in [Install] => ACTION_INSTALL_FILTER,
    InstallFilterPrev = "install_filter_prev" in [Install] => ACTION_INSTALL_FILTER_PREV,
    InstallLookup = "install_lookup" in [Install] => ACTION_INSTALL_LOOKUP,
    InstallDocument = "install_document" in [Install] => ACTION_INSTALL_DOCUMENT,
    InstallNotice = "install_notice" in [Install] => ACTION_INSTALL_NOTICE,
    InstallPrint = "install_print" in [Install] => ACTION_INSTALL_PRINT,
    InstallCorrect = "install_correct" in [Install] => ACTION_INSTALL_CORRECT,
    OpenShift = "open_shift" in [Cash] => ACTION_OPEN_SHIFT,
    BalanceShift = "balance_shift" in [Cash] => ACTION_BALANCE_SHIFT,
    CloseShift = "close_shift" in [Cash] => ACTION_CLOSE_SHIFT,
    ReopenShift = "reopen_shift" in [Cash] => ACTION_REOPEN_SHIFT,
    Reprint = "reprint" in [Cash, Receipt] => ACTION_REPRINT,
    VoidReceipt = "void_receipt" in [Cash, Receipt, Customer] => ACTION_VOID_RECEIPT,
    WriteCard = "write_card" in [Cash, Receipt] => ACTION_WRITE_CARD,
    SimulateCardFailure = "simulate_card_failure" in [Cash, Receipt] => ACTION_SIMULATE_CARD_FAILURE,
    ToggleItem = "toggle_item" in [Payment] => ACTION_TOGGLE_ITEM,
    SelectAll = "select_all" in [Payment] => ACTION_SELECT_ALL,
    ReportPrev = "report_prev" in [Reports] => ACTION_REPORT_PREV,
    ReportNext = "report_next" in [Reports] => ACTION_REPORT_NEXT,
    ReportView = "report_view" in [Reports] => ACTION_REPORT_VIEW,
    ReportOffice = "report_office" in [Reports] => ACTION_REPORT_OFFICE,
    ReportPrint = "report_print" in [Reports] => ACTION_REPORT_PRINT,
    ScrollRight = "scroll_right" in [Reports] => ACTION_SCROLL_RIGHT,
    ScrollLeft = "scroll_left" in [Reports] => ACTION_SCROLL_LEFT,
}

impl Action {
    /// The action a keymap file names; names an earlier release used are still read.
    pub fn from_name(name: &str) -> Option<Action> {
        let name = match name {
            // Moving a ticket to another service or counter was called a transfer, the
            // word for an ownership transfer (过户, F6).
            "transfer_ticket" => "move_ticket",
            other => other,
        };
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// Whether the action may be bound in `scope`'s section.
    pub fn is_valid_in(self, scope: Scope) -> bool {
        let home = self.scopes();
        home.contains(&scope) || home.contains(&Scope::Global)
    }

    /// The actions that may be bound in `scope`'s section, in declaration order.
    pub fn valid_in(scope: Scope) -> impl Iterator<Item = Action> {
        Action::ALL
            .iter()
            .copied()
            .filter(move |a| a.is_valid_in(scope))
    }
}

/// The live keymap: the defaults with at most one override file merged over them.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    bindings: BTreeMap<(Scope, Action), Vec<KeyChord>>,
    index: HashMap<(Scope, KeyChord), Action>,
}

impl Keymap {
    /// The shipped default keymap.
    pub fn builtin() -> Keymap {
        let text = shipped("default").expect("the default keymap is shipped");
        Keymap::default()
            .merged(text, "keymaps/default.toml")
            .map(|(keymap, _)| keymap)
            .expect("the shipped default keymap is valid (tested)")
    }

    /// The defaults with the file's actions replaced.
    pub fn with_override_file(path: &Path) -> Result<Keymap, KeymapError> {
        load::merge_file(path).map(|(keymap, _)| keymap)
    }

    /// The defaults with the actions in `text` replaced; `source` names it in errors.
    pub fn with_override_str(text: &str, source: &str) -> Result<Keymap, KeymapError> {
        Keymap::builtin()
            .merged(text, source)
            .map(|(keymap, _)| keymap)
    }

    /// The keymap for `--keymap NAME` (or none) and the config directory.
    ///
    /// No name: the defaults, with `<config_dir>/keymap.toml` merged over them if it
    /// exists. A name: a path to an existing file, else `<config_dir>/keymaps/NAME.toml`,
    /// else a keymap shipped in the binary (`default` means the defaults alone).
    pub fn resolve(name: Option<&str>, config_dir: Option<&Path>) -> Result<Keymap, KeymapError> {
        load::resolve(name, config_dir)
    }

    /// The action `chord` triggers in `scope`, falling back to [`Scope::Global`].
    pub fn action(&self, scope: Scope, chord: &KeyChord) -> Option<Action> {
        self.action_in(&[scope], chord)
    }

    /// The first hit for `chord` in `scopes`, in order, then in [`Scope::Global`].
    pub fn action_in(&self, scopes: &[Scope], chord: &KeyChord) -> Option<Action> {
        let global = (!scopes.contains(&Scope::Global)).then_some(&Scope::Global);
        scopes
            .iter()
            .chain(global)
            .find_map(|scope| self.index.get(&(*scope, *chord)).copied())
    }

    /// The keys bound to `action` in `scope`'s own section (not Global's), in file order.
    /// The first is the one a footer shows.
    pub fn keys(&self, scope: Scope, action: Action) -> &[KeyChord] {
        self.bindings
            .get(&(scope, action))
            .map_or(&[], Vec::as_slice)
    }

    /// The name of the first key bound to `action` in `scope`, for a hint in a sentence
    /// ("press F4 to …"); empty when none is.
    pub fn key_label(&self, scope: Scope, action: Action) -> String {
        self.keys(scope, action)
            .first()
            .map(|k| k.to_string())
            .unwrap_or_default()
    }

    /// The keys that reach `action` when looking up in `scopes` then Global, in lookup
    /// order, leaving out keys shadowed by another action.
    pub fn keys_in(&self, scopes: &[Scope], action: Action) -> Vec<KeyChord> {
        let global = (!scopes.contains(&Scope::Global)).then_some(&Scope::Global);
        let mut keys: Vec<KeyChord> = Vec::new();
        for scope in scopes.iter().chain(global) {
            for key in self.keys(*scope, action) {
                if !keys.contains(key) && self.action_in(scopes, key) == Some(action) {
                    keys.push(*key);
                }
            }
        }
        keys
    }

    /// The bound actions of `scope`'s own section with their keys, in declaration order.
    pub fn bindings(&self, scope: Scope) -> Vec<(Action, Vec<KeyChord>)> {
        self.bindings
            .iter()
            .filter(|((s, _), keys)| *s == scope && !keys.is_empty())
            .map(|((_, action), keys)| (*action, keys.clone()))
            .collect()
    }
}

/// Validates a keymap file as `gasdesk keymap check` does: merged over the defaults.
/// Returns how many actions the file sets (unbinding counts).
pub fn check_file(path: &Path) -> Result<usize, KeymapError> {
    load::merge_file(path).map(|(_, count)| count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn snake_case(name: &str) -> bool {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    }

    #[test]
    fn names_are_unique_snake_case() {
        let actions: HashSet<_> = Action::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(actions.len(), Action::ALL.len());
        assert!(actions.iter().all(|n| snake_case(n)));
        let scopes: HashSet<_> = Scope::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(scopes.len(), Scope::ALL.len());
        assert!(scopes.iter().all(|n| snake_case(n)));
    }

    #[test]
    fn global_actions_are_global_only() {
        for &action in Action::ALL {
            let scopes = action.scopes();
            assert!(!scopes.contains(&Scope::Global) || scopes.len() == 1);
        }
    }

    #[test]
    fn the_old_name_of_moving_a_ticket_is_still_read() {
        assert_eq!(Action::TransferTicket.name(), "move_ticket");
        let km = Keymap::with_override_str("[queue]\ntransfer_ticket = [\"T\"]\n", "old.toml")
            .expect("the old name loads");
        assert_eq!(km.key_label(Scope::Queue, Action::TransferTicket), "T");
    }

    #[test]
    fn labels_are_short_enough_for_a_footer() {
        for &action in Action::ALL {
            let label = action.label();
            assert!(label.zh.chars().count() <= 4, "{}", label.zh);
            assert!(label.en.len() <= 12, "{}", label.en);
        }
    }
}
