//! Bytes from the terminal to key and paste events. gasdesk reads the terminal itself
//! instead of through crossterm's reader, for two reasons found at the counters:
//! - crossterm's reader retries a zero-byte read forever, so a process whose SSH session
//!   dropped kept running at full CPU and never looked at SIGTERM again;
//! - it reads `ESC ESC O S` (Esc typed just before F4) as one Esc and then the letters
//!   `O` and `S`, so Esc followed quickly by another key was lost.
//!
//! Here every ESC that starts no sequence is an Esc key of its own, and a lone ESC at the
//! end of what arrived becomes Esc when nothing follows within a few milliseconds (see
//! [`KeyReader::flush`]). Sequences are those of xterm, VT220, rxvt and the Linux console,
//! which is what terminals and thin clients over SSH send.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const ESC: u8 = 0x1b;
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";
/// A sequence longer than this is garbage, not one still arriving.
const MAX_SEQUENCE: usize = 32;

/// Turns the terminal's bytes into events, keeping an unfinished tail between reads.
#[derive(Debug, Default)]
pub struct KeyReader {
    pending: Vec<u8>,
    /// Inside a bracketed paste: its bytes so far.
    paste: Option<Vec<u8>>,
}

enum Parsed {
    Event(Event, usize),
    /// Bytes that mean nothing here (an unknown sequence): skipped.
    Skip(usize),
    /// The bytes so far may be the start of a sequence: wait for more.
    Incomplete,
}

