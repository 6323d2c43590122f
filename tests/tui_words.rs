//! What the counter says, as a clerk meets it: a paste of several lines into a one-line
//! field says it kept the first line, notes take emoji, and an unknown staff number gets
//! the answer a wrong PIN gets. The app driven by the events a terminal sends, on an 80x24
//! `TestBackend`, in both languages.

mod common;

#[path = "tui_queue/harness.rs"]
#[allow(dead_code)]
mod harness;

use gasdesk::domain::queue::TicketState;
use gasdesk::i18n::{self, Lang};
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::queue::Step;
use harness::Ui;
use ratatui::crossterm::event::KeyCode;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// Whether `text` is on the drawn screen, wherever its lines break (inside a panel's
/// borders or not).
fn on_screen(screen: &str, text: &str) -> bool {
    let squeeze = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '│' | '║'))
            .collect::<String>()
    };
    squeeze(screen).contains(&squeeze(text))
}

/// The help's closing note is longer than the screen is wide in English: it wraps.
#[test]
fn the_help_shows_its_note_whole() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        ui.login("1001");
        ui.key(KeyCode::F(1));
        for _ in 0..10 {
            ui.key(KeyCode::PageDown);
        }
        let screen = ui.draw();
        let note = i18n::HELP_TEXT_RULE.get(lang);
        assert!(on_screen(&screen, note), "cut: {note}\n{screen}");
    }
}

#[test]
fn a_paste_of_several_lines_keeps_the_first_and_says_so() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        // The staff number field of the login form.
        ui.paste("1001\r\n123456\r\n");
        let Screen::Login(login) = ui.app.screen() else {
            panic!("not on the login screen");
        };
        assert_eq!(login.form.value(0), "1001");
        let note = i18n::PASTE_FIRST_LINE_KEPT.get(lang);
        assert_eq!(ui.message(), note);
        assert!(on_screen(&ui.draw(), note));
        // A single line with its line end is a single line: no note.
        ui.key(KeyCode::Tab);
        ui.paste("123456\n");
        assert_eq!(ui.message(), "");
        ui.key(KeyCode::Enter);
        assert!(
            matches!(ui.app.screen(), Screen::Home(_)),
            "{}",
            ui.message()
        );
        // The customer search: a name and an address copied together searches the name.
        ui.key(KeyCode::F(3));
        ui.paste("张\n合肥市蜀山区长江西路 1 号\n");
        let Screen::Search(search) = ui.app.screen() else {
            panic!("not on the search screen");
        };
        assert_eq!(search.input.value(), "张");
        assert!(!search.rows.is_empty(), "the search ran");
        assert_eq!(ui.message(), note);
        ui.draw();
    }
}

/// A note typed with an emoji keyboard, and one pasted from a chat, are taken: the emoji
/// kept, the invisible joiners between them left out. A bidi override is still refused.
#[test]
fn notes_take_emoji() {
    for lang in LANGS {
        let mut ui = Ui::serving(lang);
        ui.keys("p");
        assert!(matches!(ui.step(), Step::Park(_)));
        // Typed: the terminal sends the family emoji as five characters, joiners included.
        ui.keys("取证件👨\u{200D}👩\u{200D}👧");
        assert_eq!(ui.message(), "", "nothing refused while typing");
        ui.paste(" 马上回来❤\u{FE0F}\u{200D}🔥👍🏽🇨🇳");
        assert_eq!(ui.message(), "", "nothing refused in the paste");
        ui.draw();
        ui.enter();
        assert_eq!(ui.step(), &Step::None, "{}", ui.message());
        assert_eq!(ui.ticket("A001").state, TicketState::Parked);
        let note: String = common::raw(&ui.other)
            .query_row(
                "SELECT json_extract(detail, '$.note') FROM ticket_event
                 WHERE kind = 'parked' ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("the parked event");
        assert_eq!(note, "取证件👨👩👧 马上回来❤\u{FE0F}🔥👍🏽🇨🇳");
        ui.draw();
    }
    // Invisible characters that are not part of an emoji are refused, as before.
    let mut ui = Ui::serving(Lang::En);
    ui.keys("p");
    ui.paste("back soon\u{202E}");
    assert_eq!(ui.message(), i18n::INPUT_REFUSED.get(Lang::En));
}

/// The PIN field's message after a login attempt, and the screen.
fn login_answer(lang: Lang, staff_no: &str, pin: &str) -> (String, String, Ui) {
    let mut ui = Ui::new(lang);
    ui.try_login(staff_no, pin);
    let Screen::Login(login) = ui.app.screen() else {
        panic!("logged in with {staff_no}/{pin}");
    };
    let answer = login.form.fields[1]
        .error
        .clone()
        .expect("a message under the PIN");
    let screen = ui.draw();
    (answer, screen, ui)
}

/// A staff number that does not exist gets the answer a wrong PIN gets, word for word,
/// with no count of attempts left (only a real number has one); both are audited alike.
#[test]
fn an_unknown_staff_number_is_answered_as_a_wrong_pin() {
    for lang in LANGS {
        let (wrong_pin, wrong_screen, ui) = login_answer(lang, "1001", "000000");
        let (unknown, unknown_screen, other) = login_answer(lang, "1099", "000000");
        assert_eq!(unknown, wrong_pin);
        // The screens differ only in the number typed.
        assert_eq!(unknown_screen.replace("1099", "1001"), wrong_screen);
        assert!(!wrong_pin.contains('4'), "no attempts left: {wrong_pin}");
        for (ui, number) in [(&ui, "1001"), (&other, "1099")] {
            let last = &gasdesk::db::audit::recent(&ui.other, 1).expect("audit")[0];
            assert_eq!(
                (last.action.as_str(), last.entity.as_str()),
                ("login_failed", "staff")
            );
            assert_eq!(last.entity_id.as_deref(), Some(number));
        }
    }
}
