//! The counter screens as a clerk sees them: the app driven by the same events a terminal
//! sends, drawn on an 80x24 `TestBackend`, compared with reviewed snapshots in both
//! languages, plus checks that masking, sanitising and navigation hold.

mod common;

use common::app::Driver;
use common::screen_text;

use chrono::{NaiveDate, NaiveDateTime};
use gasdesk::db::{self, Actor, Store};
use gasdesk::domain::account::{CustomerType, NewAccount};
use gasdesk::domain::text::{PLACEHOLDER, display_width, is_forbidden_char};
use gasdesk::i18n::{self, Lang};
use gasdesk::keymap::Action;
use gasdesk::tui::app::{Clock, Overlay};
use gasdesk::tui::screens::Screen;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

fn fixed_clock() -> Clock {
    let at: NaiveDateTime = NaiveDate::from_ymd_opt(2026, 11, 28)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("valid date");
    Clock::Fixed(at.and_utc())
}

struct Ui(Driver);

impl std::ops::Deref for Ui {
    type Target = Driver;
    fn deref(&self) -> &Driver {
        &self.0
    }
}

impl std::ops::DerefMut for Ui {
    fn deref_mut(&mut self) -> &mut Driver {
        &mut self.0
    }
}

impl Ui {
    fn new(lang: Lang) -> Ui {
        Ui(Driver::demo(lang, fixed_clock()))
    }

    fn sized(lang: Lang, width: u16, height: u16) -> Ui {
        Ui(Driver::demo_sized(lang, fixed_clock(), width, height))
    }

    fn login_clerk(&mut self) {
        self.login("1001");
    }

    /// Logs in, opens the search (F3) and types `query`.
    fn search(&mut self, query: &str) {
        self.login_clerk();
        self.key(KeyCode::F(3));
        self.keys(query);
    }

    fn search_rows(&self) -> usize {
        match self.app.screen() {
            Screen::Search(s) => s.rows.len(),
            other => panic!("not on the search screen: {other:?}"),
        }
    }
}

/// The two-character holder name that finds the most accounts among the first hundred
/// such names, so the result list has several rows. The demo is seeded: always the same.
fn two_char_name(ui: &Ui) -> String {
    let conn = common::raw(&ui.app.store);
    let mut stmt = conn
        .prepare(
            "SELECT holder_name FROM account WHERE length(holder_name) = 2 ORDER BY id LIMIT 100",
        )
        .expect("prepare");
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    names
        .into_iter()
        .max_by_key(|n| {
            db::account::search(&ui.app.store, n, 50)
                .expect("search")
                .rows
                .len()
        })
        .expect("a two-character name in the demo")
}

#[test]
fn login_screen() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        let text = ui.draw();
        insta::assert_snapshot!(format!("login_{lang}"), text);
    }
}

#[test]
fn login_after_a_wrong_pin_shows_why_under_the_pin() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        ui.try_login("1001", "000000");
        assert!(matches!(ui.app.screen(), Screen::Login(_)));
        let text = ui.draw();
        let lines: Vec<&str> = text.lines().collect();
        let error_row = lines
            .iter()
            .position(|l| l.contains("! "))
            .expect("an inline message");
        let label = if lang == Lang::Zh { "密码" } else { "PIN " };
        assert!(
            lines[error_row - 1].contains(label),
            "the message is not under the PIN: {text}"
        );
        insta::assert_snapshot!(format!("login_wrong_pin_{lang}"), text);
    }
}

#[test]
fn home_after_login() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        ui.login_clerk();
        let text = ui.draw();
        let banner = i18n::BANNER_DEMO.get(lang).trim();
        assert!(text.lines().next().unwrap_or_default().contains(banner));
        insta::assert_snapshot!(format!("home_{lang}"), text);
    }
}

#[test]
fn search_with_a_two_character_name() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        let name = two_char_name(&ui);
        ui.search(&name);
        assert!(ui.search_rows() > 0, "no results for {name}");
        let text = ui.draw();
        assert_eq!(
            text.matches(name.as_str()).count(),
            1,
            "the name is in the search box only; the list masks it"
        );
        insta::assert_snapshot!(format!("search_{lang}"), text);
    }
}

