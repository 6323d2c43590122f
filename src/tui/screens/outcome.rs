//! The app's side of the seam, typed: a screen asks with a [`Command`](super::Command) and
//! is answered with an [`Outcome`]. The app runs the command and offers the outcome to
//! the screens, top of the stack first; a screen takes what concerns it and applies it to
//! its own state. The app never reaches into a screen's fields, so a new screen adds its
//! outcomes here and its handling beside its state, not in the app.

use crate::db::account::AccountSummary;
use crate::db::account::SearchKind;
use crate::db::cash::{AccountMoney, CardWriteRow, PaymentKey, ReceiptView};
use crate::db::queue::{CounterView, ManagerPanel};
use crate::domain::tariff::Priced;
use crate::tui::drafts::FormDraft;

use super::Screen;
use super::cash::DeskView;

/// What running a command (or re-reading the store) came to, for the screens.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Search results, best first.
    Found {
        rows: Vec<AccountSummary>,
        kinds: Vec<SearchKind>,
        /// Per row, whether a person on the care register uses the account.
        care: Vec<bool>,
    },
    /// The counter view (and the office panel when the screen shows it) read again.
    QueueLoaded(Box<QueueLoad>),
    /// The queue step was done: the counter view closes its form.
    QueueDone,
    /// The manager panel is shown or hidden.
    PanelToggled,
    /// The payment form was opened for the customer at the counter: its open bills are
    /// ticked (unless a resumed draft already ticked some).
    OpenBillsChosen,
    /// The cash desk read again.
    DeskLoaded(Box<DeskView>),
    /// The desk's step was done: its form closes.
    DeskDone,
    /// A top-up's price, or why it cannot be priced.
    Quote(Result<Priced, String>),
    /// The payment form's customer's money read again (after another counter paid a bill).
    MoneyReread(Box<AccountMoney>),
    /// The payment form's draft as it was saved beside the database.
    DraftSaved(FormDraft),
    /// A card write went (or failed again): every receipt screen of the purchase shows it.
    CardWrite {
        receipt_id: i64,
        row: Option<CardWriteRow>,
        error: Option<String>,
    },
    /// A receipt changed (reprinted, voided): every screen showing it is updated.
    ReceiptChanged(Box<ReceiptView>),
    /// The care register read again, or why it may not be shown.
    CareListed(Result<Vec<crate::db::care::CareListRow>, String>),
    /// A care file, as read (and audited).
    CareFileOpened(Box<crate::db::care::CareFile>),
    /// The care step was done: its form closes.
    CareDone,
    /// The applications of F5, or why they may not be shown.
    InstallListed(Result<Vec<crate::db::install::ListRow>, String>),
    /// An application, as read.
    InstallOpened(Box<crate::db::install::AppView>),
    /// The install step was done: its form closes (to the notice after an intake).
    InstallDone { notice: bool },
    /// Something already exists at the address or for the ID of a new application.
    InstallDuplicate(String),
    /// The office's pending transfers, or why they may not be shown.
    TransferWorklist(Result<Vec<crate::db::transfer::PendingTransfer>, String>),
    /// An account's transfer checklist read (again).
    TransferChecklist(Box<super::transfer::ChecklistLoad>),
    /// The new holder's other accounts.
    TransferHolderAccounts(Vec<AccountSummary>),
    /// The transfer's form step was done (a refund): the form closes.
    TransferStepDone,
    /// A transfer committed: its slip.
    TransferCommitted(Box<crate::db::transfer::TransferSlip>),
    /// A day-end read (F8), or why it may not be shown.
    ReportDay(Box<Result<crate::report::DayReport, String>>),
    /// A period report read (F8), or why it may not be shown.
    ReportPeriod(Box<Result<crate::report::PeriodReport, String>>),
    /// The core refused: shown under `field` of the form it concerns (the screen's open
    /// form), or on the message line when no screen has a form to show it in.
    Refused {
        form: FormOf,
        field: Option<usize>,
        message: String,
    },
}

