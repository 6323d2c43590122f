//! Taking money: payment methods and their references, change for cash, and counting the
//! drawer by denomination when a shift closes.

use std::collections::BTreeMap;

use crate::domain::money::Fen;
use crate::domain::text::{TextError, validate_text};
use crate::i18n::{self, Lang, Localized, Msg};

/// How a customer paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PaymentMethod {
    Cash,
    BankCard,
    WeChat,
    Alipay,
}

impl PaymentMethod {
    /// In the order a payment form offers them.
    pub const ALL: [PaymentMethod; 4] = [
        PaymentMethod::Cash,
        PaymentMethod::BankCard,
        PaymentMethod::WeChat,
        PaymentMethod::Alipay,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::BankCard => "bank_card",
            PaymentMethod::WeChat => "wechat",
            PaymentMethod::Alipay => "alipay",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// 现金, 银行卡, 微信, 支付宝.
    pub fn label(self) -> Msg {
        match self {
            PaymentMethod::Cash => i18n::METHOD_CASH,
            PaymentMethod::BankCard => i18n::METHOD_BANK_CARD,
            PaymentMethod::WeChat => i18n::METHOD_WECHAT,
            PaymentMethod::Alipay => i18n::METHOD_ALIPAY,
        }
    }

    /// Non-cash payments must carry the terminal's or app's transaction reference, so the
    /// day-end can match them against the bank's and the payment platforms' statements.
    pub fn requires_reference(self) -> bool {
        self != PaymentMethod::Cash
    }

    /// Whether the drawer holds it: only cash is counted at shift close.
    pub fn is_cash(self) -> bool {
        self == PaymentMethod::Cash
    }
}

/// Longest transaction reference accepted, in characters. Card terminal and WeChat/Alipay
/// order numbers are up to 32; the margin allows a prefix the clerk may add.
pub const REFERENCE_MAX_CHARS: usize = 40;

#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum ReferenceError {
    #[error("a {} payment needs its transaction reference", .method.as_str())]
    Required { method: PaymentMethod },
    #[error(transparent)]
    Text(#[from] TextError),
}

impl Localized for ReferenceError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            ReferenceError::Required { method } => {
                i18n::REFERENCE_REQUIRED.fill(lang, &[("method", &method.label().get(lang))])
            }
            ReferenceError::Text(e) => e.localized(lang),
        }
    }
}

/// A typed transaction reference, trimmed: required for non-cash methods, optional for
/// cash (`None` when blank), at most [`REFERENCE_MAX_CHARS`] characters, no control or
/// invisible characters (see [`validate_text`]).
pub fn validate_reference(
    method: PaymentMethod,
    input: &str,
) -> Result<Option<String>, ReferenceError> {
    let text = validate_text(input, REFERENCE_MAX_CHARS)?;
    match (text.is_empty(), method.requires_reference()) {
        (true, true) => Err(ReferenceError::Required { method }),
        (true, false) => Ok(None),
        (false, _) => Ok(Some(text)),
    }
}

#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum TenderError {
    #[error("the amount due must be positive")]
    NothingDue,
    #[error("tendered {tendered} is {short} short of {due}")]
    Insufficient { tendered: Fen, due: Fen, short: Fen },
}

impl Localized for TenderError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            TenderError::NothingDue => i18n::TENDER_NOTHING_DUE.get(lang).to_string(),
            TenderError::Insufficient {
                tendered,
                due,
                short,
            } => i18n::TENDER_INSUFFICIENT.fill(
                lang,
                &[
                    ("tendered", &tendered.yuan_string()),
                    ("due", &due.yuan_string()),
                    ("short", &short.yuan_string()),
                ],
            ),
        }
    }
}

/// The change to hand back when a customer gives `tendered` cash for `due`.
pub fn change_due(tendered: Fen, due: Fen) -> Result<Fen, TenderError> {
    if !due.is_positive() {
        return Err(TenderError::NothingDue);
    }
    // `due` is positive, so a shortfall from any tendered value at or above zero fits;
    // a negative tendered amount is simply short of everything.
    match tendered.checked_sub(due) {
        Some(change) if !change.is_negative() => Ok(change),
        _ => Err(TenderError::Insufficient {
            tendered,
            due,
            short: due.checked_sub(tendered).unwrap_or(due),
        }),
    }
}

