//! The ticket kiosk and the display board: drawn on a `TestBackend` through
//! `Frontend::render`, driven with `handle_event` and `tick`, checked against the queue in
//! the store, and the board watched while other connections and processes commit.

mod common;

use common::screen_text;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use gasdesk::clock::Clock;
use gasdesk::db::queue::{self as q, FinishRequest, IssueRequest, kiosk_actor};
use gasdesk::db::{self, Actor, Store};
use gasdesk::domain::queue::{CounterMode, Outcome, QueueRules, builtin_rules};
use gasdesk::domain::text::display_width;
use gasdesk::i18n::{self, Lang};
use gasdesk::keymap::Keymap;
use gasdesk::tui::Frontend;
use gasdesk::tui::board::{DisplayBoard, RECENT};
use gasdesk::tui::kiosk::{Kiosk, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;
use tempfile::TempDir;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// 09:00 on 1 December 2026 in Hefei (UTC+8), plus `minutes`.
fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
}

/// Draws a frontend; fails if anything was drawn over the right half of a wide character.
fn draw(frontend: &impl Frontend, width: u16, height: u16) -> (String, Buffer) {
    let mut term = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    term.draw(|f| frontend.render(f)).expect("draw");
    let buf = term.backend().buffer().clone();
    for y in 0..height {
        let mut skip = 0usize;
        for x in 0..width {
            let symbol = buf[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                assert_eq!(symbol, " ", "drawn over half a wide character at {x},{y}");
                continue;
            }
            skip = display_width(symbol).saturating_sub(1);
        }
    }
    (screen_text(&buf), buf)
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Event {
    key(KeyCode::Char(c))
}

/// A demo database of 300 accounts in its own folder, with office 1 ready for a day of
/// its own: a business day some other part of the demo left open is closed first.
struct Office {
    dir: TempDir,
    path: PathBuf,
    /// Another connection: to the kiosk or board under test, it is another process.
    store: Store,
    rules: QueueRules,
}

impl Office {
    fn new() -> Office {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("demo.db");
        gasdesk::demo::build(&path, 20261128, 300, at(0), &mut |_| {}).expect("demo build");
        let mut store = Store::open(&path).expect("open demo");
        if q::current_day(&store, 1).expect("day").is_some() {
            let manager = staff(&store, "1009");
            q::close_day(&mut store, &manager, 1, at(-60)).expect("close the demo's day");
        }
        Office {
            dir,
            path,
            store,
            rules: builtin_rules(),
        }
    }

    fn open(&self) -> Store {
        Store::open(&self.path).expect("open again")
    }

    fn issue(&mut self, service: char, priority: bool, minute: i64) -> q::Issued {
        let req = IssueRequest {
            office_id: 1,
            service,
            priority,
            ..Default::default()
        };
        q::issue(
            &mut self.store,
            &kiosk_actor(1),
            &self.rules,
            &req,
            at(minute),
        )
        .expect("issue")
    }

    fn open_counter(&mut self, staff_no: &str, minute: i64) {
        let actor = staff(&self.store, staff_no);
        q::set_counter(&mut self.store, &actor, CounterMode::Open, at(minute)).expect("open");
    }

    fn call(&mut self, staff_no: &str, minute: i64) -> q::Called {
        let actor = staff(&self.store, staff_no);
        q::call_next(&mut self.store, &actor, &self.rules, at(minute)).expect("call")
    }

    fn finish(&mut self, staff_no: &str, ticket_id: i64, minute: i64) {
        let actor = staff(&self.store, staff_no);
        let req = FinishRequest {
            outcome: Outcome::Payment,
            account_id: None,
            transaction_ref: None,
            note: String::new(),
        };
        q::finish(&mut self.store, &actor, ticket_id, &req, at(minute)).expect("finish");
    }

    /// A morning: fourteen tickets, four counters open, eight calls; the last is
    /// counter 4's second customer.
    fn morning(&mut self) {
        for (i, s) in "AADABAACDAADBC".chars().enumerate() {
            self.issue(s, i == 6, i as i64);
        }
        for no in ["1001", "1002", "1003", "1004"] {
            self.open_counter(no, 10);
        }
        let mut current = Vec::new();
        for (k, no) in ["1001", "1002", "1003", "1004"].iter().enumerate() {
            current.push(self.call(no, 11 + k as i64).ticket.id);
        }
        for (k, no) in ["1001", "1002", "1003", "1004"].iter().enumerate() {
            self.finish(no, current[k], 20 + 2 * k as i64);
            self.call(no, 21 + 2 * k as i64);
        }
    }

    fn tickets(&self) -> i64 {
        common::raw(&self.store)
            .query_row("SELECT count(*) FROM ticket", [], |r| r.get(0))
            .expect("count")
    }

    fn kiosk(&self, lang: Lang) -> Kiosk {
        Kiosk::new(
            self.open(),
            Keymap::builtin(),
            lang,
            1,
            Clock::Fixed(at(30)),
        )
        .expect("kiosk")
        .with_spool(Some(self.spool()))
    }

    fn board(&self, lang: Lang) -> DisplayBoard {
        DisplayBoard::new(
            self.open(),
            Keymap::builtin(),
            lang,
            1,
            Clock::Fixed(at(30)),
        )
        .expect("board")
    }

    fn spool(&self) -> PathBuf {
        self.dir.path().join("spool")
    }
}

fn staff(store: &Store, staff_no: &str) -> Actor {
    db::staff::by_number(&store, staff_no)
        .expect("read staff")
        .unwrap_or_else(|| panic!("no demo staff {staff_no}"))
        .actor(None)
}

fn shown(kiosk: &Kiosk) -> &q::Issued {
    match kiosk.view() {
        View::Ticket(shown) => &shown.issued,
        View::Menu => panic!("no ticket shown; message: {:?}", kiosk.message()),
    }
}

// --- the kiosk ---

#[test]
fn kiosk_menu() {
    let mut o = Office::new();
    for (i, s) in "AAAD".chars().enumerate() {
        o.issue(s, false, i as i64);
    }
    for lang in LANGS {
        let mut kiosk = o.kiosk(lang);
        let (text, _) = draw(&kiosk, 80, 24);
        assert!(text.contains(i18n::BANNER_DEMO.get(lang).trim()), "{text}");
        assert_eq!(kiosk.lines()[0].waiting, 3);
        insta::assert_snapshot!(format!("kiosk_menu_{lang}"), text);
        kiosk.handle_event(ch('0'));
        assert!(kiosk.priority());
        let (text, buf) = draw(&kiosk, 80, 24);
        let on = i18n::FD_KIOSK_PRIORITY_ON.fill(lang, &[("key", &"0 / Space")]);
        let start = on.split('0').next().unwrap_or_default().trim().to_string();
        let row = text
            .lines()
            .position(|l| l.contains(&start))
            .unwrap_or_else(|| panic!("no priority line {start:?}:\n{text}"));
        assert!(
            buf[(2, row as u16)].modifier.contains(Modifier::REVERSED),
            "{text}"
        );
        insta::assert_snapshot!(format!("kiosk_menu_priority_{lang}"), text);
    }
}

#[test]
fn kiosk_ticket_view() {
    for lang in LANGS {
        let mut o = Office::new();
        o.issue('A', false, 0);
        o.issue('A', false, 1);
        let mut kiosk = o.kiosk(lang);
        kiosk.handle_event(key(KeyCode::Char(' ')));
        kiosk.handle_event(ch('a'));
        let issued = shown(&kiosk).clone();
        assert_eq!(issued.ticket.number, "A003");
        assert_eq!(issued.estimate.ahead, 2);
        let (text, _) = draw(&kiosk, 80, 24);
        assert!(text.contains(i18n::FD_KIOSK_PRINTED.get(lang)), "{text}");
        insta::assert_snapshot!(format!("kiosk_ticket_{lang}"), text);
        let tag = gasdesk::spool::tag(kiosk.store());
        let slip = std::fs::read_to_string(
            o.spool()
                .join(format!("ticket-1-2026-12-01-A003.{tag}.txt")),
        )
        .expect("the slip in the spool folder");
        assert!(slip.contains("A003") && slip.contains(i18n::Q_TICKET_PRIORITY.get(lang)));
        assert!(slip.contains("2026-12-01 09:30"), "{slip}");
    }
}

#[test]
fn a_key_issues_exactly_one_ticket_and_the_ticket_goes_away() {
    let o = Office::new();
    let mut kiosk = o.kiosk(Lang::Zh);
    let before = o.tickets();
    kiosk.handle_event(ch('b'));
    assert_eq!(o.tickets(), before + 1);
    assert_eq!(shown(&kiosk).ticket.service, 'B');
    // A double press neither issues again nor hides the ticket at once.
    kiosk.handle_event(ch('b'));
    assert_eq!(o.tickets(), before + 1);
    assert!(matches!(kiosk.view(), View::Ticket(_)));
    // After a few seconds the menu is back by itself.
    assert!(kiosk.tick(Instant::now() + Duration::from_secs(9)));
    assert!(matches!(kiosk.view(), View::Menu));
    // The position works as well as the letter, in either case.
    kiosk.handle_event(ch('2'));
    assert_eq!(shown(&kiosk).ticket.number, "B002");
    kiosk.timing.ignore_keys = Duration::ZERO;
    kiosk.handle_event(ch('x'));
    assert!(matches!(kiosk.view(), View::Menu), "any key returns");
    assert_eq!(o.tickets(), before + 2);
    kiosk.handle_event(ch('D'));
    assert_eq!(shown(&kiosk).ticket.service, 'D');
    assert_eq!(o.tickets(), before + 3);
    // Keys that are not services issue nothing.
    kiosk.handle_event(ch('x'));
    for c in ['x', '9', '5', '?'] {
        kiosk.handle_event(ch(c));
    }
    kiosk.handle_event(key(KeyCode::Enter));
    assert_eq!(o.tickets(), before + 3);
    assert!(
        kiosk.lines()[1].waiting == 2,
        "the menu counts its own tickets"
    );
}

#[test]
fn the_priority_key_marks_the_next_ticket_only() {
    let o = Office::new();
    let mut kiosk = o.kiosk(Lang::En);
    kiosk.timing.ignore_keys = Duration::ZERO;
    kiosk.handle_event(ch('0'));
    assert!(kiosk.priority());
    kiosk.handle_event(ch('a'));
    let first = shown(&kiosk).ticket.clone();
    assert!(!kiosk.priority(), "the choice is used up");
    let stored = q::ticket(&o.store, first.id)
        .expect("read")
        .expect("ticket");
    assert!(stored.priority);
    kiosk.handle_event(ch('x'));
    kiosk.handle_event(ch('a'));
    let second = shown(&kiosk).ticket.clone();
    assert!(!q::ticket(&o.store, second.id).unwrap().unwrap().priority);
    // Space toggles too; pressed twice it is off again.
    kiosk.handle_event(ch('x'));
    kiosk.handle_event(key(KeyCode::Char(' ')));
    kiosk.handle_event(key(KeyCode::Char(' ')));
    assert!(!kiosk.priority());
    // A choice nobody followed up is forgotten before the next customer.
    kiosk.handle_event(ch('0'));
    assert!(kiosk.tick(Instant::now() + Duration::from_secs(31)));
    assert!(!kiosk.priority());
}

#[test]
fn a_closed_day_is_explained_in_the_customers_language() {
    for lang in LANGS {
        let mut o = Office::new();
        o.issue('A', false, 0);
        let manager = staff(&o.store, "1009");
        q::close_day(&mut o.store, &manager, 1, at(20)).expect("close");
        let mut kiosk = o.kiosk(lang);
        let before = o.tickets();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(kiosk.closed(), Some(day));
        // The kiosk says the day is closed before anyone presses a key, and stops
        // inviting customers to take a ticket.
        let (text, _) = draw(&kiosk, 80, 24);
        assert!(text.contains(i18n::QD_KIOSK_DAY_CLOSED.get(lang)), "{text}");
        assert!(!text.contains(i18n::FD_KIOSK_WELCOME.get(lang)), "{text}");
        insta::assert_snapshot!(format!("kiosk_day_closed_{lang}"), text);
        kiosk.handle_event(ch('a'));
        assert!(matches!(kiosk.view(), View::Menu));
        assert_eq!(o.tickets(), before);
        // The board says so too, not that business has not started.
        let board = o.board(lang);
        assert_eq!(board.closed(), Some(day));
        let (text, _) = draw(&board, 80, 24);
        assert!(text.contains(i18n::QD_BOARD_DAY_CLOSED.get(lang)), "{text}");
        assert!(!text.contains(i18n::FD_BOARD_NO_DAY.get(lang)), "{text}");
        insta::assert_snapshot!(format!("board_day_closed_{lang}"), text);
    }
}

#[test]
fn the_kiosk_quits_on_the_global_keys_only() {
    let o = Office::new();
    let mut kiosk = o.kiosk(Lang::Zh);
    kiosk.handle_event(key(KeyCode::Esc));
    kiosk.handle_event(key(KeyCode::F(1)));
    assert!(!kiosk.wants_quit());
    kiosk.handle_event(key(KeyCode::F(10)));
    assert!(kiosk.wants_quit());
    let mut kiosk = o.kiosk(Lang::Zh);
    kiosk.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('q'),
        KeyModifiers::CONTROL,
    )));
    assert!(kiosk.wants_quit());
}