impl KeyReader {
    /// Adds what was read and returns the events it completes.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.pending.extend_from_slice(bytes);
        self.drain(false)
    }

    /// Nothing more arrived in time: what is pending is complete as it stands (a lone
    /// ESC is the Esc key; a cut-off sequence is dropped).
    pub fn flush(&mut self) -> Vec<Event> {
        self.drain(true)
    }

    /// Whether bytes are held back waiting for the rest of a key sequence. Inside a
    /// paste the reader simply waits for its end, however long that takes.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty() && self.paste.is_none()
    }

    fn drain(&mut self, at_end: bool) -> Vec<Event> {
        let mut events = Vec::new();
        let mut at = 0;
        while at < self.pending.len() {
            let rest = &self.pending[at..];
            if let Some(paste) = &mut self.paste {
                match find(rest, PASTE_END) {
                    Some(end) => {
                        paste.extend_from_slice(&rest[..end]);
                        let text = String::from_utf8_lossy(paste).into_owned();
                        events.push(Event::Paste(text));
                        self.paste = None;
                        at += end + PASTE_END.len();
                    }
                    None => {
                        // Keep a possible start of the end marker for the next read.
                        let keep = partial_suffix(rest, PASTE_END);
                        paste.extend_from_slice(&rest[..rest.len() - keep]);
                        at += rest.len() - keep;
                        break;
                    }
                }
                continue;
            }
            if rest.starts_with(PASTE_START) {
                self.paste = Some(Vec::new());
                at += PASTE_START.len();
                continue;
            }
            match parse(rest, at_end) {
                Parsed::Event(event, used) => {
                    events.push(event);
                    at += used;
                }
                Parsed::Skip(used) => at += used,
                Parsed::Incomplete if at_end => {
                    // A cut-off sequence: an ESC on its own is the Esc key, the rest is
                    // dropped rather than typed as letters.
                    if rest[0] == ESC {
                        events.push(key(KeyCode::Esc, KeyModifiers::NONE));
                    }
                    at = self.pending.len();
                }
                Parsed::Incomplete => break,
            }
        }
        self.pending.drain(..at);
        events
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// How many bytes at the end of `hay` could begin `needle`.
fn partial_suffix(hay: &[u8], needle: &[u8]) -> usize {
    (1..needle.len().min(hay.len() + 1))
        .rev()
        .find(|&n| hay.ends_with(&needle[..n]))
        .unwrap_or(0)
}

fn parse(bytes: &[u8], at_end: bool) -> Parsed {
    match bytes[0] {
        ESC => parse_escape(bytes, at_end),
        b'\r' | b'\n' => Parsed::Event(key(KeyCode::Enter, KeyModifiers::NONE), 1),
        b'\t' => Parsed::Event(key(KeyCode::Tab, KeyModifiers::NONE), 1),
        0x7f | 0x08 => Parsed::Event(key(KeyCode::Backspace, KeyModifiers::NONE), 1),
        0x00 => Parsed::Event(key(KeyCode::Char(' '), KeyModifiers::CONTROL), 1),
        c @ 0x01..=0x1a => Parsed::Event(
            key(
                KeyCode::Char(char::from(c - 1 + b'a')),
                KeyModifiers::CONTROL,
            ),
            1,
        ),
        0x1c..=0x1f => Parsed::Skip(1),
        _ => parse_char(bytes, at_end).map_or(Parsed::Skip(1), |(c, used)| match c {
            Some(c) => Parsed::Event(key(KeyCode::Char(c), KeyModifiers::NONE), used),
            None => Parsed::Incomplete,
        }),
    }
}

/// One UTF-8 character: `Some((Some(c), len))`, `Some((None, _))` when its bytes are
/// still arriving, `None` when the byte starts nothing valid.
fn parse_char(bytes: &[u8], at_end: bool) -> Option<(Option<char>, usize)> {
    let len = match bytes[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    if bytes.len() < len {
        return (!at_end).then_some((None, 0));
    }
    let c = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    Some((Some(c), len))
}

fn parse_escape(bytes: &[u8], at_end: bool) -> Parsed {
    let Some(&next) = bytes.get(1) else {
        return if at_end {
            Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1)
        } else {
            Parsed::Incomplete
        };
    };
    match next {
        // Esc typed right before another key or sequence: an Esc of its own.
        ESC => Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        b'[' => parse_csi(bytes, at_end),
        b'O' => match bytes.get(2) {
            None if !at_end => Parsed::Incomplete,
            None => Parsed::Event(key(KeyCode::Char('O'), KeyModifiers::ALT), 2),
            Some(&c) => ss3(c).map_or(Parsed::Skip(3), |code| {
                Parsed::Event(key(code, KeyModifiers::NONE), 3)
            }),
        },
        // Alt (Meta) sends ESC before the key.
        _ => match parse(&bytes[1..], at_end) {
            Parsed::Event(Event::Key(k), used) => {
                Parsed::Event(key(k.code, k.modifiers | KeyModifiers::ALT), used + 1)
            }
            Parsed::Incomplete => Parsed::Incomplete,
            _ => Parsed::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        },
    }
}

fn ss3(c: u8) -> Option<KeyCode> {
    Some(match c {
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'M' => KeyCode::Enter,
        _ => return None,
    })
}

/// `ESC [ params final`, with the Linux console's `ESC [ [ A`–`E` for F1–F5.
fn parse_csi(bytes: &[u8], at_end: bool) -> Parsed {
    if bytes.get(2) == Some(&b'[') {
        return match bytes.get(3) {
            None if !at_end => Parsed::Incomplete,
            Some(&c @ b'A'..=b'E') => {
                Parsed::Event(key(KeyCode::F(c - b'A' + 1), KeyModifiers::NONE), 4)
            }
            _ => Parsed::Skip(bytes.len().min(4)),
        };
    }
    let Some(end) = bytes[2..].iter().position(|b| (0x40..=0x7e).contains(b)) else {
        return if at_end || bytes.len() > MAX_SEQUENCE {
            Parsed::Skip(bytes.len())
        } else {
            Parsed::Incomplete
        };
    };
    let used = end + 3;
    let params = std::str::from_utf8(&bytes[2..used - 1]).unwrap_or("");
    let mut numbers = params.split(';').map(|p| p.parse::<u16>().ok());
    let first = numbers.next().flatten();
    let modifiers = numbers
        .next()
        .flatten()
        .map_or(KeyModifiers::NONE, xterm_modifiers);
    let code = match bytes[used - 1] {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => KeyCode::BackTab,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        b'~' => match first.and_then(tilde_key) {
            Some(code) => code,
            None => return Parsed::Skip(used),
        },
        _ => return Parsed::Skip(used),
    };
    let modifiers = if code == KeyCode::BackTab {
        modifiers | KeyModifiers::SHIFT
    } else {
        modifiers
    };
    Parsed::Event(key(code, modifiers), used)
}

fn tilde_key(n: u16) -> Option<KeyCode> {
    Some(match n {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F((n - 10) as u8),
        17..=21 => KeyCode::F((n - 11) as u8),
        23 | 24 => KeyCode::F((n - 12) as u8),
        _ => return None,
    })
}

/// xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4).
fn xterm_modifiers(m: u16) -> KeyModifiers {
    let bits = m.saturating_sub(1);
    let mut out = KeyModifiers::NONE;
    if bits & 1 != 0 {
        out |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        out |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        out |= KeyModifiers::CONTROL;
    }
    out
}

#[cfg(test)]
mod tests;