/// RMB notes and coins that a drawer holds, largest first. 5 角 and 1 角 count notes and
/// coins together (the same value); the 分 coins are still legal tender and counters still
/// take them, so a drawer with fen in it can balance. The 2 元 note is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Denomination {
    Note100,
    Note50,
    Note20,
    Note10,
    Note5,
    Note1,
    Coin1,
    Coin5Jiao,
    Coin1Jiao,
    Coin5Fen,
    Coin2Fen,
    Coin1Fen,
}

impl Denomination {
    /// In the order a count form lists them (notes, then coins, largest first).
    pub const ALL: [Denomination; 12] = [
        Denomination::Note100,
        Denomination::Note50,
        Denomination::Note20,
        Denomination::Note10,
        Denomination::Note5,
        Denomination::Note1,
        Denomination::Coin1,
        Denomination::Coin5Jiao,
        Denomination::Coin1Jiao,
        Denomination::Coin5Fen,
        Denomination::Coin2Fen,
        Denomination::Coin1Fen,
    ];

    /// The face value.
    pub const fn value(self) -> Fen {
        Fen(match self {
            Denomination::Note100 => 10_000,
            Denomination::Note50 => 5_000,
            Denomination::Note20 => 2_000,
            Denomination::Note10 => 1_000,
            Denomination::Note5 => 500,
            Denomination::Note1 | Denomination::Coin1 => 100,
            Denomination::Coin5Jiao => 50,
            Denomination::Coin1Jiao => 10,
            Denomination::Coin5Fen => 5,
            Denomination::Coin2Fen => 2,
            Denomination::Coin1Fen => 1,
        })
    }

    pub const fn is_coin(self) -> bool {
        matches!(
            self,
            Denomination::Coin1
                | Denomination::Coin5Jiao
                | Denomination::Coin1Jiao
                | Denomination::Coin5Fen
                | Denomination::Coin2Fen
                | Denomination::Coin1Fen
        )
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Denomination::Note100 => "note_100",
            Denomination::Note50 => "note_50",
            Denomination::Note20 => "note_20",
            Denomination::Note10 => "note_10",
            Denomination::Note5 => "note_5",
            Denomination::Note1 => "note_1",
            Denomination::Coin1 => "coin_1",
            Denomination::Coin5Jiao => "coin_0_5",
            Denomination::Coin1Jiao => "coin_0_1",
            Denomination::Coin5Fen => "coin_0_05",
            Denomination::Coin2Fen => "coin_0_02",
            Denomination::Coin1Fen => "coin_0_01",
        }
    }

    pub fn parse(s: &str) -> Option<Denomination> {
        Denomination::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            Denomination::Note100 => i18n::DENOM_NOTE_100,
            Denomination::Note50 => i18n::DENOM_NOTE_50,
            Denomination::Note20 => i18n::DENOM_NOTE_20,
            Denomination::Note10 => i18n::DENOM_NOTE_10,
            Denomination::Note5 => i18n::DENOM_NOTE_5,
            Denomination::Note1 => i18n::DENOM_NOTE_1,
            Denomination::Coin1 => i18n::DENOM_COIN_1,
            Denomination::Coin5Jiao => i18n::DENOM_COIN_5_JIAO,
            Denomination::Coin1Jiao => i18n::DENOM_COIN_1_JIAO,
            Denomination::Coin5Fen => i18n::DENOM_COIN_5_FEN,
            Denomination::Coin2Fen => i18n::DENOM_COIN_2_FEN,
            Denomination::Coin1Fen => i18n::DENOM_COIN_1_FEN,
        }
    }
}

// Every count at its maximum in every denomination still fits in i64 fen, so a total can
// never overflow and needs no error path.
const _: () =
    assert!((u32::MAX as i128) * 10_000 * (Denomination::ALL.len() as i128) < i64::MAX as i128);

/// The most pieces of one denomination a count takes: more than any drawer holds.
pub const MAX_PIECES: u32 = 99_999;

/// Why a typed count of pieces was refused.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum CountError {
    #[error("a count is a whole number of pieces")]
    NotWhole,
    #[error("more than {max} pieces")]
    TooMany { max: u32 },
}

impl Localized for CountError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            CountError::NotWhole => i18n::CD_BAD_COUNT.get(lang).to_string(),
            CountError::TooMany { max } => i18n::CD_COUNT_TOO_MANY.fill(lang, &[("max", max)]),
        }
    }
}