#[test]
fn customer_view_masks_id_and_phone() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        let name = two_char_name(&ui);
        ui.search(&name);
        ui.key(KeyCode::Enter);
        let Screen::Customer(view) = ui.app.screen() else {
            panic!("Enter did not open the customer view: {:?}", ui.app.message);
        };
        let id = view.detail.summary.id;
        let text = ui.draw();
        let stored = db::account::get(&ui.app.store, id)
            .expect("read account")
            .expect("account exists");
        let id_number = stored.id_number.expect("demo accounts have ID numbers");
        let phone = stored.summary.phone.expect("demo accounts have phones");
        assert!(!text.contains(&id_number), "full ID number on screen");
        assert!(!text.contains(&phone), "full phone on screen");
        assert!(text.contains(&format!(
            "{}**********{}",
            &id_number[..4],
            &id_number[14..]
        )));
        assert!(text.contains(&format!("{}****{}", &phone[..3], &phone[7..])));
        assert!(text.contains(&stored.summary.holder_name));
        insta::assert_snapshot!(format!("customer_{lang}"), text);
    }
}

#[test]
fn help_from_home() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        ui.login_clerk();
        ui.key(KeyCode::F(1));
        assert!(matches!(ui.app.screen(), Screen::Help(_)));
        let text = ui.draw();
        insta::assert_snapshot!(format!("help_{lang}"), text);
    }
}

#[test]
fn quit_confirm_dialog() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        ui.keys("10");
        ui.key(KeyCode::F(10));
        assert_eq!(ui.app.overlay, Some(Overlay::ConfirmQuit));
        let text = ui.draw();
        insta::assert_snapshot!(format!("quit_confirm_{lang}"), text);
    }
}

#[test]
fn idle_lock_overlay() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        ui.login_clerk();
        ui.key(KeyCode::F(3));
        ui.app.lock();
        let text = ui.draw();
        let staff = ui.app.session.as_ref().expect("session").staff.name.clone();
        assert!(!text.contains(&staff), "the lock hides who is logged in");
        insta::assert_snapshot!(format!("locked_{lang}"), text);
    }
}

#[test]
fn too_small_notice() {
    for (w, h) in [(60, 20), (79, 24)] {
        for lang in LANGS {
            let mut ui = Ui::sized(lang, w, h);
            let text = ui.draw();
            assert!(text.contains("80x24"), "{text}");
            assert!(text.contains(&format!("{w}x{h}")), "{text}");
            insta::assert_snapshot!(format!("too_small_{w}x{h}_{lang}"), text);
        }
    }
}

/// A row another tool wrote straight into the database, bypassing the importer's checks.
fn insert_hostile_account(store: &mut Store, account_no: &str, name: &str) {
    let account = NewAccount {
        account_no: account_no.to_string(),
        holder_name: name.to_string(),
        id_number: None,
        phone: None,
        landline: None,
        district: "蜀山区".to_string(),
        address: "长江西路\u{202E}99号".to_string(),
        customer_type: CustomerType::Residential,
        home_office: 1,
        opened_on: NaiveDate::from_ymd_opt(2020, 1, 2).expect("date"),
        meter: None,
    };
    db::account::insert_many(store, &Actor::system(), &[account], "hostile-tool")
        .expect("insert hostile row");
}

fn assert_clean(buf: &Buffer) {
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(is_forbidden_char),
            "forbidden character on screen: {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn hostile_names_are_shown_with_a_placeholder() {
    let mut ui = Ui::new(Lang::Zh);
    insert_hostile_account(&mut ui.app.store, "9900000001", "\u{202E}王\u{7}五");
    ui.search("9900000001");
    assert_eq!(ui.search_rows(), 1);
    let list = ui.draw();
    assert_clean(ui.buffer());
    assert!(list.contains(PLACEHOLDER), "{list}");
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.app.screen(), Screen::Customer(_)));
    let view = ui.draw();
    assert_clean(ui.buffer());
    assert!(view.contains("\u{FFFD}王\u{FFFD}五"), "{view}");
    assert!(view.contains("长江西路\u{FFFD}99号"), "{view}");
}

#[test]
fn typing_a_bidi_override_into_the_search_is_refused() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        ui.search("张");
        ui.key(KeyCode::Char('\u{202E}'));
        let Screen::Search(search) = ui.app.screen() else {
            panic!("left the search");
        };
        assert_eq!(search.input.value(), "张");
        let text = ui.draw();
        let refused = i18n::INPUT_REFUSED.get(lang);
        assert!(text.contains(refused), "{text}");
        ui.paste("李\u{202E}四");
        assert!(ui.message().contains(refused));
        let Screen::Search(search) = ui.app.screen() else {
            panic!("left the search");
        };
        assert_eq!(search.input.value(), "张");
    }
}