/// The counter view as the store has it now.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueLoad {
    pub view: Option<CounterView>,
    pub panel: Option<ManagerPanel>,
    /// The office's counters, when the staff member has none to work at.
    pub counters: Vec<crate::db::office::Counter>,
    /// The care register's marker for the ticket being served, if its customer is on it.
    pub care: Option<crate::db::care::CareMarker>,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Which kind of form a refusal belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOf {
    Login,
    Queue,
    Desk,
    Payment,
    Void,
    Reading,
    Care,
    ReplaceCard,
    Install,
    Transfer,
}

/// What a screen shows from the store, so the app knows what to read again when another
/// process commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    /// The counter view; with the office panel when `panel`.
    Queue { panel: bool },
    /// The cash desk; `form_open` while the clerk reads totals in one of its forms (the
    /// desk is not re-read under it for others' commits).
    Desk { form_open: bool },
}

impl Outcome {
    /// Outcomes every screen it concerns takes; the others stop at the first taker.
    pub fn is_broadcast(&self) -> bool {
        matches!(self, Outcome::CardWrite { .. } | Outcome::ReceiptChanged(_))
    }
}

impl Screen {
    /// Applies `outcome` if it concerns this screen; whether it did.
    pub fn take(&mut self, outcome: &Outcome) -> bool {
        match (self, outcome) {
            (Screen::Search(s), Outcome::Found { rows, kinds, care }) => {
                s.set_results(rows.clone(), kinds.clone());
                s.set_care(care.clone());
                true
            }
            (Screen::Queue(s), Outcome::QueueLoaded(load)) => {
                s.loaded(load.as_ref().clone());
                true
            }
            (Screen::Queue(s), Outcome::QueueDone) => {
                s.done();
                true
            }
            (Screen::Queue(s), Outcome::PanelToggled) => {
                s.show_panel = !s.show_panel;
                true
            }
            (Screen::Cash(s), Outcome::DeskLoaded(desk)) => {
                s.set_desk(desk.as_ref().clone());
                true
            }
            (Screen::Report(s), Outcome::ReportDay(r)) => {
                s.set_day(r.as_ref().clone());
                true
            }
            (Screen::Report(s), Outcome::ReportPeriod(r)) => {
                s.set_period(r.as_ref().clone());
                true
            }
            (Screen::Care(s), Outcome::CareListed(rows)) => {
                s.set_rows(rows.clone());
                true
            }
            (Screen::Care(s), Outcome::CareFileOpened(file)) => {
                s.set_file(file.as_ref().clone());
                true
            }
            (Screen::Care(s), Outcome::CareDone) => {
                s.done();
                true
            }
            (Screen::Install(s), Outcome::InstallListed(rows)) => {
                s.set_rows(rows.clone());
                true
            }
            (Screen::Install(s), Outcome::InstallOpened(view)) => {
                s.set_view(view.as_ref().clone());
                true
            }
            (Screen::Install(s), Outcome::InstallDone { notice }) => {
                s.done(*notice);
                true
            }
            (Screen::Install(s), Outcome::InstallDuplicate(text)) => s.warn_duplicate(text.clone()),
            (Screen::Transfer(s), Outcome::TransferWorklist(rows)) => {
                s.set_worklist(rows.clone());
                true
            }
            (Screen::Transfer(s), Outcome::TransferChecklist(load)) => {
                s.set_checklist(load.as_ref().clone());
                true
            }
            (Screen::Transfer(s), Outcome::TransferHolderAccounts(rows)) => {
                s.set_holder_accounts(rows.clone());
                true
            }
            (Screen::Transfer(s), Outcome::TransferStepDone) => {
                s.done();
                true
            }
            (Screen::Transfer(s), Outcome::TransferCommitted(slip)) => {
                s.set_slip(slip.as_ref().clone());
                true
            }
            (Screen::Cash(s), Outcome::DeskDone) => {
                s.done();
                true
            }
            (Screen::Payment(s), Outcome::Quote(quote)) => {
                s.set_quote(quote.clone());
                true
            }
            (Screen::Payment(s), Outcome::OpenBillsChosen) => {
                if !s.chosen.iter().any(|c| *c) {
                    s.chosen.iter_mut().for_each(|c| *c = true);
                    s.chosen_at_open = s.chosen.clone();
                }
                true
            }
            (Screen::Payment(s), Outcome::MoneyReread(money)) => {
                s.set_money(money.as_ref().clone());
                true
            }
            (Screen::Payment(s), Outcome::DraftSaved(draft)) => {
                s.saved_draft = Some(draft.clone());
                true
            }
            (
                Screen::Receipt(s),
                Outcome::CardWrite {
                    receipt_id,
                    row,
                    error,
                },
            ) if s.receipt_id() == *receipt_id => {
                if let Some(row) = row {
                    s.set_card_write(row.clone());
                }
                if let Some(message) = error {
                    s.set_card_error(message.clone());
                }
                true
            }
            (Screen::Receipt(s), Outcome::ReceiptChanged(view)) if s.receipt_id() == view.id => {
                s.set_receipt(view.as_ref().clone());
                true
            }
            (
                screen,
                Outcome::Refused {
                    form,
                    field,
                    message,
                },
            ) => screen.refused(*form, *field, message),
            _ => false,
        }
    }