/// A typed count of notes or coins: blank is none; digits ASCII or full-width, as amounts
/// take them (`１２`); never more than [`MAX_PIECES`], refused whole rather than cut.
pub fn parse_pieces(text: &str) -> Result<u32, CountError> {
    use crate::domain::money::{DecimalFault, scan_decimal};
    match scan_decimal(text, 0, &[], &["张", "枚"]) {
        Err(DecimalFault::Empty) => Ok(0),
        Err(DecimalFault::Overflow) => Err(CountError::TooMany { max: MAX_PIECES }),
        Err(_) => Err(CountError::NotWhole),
        Ok(n) => u32::try_from(n)
            .ok()
            .filter(|n| *n <= MAX_PIECES)
            .ok_or(CountError::TooMany { max: MAX_PIECES }),
    }
}

/// A drawer counted by denomination. Absent denominations count zero.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CashCount {
    pub counts: BTreeMap<Denomination, u32>,
}

impl CashCount {
    pub fn new() -> CashCount {
        CashCount::default()
    }

    /// Records `count` pieces of `denomination`, replacing an earlier count.
    pub fn set(&mut self, denomination: Denomination, count: u32) {
        if count == 0 {
            self.counts.remove(&denomination);
        } else {
            self.counts.insert(denomination, count);
        }
    }

    pub fn count(&self, denomination: Denomination) -> u32 {
        self.counts.get(&denomination).copied().unwrap_or(0)
    }

    /// The value of `denomination` in the drawer.
    pub fn subtotal(&self, denomination: Denomination) -> Fen {
        // Bounded by the assertion above.
        Fen(i64::from(self.count(denomination)) * denomination.value().0)
    }

    /// The value of the whole drawer; cannot overflow (see the assertion above).
    pub fn total(&self) -> Fen {
        Fen(Denomination::ALL
            .into_iter()
            .map(|d| self.subtotal(d).0)
            .sum())
    }

