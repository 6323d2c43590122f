use proptest::prelude::*;

use super::*;

fn keys(events: &[Event]) -> Vec<(KeyCode, KeyModifiers)> {
    events
        .iter()
        .map(|e| match e {
            Event::Key(k) => (k.code, k.modifiers),
            other => panic!("not a key: {other:?}"),
        })
        .collect()
}

fn plain(code: KeyCode) -> (KeyCode, KeyModifiers) {
    (code, KeyModifiers::NONE)
}

/// Everything `bytes` means once nothing more arrives.
fn all(bytes: &[u8]) -> Vec<Event> {
    let mut reader = KeyReader::default();
    let mut events = reader.feed(bytes);
    events.extend(reader.flush());
    assert!(!reader.has_pending());
    events
}

#[test]
fn a_lone_esc_waits_for_the_next_read_then_is_esc() {
    let mut reader = KeyReader::default();
    assert!(reader.feed(b"\x1b").is_empty());
    assert!(reader.has_pending());
    assert_eq!(keys(&reader.flush()), [plain(KeyCode::Esc)]);
}

#[test]
fn esc_right_before_another_key_is_an_esc_of_its_own() {
    // Esc then F4 in one read (tmux, or a fast typist over SSH).
    assert_eq!(
        keys(&all(b"\x1b\x1bOS")),
        [plain(KeyCode::Esc), plain(KeyCode::F(4))]
    );
    assert_eq!(
        keys(&all(b"\x1b\x1b[13~")),
        [plain(KeyCode::Esc), plain(KeyCode::F(3))]
    );
    assert_eq!(
        keys(&all(b"\x1b\x1b")),
        [plain(KeyCode::Esc), plain(KeyCode::Esc)]
    );
}

#[test]
fn a_sequence_split_across_reads_is_one_key() {
    let mut reader = KeyReader::default();
    assert!(reader.feed(b"\x1b[1").is_empty());
    assert_eq!(keys(&reader.feed(b"5~")), [plain(KeyCode::F(5))]);
    assert!(reader.feed(b"\x1bO").is_empty());
    assert_eq!(keys(&reader.feed(b"Q")), [plain(KeyCode::F(2))]);
}

#[test]
fn function_keys_of_every_common_terminal() {
    let cases: [(&[u8], u8); 14] = [
        (b"\x1bOP", 1),
        (b"\x1bOQ", 2),
        (b"\x1bOR", 3),
        (b"\x1bOS", 4),
        (b"\x1b[11~", 1),
        (b"\x1b[12~", 2),
        (b"\x1b[15~", 5),
        (b"\x1b[17~", 6),
        (b"\x1b[21~", 10),
        (b"\x1b[24~", 12),
        (b"\x1b[[A", 1),
        (b"\x1b[[E", 5),
        (b"\x1b[P", 1),
        (b"\x1b[S", 4),
    ];
    for (bytes, n) in cases {
        assert_eq!(keys(&all(bytes)), [plain(KeyCode::F(n))], "{bytes:?}");
    }
}

#[test]
fn navigation_letters_controls_and_alt() {
    assert_eq!(
        keys(&all(
            b"\x1b[A\x1b[B\x1bOC\x1b[D\x1b[H\x1b[4~\x1b[5~\x1b[6~\x1b[3~\x1b[2~"
        )),
        [
            plain(KeyCode::Up),
            plain(KeyCode::Down),
            plain(KeyCode::Right),
            plain(KeyCode::Left),
            plain(KeyCode::Home),
            plain(KeyCode::End),
            plain(KeyCode::PageUp),
            plain(KeyCode::PageDown),
            plain(KeyCode::Delete),
            plain(KeyCode::Insert),
        ]
    );
    assert_eq!(
        keys(&all(b"a\r\t\x7f\x1b[Z\x11\x1b2")),
        [
            plain(KeyCode::Char('a')),
            plain(KeyCode::Enter),
            plain(KeyCode::Tab),
            plain(KeyCode::Backspace),
            (KeyCode::BackTab, KeyModifiers::SHIFT),
            (KeyCode::Char('q'), KeyModifiers::CONTROL),
            (KeyCode::Char('2'), KeyModifiers::ALT),
        ]
    );
    assert_eq!(
        keys(&all(b"\x1b[1;5A")),
        [(KeyCode::Up, KeyModifiers::CONTROL)]
    );
}

#[test]
fn chinese_text_and_a_character_split_across_reads() {
    assert_eq!(
        keys(&all("张伟".as_bytes())),
        [plain(KeyCode::Char('张')), plain(KeyCode::Char('伟'))]
    );
    let bytes = "李".as_bytes();
    let mut reader = KeyReader::default();
    assert!(reader.feed(&bytes[..1]).is_empty());
    assert_eq!(
        keys(&reader.feed(&bytes[1..])),
        [plain(KeyCode::Char('李'))]
    );
}

#[test]
fn bracketed_paste_is_one_event_even_across_reads() {
    let mut reader = KeyReader::default();
    assert!(reader.feed(b"\x1b[200~12345\x1b[2").is_empty());
    let events = reader.feed(b"01~x");
    assert_eq!(events.len(), 2);
    assert_eq!(events[0], Event::Paste("12345".into()));
    assert_eq!(keys(&events[1..]), [plain(KeyCode::Char('x'))]);
}

#[test]
fn unknown_sequences_type_nothing() {
    assert!(all(b"\x1b[99~").is_empty());
    assert!(all(b"\x1b[?1;2c").is_empty());
    // A cut-off sequence is dropped, not typed as letters.
    assert!(all(b"\x1b[1").is_empty());
    assert_eq!(
        keys(&all(b"\x1bO")),
        [(KeyCode::Char('O'), KeyModifiers::ALT)]
    );
}

proptest! {
    /// Any bytes, cut anywhere into reads, give the same events as in one read, and
    /// nothing is held back once the terminal goes quiet.
    #[test]
    fn how_bytes_are_split_into_reads_does_not_matter(
        bytes in proptest::collection::vec(
            prop_oneof![Just(0x1bu8), Just(b'['), Just(b'O'), Just(b'~'), any::<u8>()], 0..40),
        cut in 0usize..40,
    ) {
        let cut = cut.min(bytes.len());
        let whole = all(&bytes);
        let mut reader = KeyReader::default();
        let mut split = reader.feed(&bytes[..cut]);
        split.extend(reader.feed(&bytes[cut..]));
        split.extend(reader.flush());
        prop_assert!(!reader.has_pending());
        // A lone ESC at the cut is still waiting for more, so it joins the next read.
        prop_assert_eq!(whole, split);
    }
}