#[test]
fn the_kiosk_sees_other_kiosks_tickets() {
    let mut o = Office::new();
    let mut kiosk = o.kiosk(Lang::Zh);
    assert_eq!(kiosk.lines()[3].waiting, 0);
    assert!(!kiosk.tick(Instant::now()), "nothing changed");
    o.issue('D', false, 1);
    assert!(kiosk.tick(Instant::now()));
    assert_eq!(kiosk.lines()[3].waiting, 1);
}

#[test]
fn keys_do_nothing_while_the_screen_is_too_small() {
    let o = Office::new();
    let mut kiosk = o.kiosk(Lang::Zh);
    let before = o.tickets();
    draw(&kiosk, 79, 24);
    kiosk.handle_event(ch('a'));
    kiosk.handle_event(ch('0'));
    assert_eq!(o.tickets(), before, "a ticket nobody can see");
    assert!(!kiosk.priority());
    kiosk.handle_event(key(KeyCode::F(10)));
    assert!(kiosk.wants_quit(), "quitting still works");
    let mut kiosk = o.kiosk(Lang::Zh);
    draw(&kiosk, 80, 24);
    kiosk.handle_event(ch('a'));
    assert_eq!(o.tickets(), before + 1);
}

#[test]
fn too_small_notice() {
    let o = Office::new();
    for lang in LANGS {
        let (kiosk, _) = draw(&o.kiosk(lang), 79, 24);
        let (board, _) = draw(&o.board(lang), 80, 23);
        assert!(kiosk.contains("79x24") && board.contains("80x23"));
        insta::assert_snapshot!(format!("too_small_kiosk_79x24_{lang}"), kiosk);
        insta::assert_snapshot!(format!("too_small_board_80x23_{lang}"), board);
    }
}