    fn refused(&mut self, form: FormOf, field: Option<usize>, message: &str) -> bool {
        let message = message.to_string();
        match (self, form) {
            (Screen::Login(s), FormOf::Login) => {
                s.fail(message);
                true
            }
            (Screen::Queue(s), FormOf::Queue) => s.fail_at(field.unwrap_or(0), message),
            (Screen::Cash(s), FormOf::Desk) => s.fail_at(field, message),
            (Screen::Payment(s), FormOf::Payment) => {
                s.failed(message);
                true
            }
            (Screen::Void(s), FormOf::Void) => {
                s.fail(field.unwrap_or(0), message);
                true
            }
            (Screen::Care(s), FormOf::Care) => s.fail_at(field, message),
            (Screen::Install(s), FormOf::Install) => s.fail_at(field, message),
            (Screen::Reading(s), FormOf::Reading) => {
                s.fail(field.unwrap_or(0), message);
                true
            }
            (Screen::Transfer(s), FormOf::Transfer) => s.fail_at(field, message),
            (Screen::ReplaceCard(s), FormOf::ReplaceCard) => {
                s.failed(message);
                true
            }
            _ => false,
        }
    }

    /// What this screen shows from the store ([`Shows`]), if anything the app re-reads.
    pub fn shows(&self) -> Option<Shows> {
        match self {
            Screen::Queue(s) => Some(Shows::Queue {
                panel: s.show_panel,
            }),
            Screen::Cash(s) => Some(Shows::Desk {
                form_open: s.has_form(),
            }),
            _ => None,
        }
    }

    /// The account this screen is about (a customer view, or a form opened from one).
    pub fn account_id(&self) -> Option<i64> {
        match self {
            Screen::Customer(c) => Some(c.detail.summary.id),
            Screen::Reading(r) => Some(r.account_id()),
            Screen::ReplaceCard(r) => Some(r.account_id()),
            Screen::Payment(p) => Some(p.account.summary.id),
            _ => None,
        }
    }

    /// The payment form's draft when it differs from the one last saved: the account, the
    /// payment's key and the form as typed.
    pub fn unsaved_draft(&self) -> Option<(i64, PaymentKey, FormDraft)> {
        let Screen::Payment(form) = self else {
            return None;
        };
        let draft = form.draft();
        (form.saved_draft.as_ref() != Some(&draft))
            .then(|| (form.account.summary.id, form.key().clone(), draft))
    }

    /// The reading form for the meter of the customer this screen shows, if it is the
    /// customer view of `account_id`; or why that meter takes no reading at the counter.
    pub fn reading_form(
        &self,
        account_id: i64,
        today: chrono::NaiveDate,
    ) -> Option<Result<super::reading::ReadingScreen, crate::i18n::Msg>> {
        match self {
            Screen::Customer(c) if c.detail.summary.id == account_id => {
                Some(super::reading::ReadingScreen::open(c, today))
            }
            _ => None,
        }
    }

