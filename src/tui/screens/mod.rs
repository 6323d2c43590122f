//! Screens: each is plain state + `on_key` + `render`, testable with no terminal and no
//! database. A screen never touches the store; it returns a [`Command`] for the app.

pub mod care;
pub mod cash;
pub mod cash_command;
pub mod customer;
pub mod help;
pub mod home;
pub mod install;
pub mod login;
pub mod outcome;
pub mod payment;
pub mod queue;
pub mod reading;
pub mod receipt;
pub mod replace_card;
pub mod report;
pub mod search;
pub mod transfer;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::i18n::Lang;
use crate::keymap::{Action, Keymap, Scope};

/// What a screen asks the app to do with the store or the navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Login {
        staff_no: String,
        pin: String,
    },
    Search {
        query: String,
    },
    OpenAccount {
        id: i64,
    },
    RefreshAccount {
        id: i64,
    },
    /// Run a global action as if its key had been pressed (menu entries).
    Global(Action),
    Queue(queue::QueueCommand),
    Cash(cash_command::CashCommand),
    Care(care::CareCommand),
    Install(install::InstallCommand),
    Transfer(transfer::TransferCommand),
    Report(report::ReportCommand),
}

/// A screen's answer to a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Handled; nothing for the app to do.
    Done,
    /// Handled, and the app must run this.
    Run(Command),
    /// Refused input (a forbidden character, a full field): the app shows why.
    Refused,
    /// Not this screen's key: the app tries the global keymap.
    Pass,
    /// The app shows this note on the message line, then handles the reply.
    Note(crate::i18n::Msg, Box<Reply>),
    /// Refused before anything is asked or sent, for this reason (already in the
    /// screen's language): the app shows it as an error.
    Refuse(String),
}

impl Reply {
    /// What a paste into a form (or none open) comes to: refused, so the terminal beeps,
    /// or taken, with a note if only its first line was.
    pub fn pasted(event: Option<crate::tui::widgets::form::FormEvent>, text: &str) -> Reply {
        match event {
            Some(crate::tui::widgets::form::FormEvent::Refused) => Reply::Refused,
            Some(crate::tui::widgets::form::FormEvent::Changed) => {
                Reply::Done.noting_dropped_lines(text)
            }
            _ => Reply::Done,
        }
    }

    /// This reply to a paste that changed a one-line field, with the note that the field
    /// kept the first line if `text` had more.
    pub fn noting_dropped_lines(self, text: &str) -> Reply {
        if crate::tui::widgets::text_input::first_line(text).1 {
            Reply::Note(crate::i18n::PASTE_FIRST_LINE_KEPT, Box::new(self))
        } else {
            self
        }
    }
}

/// Read-only context a screen needs to interpret keys and draw.
pub struct Ctx<'a> {
    pub keymap: &'a Keymap,
    pub lang: Lang,
    pub rules: &'a crate::domain::queue::QueueRules,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Login(login::Login),
    Home(home::Home),
    Search(search::Search),
    Customer(Box<customer::Customer>),
    Help(help::Help),
    Queue(Box<queue::QueueScreen>),
    Cash(Box<cash::CashScreen>),
    Void(Box<cash::void::VoidScreen>),
    Payment(Box<payment::PaymentScreen>),
    Receipt(Box<receipt::ReceiptScreen>),
    /// The reading form, over the customer view it was opened from.
    Reading(Box<reading::ReadingScreen>),
    /// The care register (F7).
    Care(Box<care::CareScreen>),
    /// The card replacement form (补卡), over the customer view it was opened from.
    ReplaceCard(Box<replace_card::ReplaceCardScreen>),
    /// New installs (F5).
    Install(Box<install::InstallScreen>),
    /// Ownership transfer (F6): the worklist, a checklist, the slip.
    Transfer(Box<transfer::TransferScreen>),
    /// Reports (F8): the day-end and the period report.
    Report(Box<report::ReportScreen>),
}

impl Screen {
    pub fn scope(&self) -> Scope {
        match self {
            Screen::Login(_) => Scope::Login,
            Screen::Home(_) => Scope::Home,
            Screen::Search(_) => Scope::Search,
            Screen::Customer(_) | Screen::Reading(_) | Screen::ReplaceCard(_) => Scope::Customer,
            Screen::Help(_) => Scope::Help,
            Screen::Queue(_) => Scope::Queue,
            Screen::Cash(_) | Screen::Void(_) => Scope::Cash,
            Screen::Payment(_) => Scope::Payment,
            Screen::Receipt(_) => Scope::Receipt,
            Screen::Care(_) => Scope::Care,
            Screen::Install(_) => Scope::Install,
            Screen::Transfer(_) => Scope::Transfer,
            Screen::Report(_) => Scope::Reports,
        }
    }