// --- the display board ---

/// The rows of the "now calling" plate: their cells are REVERSED and BOLD.
fn assert_highlighted(buf: &Buffer, text: &str) {
    let rows: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.matches('█').count() > 20)
        .map(|(i, _)| i)
        .take(1)
        .collect();
    let y = *rows.first().expect("block letters on screen") as u16;
    let x = (0..buf.area.width)
        .find(|&x| buf[(x, y)].symbol() == "█")
        .expect("a block");
    let m = buf[(x, y)].modifier;
    assert!(m.contains(Modifier::REVERSED | Modifier::BOLD), "{m:?}");
}

#[test]
fn board_with_calls() {
    let mut o = Office::new();
    o.morning();
    for lang in LANGS {
        let board = o.board(lang);
        assert_eq!(board.data().calls.len(), RECENT + 1);
        let now = &board.data().calls[0];
        assert_eq!(now.counter_no, 4);
        let (text, buf) = draw(&board, 80, 24);
        assert_highlighted(&buf, &text);
        let sentence = i18n::FD_BOARD_CALL.fill(
            lang,
            &[("number", &now.number), ("counter", &now.counter_no)],
        );
        assert!(text.contains(&sentence), "{text}");
        insta::assert_snapshot!(format!("board_{lang}"), text);
        let (text, buf) = draw(&board, 120, 40);
        assert_highlighted(&buf, &text);
        insta::assert_snapshot!(format!("board_120x40_{lang}"), text);
    }
}