    /// Each denomination with its count and subtotal, in [`Denomination::ALL`] order,
    /// including those counted zero, as a close-of-shift form shows them.
    pub fn lines(&self) -> impl Iterator<Item = (Denomination, u32, Fen)> + '_ {
        Denomination::ALL
            .into_iter()
            .map(|d| (d, self.count(d), self.subtotal(d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pieces_are_whole_full_width_too_and_never_cut() {
        assert_eq!(parse_pieces(""), Ok(0));
        assert_eq!(parse_pieces(" 12 "), Ok(12));
        assert_eq!(parse_pieces("１２"), Ok(12));
        assert_eq!(parse_pieces("12张"), Ok(12));
        assert_eq!(parse_pieces("99999"), Ok(MAX_PIECES));
        let too_many = Err(CountError::TooMany { max: MAX_PIECES });
        assert_eq!(parse_pieces("100000"), too_many);
        assert_eq!(parse_pieces("99999999999999999999999"), too_many);
        assert_eq!(parse_pieces("1.5"), Err(CountError::NotWhole));
        assert_eq!(parse_pieces("-1"), Err(CountError::NotWhole));
        assert_eq!(parse_pieces("x"), Err(CountError::NotWhole));
        assert!(
            CountError::TooMany { max: MAX_PIECES }
                .localized(Lang::Zh)
                .contains("99999")
        );
    }

    #[test]
    fn fen_coins_are_counted() {
        let mut count = CashCount::new();
        count.set(Denomination::Coin5Fen, 1);
        count.set(Denomination::Coin2Fen, 1);
        count.set(Denomination::Coin1Fen, 3);
        count.set(Denomination::Coin1Jiao, 1);
        assert_eq!(count.total(), Fen(20));
        for d in Denomination::ALL {
            assert_eq!(Denomination::parse(d.as_str()), Some(d));
        }
    }

    #[test]
    fn methods_and_labels() {
        let labels: Vec<&str> = PaymentMethod::ALL
            .iter()
            .map(|m| m.label().get(Lang::Zh))
            .collect();
        assert_eq!(labels, ["现金", "银行卡", "微信", "支付宝"]);
        for m in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(m.as_str()), Some(m));
            assert_eq!(m.requires_reference(), !m.is_cash());
        }
        assert_eq!(PaymentMethod::parse("cheque"), None);
    }

    #[test]
    fn references() {
        use PaymentMethod::*;
        assert_eq!(validate_reference(Cash, "  "), Ok(None));
        assert_eq!(validate_reference(Cash, "note"), Ok(Some("note".into())));
        assert_eq!(
            validate_reference(WeChat, " 4200001234202603150012345678 "),
            Ok(Some("4200001234202603150012345678".into()))
        );
        assert_eq!(
            validate_reference(Alipay, "\u{3000}"),
            Err(ReferenceError::Required { method: Alipay })
        );
        assert_eq!(
            validate_reference(BankCard, &"1".repeat(41)),
            Err(ReferenceError::Text(TextError::TooLong { max: 40 }))
        );
        assert!(validate_reference(BankCard, &"1".repeat(40)).is_ok());
        assert!(matches!(
            validate_reference(BankCard, "12\u{1b}[2J"),
            Err(ReferenceError::Text(TextError::ForbiddenChar {
                position: 3,
                ..
            }))
        ));
        let e = ReferenceError::Required { method: WeChat };
        assert!(e.localized(Lang::Zh).contains("微信"));
        assert!(e.localized(Lang::En).contains("WeChat"));
    }

    #[test]
    fn change() {
        assert_eq!(change_due(Fen(10_000), Fen(9_867)), Ok(Fen(133)));
        assert_eq!(change_due(Fen(9_867), Fen(9_867)), Ok(Fen(0)));
        assert_eq!(
            change_due(Fen(5_000), Fen(9_867)),
            Err(TenderError::Insufficient {
                tendered: Fen(5_000),
                due: Fen(9_867),
                short: Fen(4_867)
            })
        );
        assert_eq!(change_due(Fen(100), Fen(0)), Err(TenderError::NothingDue));
        assert_eq!(change_due(Fen(100), Fen(-5)), Err(TenderError::NothingDue));
        assert!(matches!(
            change_due(Fen(i64::MIN), Fen(1)),
            Err(TenderError::Insufficient { .. })
        ));
        let short = change_due(Fen(5_000), Fen(9_867)).unwrap_err();
        assert!(short.localized(Lang::Zh).contains("48.67"));
    }

    #[test]
    fn denominations() {
        let total: i64 = Denomination::ALL.iter().map(|d| d.value().0).sum();
        assert_eq!(
            total,
            10_000 + 5_000 + 2_000 + 1_000 + 500 + 100 + 100 + 50 + 10 + 5 + 2 + 1
        );
        for d in Denomination::ALL {
            assert_eq!(Denomination::parse(d.as_str()), Some(d));
        }
        let mut sorted = Denomination::ALL;
        sorted.sort();
        assert_eq!(sorted, Denomination::ALL, "Ord follows the form order");
        assert!(Denomination::Coin1.is_coin() && !Denomination::Note1.is_coin());
    }

    #[test]
    fn cash_count() {
        let mut c = CashCount::new();
        c.set(Denomination::Note100, 12);
        c.set(Denomination::Note1, 3);
        c.set(Denomination::Coin1, 2);
        c.set(Denomination::Coin5Jiao, 1);
        c.set(Denomination::Coin1Jiao, 7);
        assert_eq!(c.total(), Fen(120_000 + 300 + 200 + 50 + 70));
        c.set(Denomination::Note100, 0);
        assert_eq!(c.count(Denomination::Note100), 0);
        assert!(!c.counts.contains_key(&Denomination::Note100));
        assert_eq!(c.lines().count(), 12);
        let mut full = CashCount::new();
        for d in Denomination::ALL {
            full.set(d, u32::MAX);
        }
        assert!(full.total().is_positive());
    }

    proptest! {
        #[test]
        fn total_is_the_sum_of_lines(counts in proptest::collection::vec(any::<u32>(), 9)) {
            let mut c = CashCount::new();
            for (d, n) in Denomination::ALL.into_iter().zip(counts) {
                c.set(d, n);
            }
            let sum = Fen::checked_sum(c.lines().map(|(_, _, f)| f));
            prop_assert_eq!(sum, Some(c.total()));
        }

        #[test]
        fn change_plus_due_is_tendered(t in 0i64..i64::MAX, d in 1i64..i64::MAX) {
            match change_due(Fen(t), Fen(d)) {
                Ok(change) => prop_assert_eq!(change.0 + d, t),
                Err(TenderError::Insufficient { short, .. }) => prop_assert_eq!(t + short.0, d),
                Err(e) => prop_assert!(false, "{e}"),
            }
        }
    }
}