/// The cell where `needle` starts on row `y`, by cells (a wide character counts two).
fn find_cell(buf: &Buffer, y: u16, needle: &str) -> Option<u16> {
    let first = needle.chars().next()?.to_string();
    (0..buf.area.width).find(|&x| {
        if buf[(x, y)].symbol() != first {
            return false;
        }
        let mut at = x;
        for c in needle.chars() {
            if at >= buf.area.width || buf[(at, y)].symbol() != c.to_string() {
                return false;
            }
            at += display_width(&c.to_string()) as u16;
        }
        true
    })
}

#[test]
fn cjk_rows_keep_the_address_column_aligned() {
    // "花园" is in the address of many compounds, so the rows mix holders whose masked
    // names differ in width (张* and 徐**).
    let mut ui = Ui::new(Lang::Zh);
    ui.search("花园");
    let rows = match ui.app.screen() {
        Screen::Search(s) => s.rows.clone(),
        _ => panic!("not searching"),
    };
    assert!(rows.len() > 3, "too few rows for 花园");
    ui.draw();
    let buf = ui.buffer().clone();
    let header_y = (0..buf.area.height)
        .find(|&y| find_cell(&buf, y, "户号").is_some())
        .expect("table header");
    let column = find_cell(&buf, header_y, "地址").expect("address header");
    let mut widths = std::collections::BTreeSet::new();
    for (i, row) in rows.iter().enumerate() {
        let y = header_y + 1 + i as u16;
        if y >= buf.area.height - 3 {
            break;
        }
        widths.insert(display_width(&gasdesk::domain::mask::mask_name(
            &row.holder_name,
        )));
        assert_eq!(
            find_cell(&buf, y, &row.district),
            Some(column),
            "row {i} ({}) is misaligned:\n{}",
            row.holder_name,
            screen_text(&buf)
        );
    }
    assert!(widths.len() > 1, "all masked names had the same width");
    // An address too long for its column ends in an ellipsis, never mid-number.
    let text = screen_text(&buf);
    let lines: Vec<&str> = text.lines().collect();
    for (i, row) in rows.iter().enumerate() {
        let y = header_y as usize + 1 + i;
        if y >= lines.len() - 3 {
            break;
        }
        let full = format!("{} {}", row.district, row.address);
        assert!(
            lines[y].contains(&full) || lines[y].contains('…'),
            "address cut without an ellipsis: {}",
            lines[y]
        );
    }
}

#[test]
fn esc_from_the_customer_returns_to_the_search_with_its_results() {
    let mut ui = Ui::new(Lang::Zh);
    let name = two_char_name(&ui);
    ui.search(&name);
    let before = ui.app.screen().clone();
    ui.key(KeyCode::Down);
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.app.screen(), Screen::Customer(_)));
    ui.key(KeyCode::Esc);
    let Screen::Search(after) = ui.app.screen() else {
        panic!("Esc did not return to the search");
    };
    let Screen::Search(before) = before else {
        unreachable!()
    };
    assert_eq!(after.input.value(), name);
    assert_eq!(after.rows, before.rows);
    assert!(!after.rows.is_empty());
}

#[test]
fn f3_from_the_customer_returns_to_the_same_search() {
    let mut ui = Ui::new(Lang::Zh);
    let name = two_char_name(&ui);
    ui.search(&name);
    let rows = ui.search_rows();
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.app.screen(), Screen::Customer(_)));
    ui.key(KeyCode::F(3));
    let Screen::Search(search) = ui.app.screen() else {
        panic!("F3 did not return to the search");
    };
    assert_eq!(search.input.value(), name);
    assert_eq!(search.rows.len(), rows);
    assert_eq!(ui.app.stack.len(), 2, "home, search");
}

#[test]
fn quitting_with_unsaved_login_input_asks_first() {
    let mut ui = Ui::new(Lang::Zh);
    ui.keys("10");
    ui.key(KeyCode::F(10));
    assert_eq!(ui.app.overlay, Some(Overlay::ConfirmQuit));
    assert!(!ui.app.quit);
    ui.key(KeyCode::Char('n'));
    assert_eq!(ui.app.overlay, None);
    assert!(!ui.app.quit);
    let Screen::Login(login) = ui.app.screen() else {
        panic!("left the login");
    };
    assert_eq!(login.form.value(0), "10", "cancel keeps the input");
    ui.key(KeyCode::F(10));
    ui.key(KeyCode::Char('y'));
    assert!(ui.app.quit);
}

#[test]
fn quitting_with_nothing_typed_does_not_ask() {
    let mut ui = Ui::new(Lang::Zh);
    ui.key(KeyCode::F(10));
    assert!(ui.app.quit);
    assert_eq!(ui.app.overlay, None);
}