#[test]
fn board_before_the_day_opens() {
    let o = Office::new();
    for lang in LANGS {
        let (text, _) = draw(&o.board(lang), 80, 24);
        assert!(text.contains(i18n::FD_BOARD_NO_DAY.get(lang)), "{text}");
    }
}

#[test]
fn a_call_on_another_connection_shows_after_one_tick_and_only_then_requeries() {
    let mut o = Office::new();
    o.issue('A', false, 0);
    o.issue('A', false, 1);
    let mut board = o.board(Lang::Zh);
    let start = board.queries();
    assert!(board.data().calls.is_empty());
    // Nothing committed: ticks read only the version.
    for _ in 0..20 {
        assert!(!board.tick(Instant::now()));
    }
    assert_eq!(board.queries(), start);
    o.open_counter("1001", 10);
    let called = o.call("1001", 11);
    assert!(board.tick(Instant::now()));
    assert_eq!(board.queries(), start + 1);
    assert_eq!(board.data().calls[0].number, called.ticket.number);
    let (text, _) = draw(&board, 80, 24);
    assert!(text.contains(&i18n::FD_BOARD_CALL.fill(
        Lang::Zh,
        &[("number", &called.ticket.number), ("counter", &1)]
    )));
    assert!(!board.tick(Instant::now()));
    assert_eq!(board.queries(), start + 1);
    // A recall is announced as one.
    let actor = staff(&o.store, "1001");
    q::recall(&mut o.store, &actor, &o.rules, called.ticket.id, at(12)).expect("recall");
    assert!(board.tick(Instant::now()));
    let (text, _) = draw(&board, 80, 24);
    assert!(text.contains(&i18n::FD_BOARD_RECALL.fill(
        Lang::Zh,
        &[("number", &called.ticket.number), ("counter", &1)]
    )));
}

