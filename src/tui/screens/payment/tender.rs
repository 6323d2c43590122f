//! How money is handed over, as typed in a form: the payment form's and the card
//! replacement form's method, cash tendered and transaction reference.

use crate::db::cash::Tender;
use crate::domain::money::{Fen, parse_yuan};
use crate::domain::receipt::{PaymentMethod, change_due, validate_reference};
use crate::i18n::{Lang, Localized};

/// The field a refused tender concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenderField {
    Tendered,
    Reference,
}

/// The tender for `due`: cash with what was handed over (nothing typed: exact money), or
/// the other method with its transaction reference; refused with the field to fix.
pub fn typed(
    method: PaymentMethod,
    tendered: &str,
    reference: &str,
    due: Fen,
    lang: Lang,
) -> Result<Tender, (TenderField, String)> {
    if method.is_cash() {
        if tendered.trim().is_empty() {
            return Ok(Tender::cash(None));
        }
        let given = parse_yuan(tendered).map_err(|e| (TenderField::Tendered, e.localized(lang)))?;
        change_due(given, due).map_err(|e| (TenderField::Tendered, e.localized(lang)))?;
        Ok(Tender::cash(Some(given)))
    } else {
        match validate_reference(method, reference) {
            Ok(reference) => Ok(Tender::with_reference(
                method,
                reference.as_deref().unwrap_or(""),
            )),
            Err(e) => Err((TenderField::Reference, e.localized(lang))),
        }
    }
}

/// Change for the cash typed so far, when it covers what is due.
pub fn change(tendered: &str, due: Fen) -> Option<Fen> {
    change_due(parse_yuan(tendered).ok()?, due).ok()
}