#[test]
fn five_wrong_pins_lock_the_staff_number() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        ui.keys("1002");
        ui.key(KeyCode::Tab);
        for _ in 0..5 {
            ui.keys("654321");
            ui.key(KeyCode::Enter);
            assert!(ui.app.session.is_none());
        }
        let text = ui.draw();
        let locked = if lang == Lang::Zh { "锁定" } else { "Locked" };
        assert!(text.contains(locked), "{text}");
        ui.keys("123456");
        ui.key(KeyCode::Enter);
        assert!(
            ui.app.session.is_none(),
            "the right PIN must not pass a lock"
        );
        assert!(ui.draw().contains(locked));
    }
}

#[test]
fn the_idle_lock_returns_to_the_same_screen() {
    let mut ui = Ui::new(Lang::Zh);
    let name = two_char_name(&ui);
    ui.search(&name);
    let before = ui.app.screen().clone();
    ui.app.lock();
    assert!(matches!(ui.app.overlay, Some(Overlay::Locked(_))));
    // Global keys are swallowed while locked.
    ui.key(KeyCode::F(2));
    assert_eq!(ui.app.screen(), &before);
    ui.keys("000000");
    ui.key(KeyCode::Enter);
    assert!(matches!(ui.app.overlay, Some(Overlay::Locked(_))));
    ui.keys("123456");
    ui.key(KeyCode::Enter);
    assert_eq!(ui.app.overlay, None, "{}", ui.message());
    assert_eq!(ui.app.screen(), &before);
    assert!(ui.app.session.is_some());
}

/// A file gasdesk cannot write, or damage found by the start-up check, shows the
/// read-only banner and a reason; logging in still works and every write is refused.
#[test]
fn read_only_sessions_say_so_and_refuse_writes() {
    for lang in LANGS {
        let audit_rows = |s: &Store| -> i64 {
            common::raw(s)
                .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
                .unwrap()
        };
        let mut before = 0;
        let mut ui = Ui(Driver::demo_prepared(lang, fixed_clock(), |store| {
            store.set_read_only(gasdesk::db::ReadOnlyReason::FileNotWritable);
            before = audit_rows(store);
        }));
        let (banner, reason) = if lang == Lang::Zh {
            ("只读", "数据库文件不可写")
        } else {
            ("READ-ONLY", "not writable")
        };
        let text = ui.draw();
        assert!(text.lines().next().unwrap().contains(banner), "{text}");
        assert!(text.contains(reason), "{text}");
        ui.keys("1001");
        ui.key(KeyCode::Tab);
        ui.keys("123456");
        ui.key(KeyCode::Enter);
        assert!(
            ui.app.session.is_some(),
            "a read-only session can still look things up"
        );
        assert_eq!(audit_rows(&ui.app.store), before, "nothing is written");
        let actor = ui.app.session.as_ref().unwrap().actor.clone();
        let refused = gasdesk::db::queue::set_counter(
            &mut ui.app.store,
            &actor,
            gasdesk::domain::queue::CounterMode::Open,
            chrono::Utc::now(),
        );
        assert!(
            matches!(
                refused,
                Err(gasdesk::db::queue::QueueError::Db(
                    gasdesk::db::DbError::ReadOnly(_)
                ))
            ),
            "{refused:?}"
        );
    }
}

#[test]
fn damage_found_by_the_background_check_turns_the_session_read_only() {
    let mut ui = Ui::new(Lang::En);
    assert!(!ui.draw().lines().next().unwrap().contains("READ-ONLY"));
    ui.app.on_quick_check(Some("page 7: btree corrupt".into()));
    let text = ui.draw();
    assert!(text.lines().next().unwrap().contains("READ-ONLY"), "{text}");
    assert!(text.contains("found damage"), "{text}");
    assert!(ui.app.store.read_only().is_some());
}

/// Esc goes back from every screen the F-keys open, as the footer says (it used to do
/// nothing one level above Home).
#[test]
fn esc_goes_back_home_from_every_top_screen() {
    let mut ui = Ui::new(Lang::En);
    ui.login_clerk();
    for f in 2..=8 {
        ui.key(KeyCode::F(f));
        assert!(
            !matches!(ui.app.screen(), Screen::Home(_)),
            "F{f} opened nothing"
        );
        ui.key(KeyCode::Esc);
        assert_eq!(ui.app.overlay, None, "F{f}: nothing typed, nothing to ask");
        assert!(
            matches!(ui.app.screen(), Screen::Home(_)),
            "Esc did not go back from F{f}: {:?}",
            ui.app.screen()
        );
    }
    // Home is the floor: Esc there keeps the session on Home.
    ui.key(KeyCode::Esc);
    assert!(matches!(ui.app.screen(), Screen::Home(_)));
    assert!(ui.app.session.is_some());
}