    /// The card replacement form for the customer this screen shows, if it is the customer
    /// view of `account_id`; or why that customer has no card to replace.
    /// The form comes with no fee: the app sets the one the store answers.
    pub fn card_replacement_form(
        &self,
        account_id: i64,
    ) -> Option<Result<super::replace_card::ReplaceCardScreen, crate::i18n::Msg>> {
        match self {
            Screen::Customer(c) if c.detail.summary.id == account_id => Some(
                super::replace_card::ReplaceCardScreen::open(c, crate::domain::money::Fen::ZERO),
            ),
            _ => None,
        }
    }

    /// The account of the ticket this screen serves at the counter, if any.
    pub fn serving_account(&self) -> Option<i64> {
        match self {
            Screen::Queue(q) => q.serving_account(),
            _ => None,
        }
    }

    /// The payment's key of an open payment form.
    pub fn payment_key(&self) -> Option<PaymentKey> {
        match self {
            Screen::Payment(form) => Some(form.key().clone()),
            _ => None,
        }
    }

    /// A receipt screen, once seen, settles the draft of its payment (once).
    pub fn take_settled_draft(&mut self) -> Option<PaymentKey> {
        match self {
            Screen::Receipt(r) => r.settles_draft.take(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::cash::{CashScreen, Step};
    use crate::tui::screens::queue::QueueScreen;
    use crate::tui::screens::search::Search;
    use crate::tui::widgets::form::{Field, Form};

    fn refused(form: FormOf) -> Outcome {
        Outcome::Refused {
            form,
            field: Some(0),
            message: "no".into(),
        }
    }

    #[test]
    fn each_screen_takes_only_its_own_outcomes() {
        let found = Outcome::Found {
            rows: Vec::new(),
            kinds: Vec::new(),
            care: Vec::new(),
        };
        let mut search = Screen::Search(Search::default());
        let mut desk = Screen::Cash(Box::new(CashScreen::new(false, false)));
        assert!(search.take(&found));
        assert!(!desk.take(&found));
        assert!(!search.take(&Outcome::DeskDone));
        assert!(desk.take(&Outcome::DeskDone));
    }

    #[test]
    fn a_refusal_is_taken_only_by_an_open_form_of_its_kind() {
        let mut desk = CashScreen::new(false, false);
        let mut screen = Screen::Cash(Box::new(desk.clone()));
        assert!(!screen.take(&refused(FormOf::Desk)), "no form open");
        desk.step = Step::OpenShift(Form::new(vec![Field::text(
            crate::i18n::CD_LABEL_FLOAT,
            14,
        )]));
        let mut screen = Screen::Cash(Box::new(desk));
        assert!(!screen.take(&refused(FormOf::Void)), "another kind of form");
        assert!(screen.take(&refused(FormOf::Desk)));
        let Screen::Cash(desk) = &screen else {
            unreachable!()
        };
        assert!(desk.has_form(), "the form stays open with the refusal");
    }

    #[test]
    fn the_queue_screen_applies_loads_and_toggles_and_reports_what_it_shows() {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let mut screen = Screen::Queue(Box::new(QueueScreen::new(now)));
        assert_eq!(screen.shows(), Some(Shows::Queue { panel: false }));
        assert!(screen.take(&Outcome::PanelToggled));
        assert_eq!(screen.shows(), Some(Shows::Queue { panel: true }));
        let later = now + chrono::Duration::minutes(5);
        let load = QueueLoad {
            view: None,
            panel: None,
            counters: Vec::new(),
            care: None,
            now: later,
        };
        assert!(screen.take(&Outcome::QueueLoaded(Box::new(load))));
        let Screen::Queue(queue) = &screen else {
            unreachable!()
        };
        assert_eq!(queue.now, later);
        assert_eq!(Screen::Search(Search::default()).shows(), None);
    }
}