    /// The keymap sections to look keys up in, most specific first (Global comes last).
    pub fn scopes(&self) -> Vec<Scope> {
        match self {
            Screen::Login(_) => vec![Scope::Form, Scope::Login],
            Screen::Queue(q) if q.has_form() => vec![Scope::Form, Scope::Queue],
            Screen::Queue(q) if q.asks() => vec![Scope::Dialog, Scope::Queue],
            Screen::Cash(c) if c.has_form() => vec![Scope::Form, Scope::Cash],
            // The void form is all text fields: only the form's and global keys act.
            Screen::Void(_) => vec![Scope::Form],
            Screen::Reading(_) => vec![Scope::Form],
            Screen::ReplaceCard(_) => vec![Scope::Form],
            Screen::Payment(p) if p.has_text_focus() => vec![Scope::Form, Scope::Payment],
            Screen::Payment(_) => vec![Scope::Payment],
            Screen::Care(c) => c.scopes(),
            Screen::Install(s) => s.scopes(),
            Screen::Transfer(t) => t.scopes(),
            other => vec![other.scope()],
        }
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        match self {
            Screen::Login(s) => s.on_key(ctx, key),
            Screen::Home(s) => s.on_key(ctx, key),
            Screen::Search(s) => s.on_key(ctx, key),
            Screen::Customer(s) => s.on_key(ctx, key),
            Screen::Help(s) => s.on_key(ctx, key),
            Screen::Queue(s) => s.on_key(ctx, key),
            Screen::Cash(s) => s.on_key(ctx, key),
            Screen::Void(s) => s.on_key(ctx, key),
            Screen::Payment(s) => s.on_key(ctx, key),
            Screen::Receipt(s) => s.on_key(ctx, key),
            Screen::Reading(s) => s.on_key(ctx, key),
            Screen::Care(s) => s.on_key(ctx, key),
            Screen::ReplaceCard(s) => s.on_key(ctx, key),
            Screen::Install(s) => s.on_key(ctx, key),
            Screen::Transfer(s) => s.on_key(ctx, key),
            Screen::Report(s) => s.on_key(ctx, key),
        }
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        match self {
            Screen::Login(s) => s.on_paste(text),
            Screen::Search(s) => s.on_paste(text),
            Screen::Queue(s) => s.on_paste(text),
            Screen::Cash(s) => s.on_paste(text),
            Screen::Void(s) => s.on_paste(text),
            Screen::Payment(s) => s.on_paste(text),
            Screen::Reading(s) => s.on_paste(text),
            Screen::Care(s) => s.on_paste(text),
            Screen::ReplaceCard(s) => s.on_paste(text),
            Screen::Install(s) => s.on_paste(text),
            Screen::Transfer(s) => s.on_paste(text),
            _ => Reply::Done,
        }
    }

    /// Whether leaving would lose typed input (quitting asks first).
    pub fn is_dirty(&self) -> bool {
        match self {
            Screen::Login(s) => s.is_dirty(),
            Screen::Queue(s) => s.is_dirty(),
            Screen::Cash(s) => s.is_dirty(),
            Screen::Void(s) => s.is_dirty(),
            Screen::Payment(s) => s.is_dirty(),
            Screen::Reading(s) => s.is_dirty(),
            Screen::Care(s) => s.is_dirty(),
            Screen::ReplaceCard(s) => s.is_dirty(),
            Screen::Install(s) => s.is_dirty(),
            Screen::Transfer(s) => s.is_dirty(),
            _ => false,
        }
    }

    /// The actions the footer offers here, besides the global ones.
    pub fn footer_actions(&self) -> &'static [Action] {
        match self {
            Screen::Login(_) => &[
                Action::Submit,
                Action::NextField,
                Action::Help,
                Action::Quit,
            ],
            Screen::Home(_) => &[
                Action::Activate,
                Action::GoQueue,
                Action::GoSearch,
                Action::Help,
                Action::Lock,
                Action::Quit,
            ],
            Screen::Search(_) => &[
                Action::Open,
                Action::SelectNext,
                Action::Back,
                Action::Help,
                Action::Quit,
            ],
            Screen::Customer(s) => s.footer_actions(),
            Screen::Help(_) => &[Action::ScrollDown, Action::ScrollUp, Action::Back],
            Screen::Queue(s) => s.footer_actions(),
            Screen::Cash(s) => s.footer_actions(),
            Screen::Void(_) => &[
                Action::Submit,
                Action::NextField,
                Action::Back,
                Action::Quit,
            ],
            Screen::Payment(s) => s.footer_actions(),
            Screen::Receipt(s) => s.footer_actions(),
            Screen::Reading(_) => &[
                Action::Submit,
                Action::NextField,
                Action::Back,
                Action::Quit,
            ],
            Screen::Care(s) => s.footer_actions(),
            Screen::ReplaceCard(s) => s.footer_actions(),
            Screen::Install(s) => s.footer_actions(),
            Screen::Transfer(s) => s.footer_actions(),
            Screen::Report(s) => s.footer_actions(),
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        match self {
            Screen::Login(s) => s.render(frame, area, ctx),
            Screen::Home(s) => s.render(frame, area, ctx),
            Screen::Search(s) => s.render(frame, area, ctx),
            Screen::Customer(s) => s.render(frame, area, ctx),
            Screen::Help(s) => s.render(frame, area, ctx),
            Screen::Queue(s) => s.render(frame, area, ctx, ctx.rules),
            Screen::Cash(s) => s.render(frame, area, ctx),
            Screen::Void(s) => s.render(frame, area, ctx),
            Screen::Payment(s) => s.render(frame, area, ctx),
            Screen::Receipt(s) => s.render(frame, area, ctx),
            Screen::Reading(s) => s.render(frame, area, ctx),
            Screen::Care(s) => s.render(frame, area, ctx),
            Screen::ReplaceCard(s) => s.render(frame, area, ctx),
            Screen::Install(s) => s.render(frame, area, ctx),
            Screen::Transfer(s) => s.render(frame, area, ctx),
            Screen::Report(s) => s.render(frame, area, ctx),
        }
    }
}

/// A block with a bold title, used by every screen's main panel.
pub fn panel(title: &str) -> ratatui::widgets::Block<'_> {
    use ratatui::style::{Modifier, Style};
    ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .title(
            ratatui::text::Line::from(format!(" {title} "))
                .style(Style::default().add_modifier(Modifier::BOLD)),
        )
}

/// Draws `block` over `rect` and returns the space inside it, kept one column off each
/// side border as every panel's text is.
pub fn inside(
    frame: &mut ratatui::Frame<'_>,
    rect: ratatui::layout::Rect,
    block: ratatui::widgets::Block<'_>,
) -> ratatui::layout::Rect {
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    ratatui::layout::Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    }
}