/// Leaving a form with typed input by an F-key or Esc asks first, as quitting does.
#[test]
fn leaving_a_filled_form_asks_first() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        ui.login_clerk();
        ui.key(KeyCode::F(4));
        ui.keys("o");
        ui.keys("500");
        assert!(ui.app.screen().is_dirty());
        ui.key(KeyCode::F(3));
        assert_eq!(
            ui.app.overlay,
            Some(Overlay::ConfirmLeave(Action::GoSearch))
        );
        assert!(matches!(ui.app.screen(), Screen::Cash(_)));
        let text = ui.draw();
        insta::assert_snapshot!(format!("leave_confirm_{lang}"), text);
        // No: the form stays as it was.
        ui.key(KeyCode::Char('n'));
        assert_eq!(ui.app.overlay, None);
        assert!(ui.app.screen().is_dirty(), "the typed float is kept");
        // Yes: the search opens and the input is gone.
        ui.key(KeyCode::F(3));
        ui.key(KeyCode::Enter);
        assert_eq!(ui.app.overlay, None);
        assert!(matches!(ui.app.screen(), Screen::Search(_)));
        ui.key(KeyCode::F(4));
        assert!(!ui.app.screen().is_dirty());
    }
}

/// The store reads the app's clock: the audit row of a change made at the counter carries
/// the same (fixed) instant as everything else the test sees.
#[test]
fn audit_rows_take_the_apps_clock() {
    let mut ui = Ui::new(Lang::En);
    ui.login_clerk();
    ui.key(KeyCode::F(4));
    ui.keys("o");
    ui.keys("0");
    ui.key(KeyCode::Enter);
    let (action, at): (String, String) = common::raw(&ui.app.store)
        .query_row(
            "SELECT action, at FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("an audit row");
    assert!(action.contains("shift"), "{action}");
    assert_eq!(at, fixed_clock().stamp());
}

/// Esc on a filled sub-form asks as leaving does; yes closes the form (the screen stays),
/// no keeps the typed input. Esc on an empty form closes it at once.
#[test]
fn esc_on_a_filled_sub_form_asks_first() {
    for lang in LANGS {
        let mut ui = Ui::new(lang);
        ui.login_clerk();
        ui.key(KeyCode::F(4));
        ui.keys("o");
        ui.keys("500");
        assert!(ui.app.screen().is_dirty());
        ui.key(KeyCode::Esc);
        assert!(
            matches!(ui.app.overlay, Some(Overlay::ConfirmBack(_))),
            "{:?}",
            ui.app.overlay
        );
        let text = ui.draw();
        let asked = if lang == Lang::Zh { "离开" } else { "Leave" };
        assert!(text.contains(asked), "{text}");
        ui.key(KeyCode::Char('n'));
        assert_eq!(ui.app.overlay, None);
        assert!(ui.app.screen().is_dirty(), "the typed float is kept");
        ui.key(KeyCode::Esc);
        ui.key(KeyCode::Char('y'));
        assert_eq!(ui.app.overlay, None);
        assert!(
            matches!(ui.app.screen(), Screen::Cash(_)),
            "only the form closed"
        );
        assert!(!ui.app.screen().is_dirty(), "the form is gone");
        // Nothing typed: Esc closes the form without a question, and a second Esc goes home.
        ui.keys("o");
        ui.key(KeyCode::Esc);
        assert_eq!(ui.app.overlay, None);
        ui.key(KeyCode::Esc);
        assert!(matches!(ui.app.screen(), Screen::Home(_)));
    }
}

/// Ctrl-U empties the search box, as help says, and the list with it.
#[test]
fn ctrl_u_clears_the_search_box() {
    let mut ui = Ui::new(Lang::En);
    ui.login_clerk();
    ui.key(KeyCode::F(3));
    ui.keys("张");
    let Screen::Search(s) = ui.app.screen() else {
        panic!("not the search")
    };
    assert!(!s.rows.is_empty());
    ui.0.ctrl('u');
    let Screen::Search(s) = ui.app.screen() else {
        panic!("not the search")
    };
    assert!(s.input.is_empty());
    assert!(s.rows.is_empty());
}