#[test]
fn a_ticket_issued_by_another_process_shows_on_the_next_tick() {
    let mut o = Office::new();
    o.issue('A', false, 0);
    let mut board = o.board(Lang::En);
    let waiting_a = |b: &DisplayBoard| b.data().waiting[0].waiting;
    let before = waiting_a(&board);
    let db = o.path.to_str().expect("utf-8 path").to_string();
    let out = common::run(
        &[
            "ticket",
            "issue",
            "--office",
            "1",
            "--service",
            "A",
            "--no-print",
            "--db",
            &db,
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(board.tick(Instant::now()));
    assert_eq!(waiting_a(&board), before + 1);
    assert!(!board.tick(Instant::now()));
}

#[test]
fn days_of_running_keep_the_state_bounded() {
    let mut o = Office::new();
    for no in ["1001", "1002"] {
        o.open_counter(no, 0);
    }
    let mut board = o.board(Lang::Zh);
    let start = board.queries();
    let mut commits = 0u64;
    let mut serving: [Option<i64>; 2] = [None, None];
    for tick in 0..10_000u32 {
        if tick % 50 == 0 {
            let minute = 1 + i64::from(tick / 50);
            o.issue(
                if tick % 100 == 0 { 'A' } else { 'D' },
                tick % 300 == 0,
                minute,
            );
            commits += 1;
            if tick % 100 == 0 {
                let k = (tick / 100 % 2) as usize;
                let no = ["1001", "1002"][k];
                if let Some(id) = serving[k].take() {
                    o.finish(no, id, minute);
                    commits += 1;
                }
                serving[k] = Some(o.call(no, minute).ticket.id);
                commits += 1;
            }
        }
        board.tick(Instant::now());
        let data = board.data();
        assert!(data.calls.len() <= RECENT + 1);
        assert!(data.calls.capacity() <= RECENT + 1);
        assert_eq!(data.waiting.len(), 4);
    }
    // One read per tick that followed commits, never more.
    assert!(board.queries() - start <= commits, "{}", board.queries());
    assert!(board.queries() - start >= 200);
    assert_eq!(board.data().calls.len(), RECENT + 1);
}

// --- the commands ---

#[test]
fn an_unknown_office_is_refused_before_the_screen_is_taken() {
    let o = Office::new();
    let db = o.path.to_str().expect("utf-8 path").to_string();
    for cmd in ["kiosk", "board"] {
        let out = common::run(&[cmd, "--office", "42", "--lang", "en", "--db", &db], "");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("There is no office 42"), "{err}");
        assert!(err.contains("1 Luyang Office"), "{err}");
    }
    let help = common::run(&["kiosk", "--help"], "");
    assert!(String::from_utf8_lossy(&help.stdout).contains("--office"));
}
