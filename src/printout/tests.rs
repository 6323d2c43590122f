use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::receipt::PaymentMethod;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn bill_receipt() -> ReceiptView {
    ReceiptView {
        id: 7,
        receipt_no: "HF01-2026-000042".into(),
        kind: ReceiptKind::Bills,
        office_id: 1,
        office_name_zh: "庐阳服务所".into(),
        office_name_en: "Luyang Office".into(),
        account_id: 3,
        account_no: "3700000042".into(),
        holder_name: "陈耀茜".into(),
        address: "魏武路150号".into(),
        total: Fen(12650),
        method: PaymentMethod::Cash,
        reference: None,
        tendered: Some(Fen(20000)),
        change: Some(Fen(7350)),
        staff_no: "1001".into(),
        staff_name: "张月蕊".into(),
        counter_no: Some(1),
        // 01:30 UTC is 09:30 at the offices (+08:00).
        at: Utc.with_ymd_and_hms(2026, 11, 28, 1, 30, 5).unwrap(),
        business_day: day(2026, 11, 28),
        shift_id: 1,
        reverses: None,
        reason: None,
        approved_by: None,
        reversed_by: None,
        lines: vec![
            ReceiptLine {
                amount: Fen(6325),
                bill: Some((1, day(2026, 7, 1), day(2026, 8, 31))),
                volume: Some(Volume(25_000)),
                tiers: vec![(1, Volume(25_000), Fen(253), Fen(6325))],
                fee: None,
            },
            ReceiptLine {
                amount: Fen(6325),
                bill: Some((2, day(2026, 9, 1), day(2026, 10, 31))),
                volume: Some(Volume(25_000)),
                tiers: vec![(1, Volume(25_000), Fen(253), Fen(6325))],
                fee: None,
            },
        ],
        reprints: 0,
        install: None,
    }
}

fn top_up_receipt() -> ReceiptView {
    ReceiptView {
        kind: ReceiptKind::TopUp,
        total: Fen(121480),
        method: PaymentMethod::WeChat,
        reference: Some("4200001234202611280001".into()),
        tendered: None,
        change: None,
        lines: vec![ReceiptLine {
            amount: Fen(121480),
            bill: None,
            volume: Some(Volume(460_000)),
            tiers: vec![
                (1, Volume(360_000), Fen(253), Fen(91080)),
                (2, Volume(100_000), Fen(304), Fen(30400)),
            ],
            fee: None,
        }],
        ..bill_receipt()
    }
}

fn void_receipt() -> ReceiptView {
    ReceiptView {
        kind: ReceiptKind::Void,
        receipt_no: "HF01-2026-000043".into(),
        total: Fen(-12650),
        tendered: None,
        change: None,
        reverses: Some("HF01-2026-000042".into()),
        reason: Some("收错户号".into()),
        approved_by: Some("9001 王经理".into()),
        lines: vec![ReceiptLine {
            amount: Fen(-12650),
            bill: None,
            volume: None,
            tiers: Vec::new(),
            fee: None,
        }],
        ..bill_receipt()
    }
}

fn assert_fits(lines: &[String]) {
    for line in lines {
        assert!(
            display_width(line) <= PAPER_WIDTH,
            "{} columns: {line:?}",
            display_width(line)
        );
        assert!(
            !line.chars().any(crate::domain::text::is_forbidden_char),
            "{line:?}"
        );
    }
}

#[test]
fn a_bill_receipt_shows_periods_total_in_words_and_change() {
    let lines = receipt_text(&bill_receipt(), Lang::Zh, false, false);
    assert_fits(&lines);
    let text = lines.join("\n");
    assert_eq!(lines[0].trim(), "燃气费收据");
    assert!(text.contains("HF01-2026-000042"));
    assert!(text.contains("2026-11-28 09:30:05"), "office time:\n{text}");
    assert!(text.contains("账期 2026-07-01至2026-08-31"));
    assert!(text.contains("第1档 25.0 m³ × 2.53 = 63.25"), "{text}");
    assert!(text.contains("壹佰贰拾陆元伍角"));
    assert!(text.contains("找零"));
    assert!(text.contains("73.50"));
    assert!(text.contains("1001 张月蕊"));
    assert!(!text.contains("演示"));
    assert!(!text.contains("补打"));
    let total = lines.iter().find(|l| l.starts_with("合计")).unwrap();
    assert!(total.ends_with("126.50"), "{total:?}");
    assert_eq!(display_width(total), PAPER_WIDTH);
}

#[test]
fn a_top_up_lists_each_tier_and_the_reference() {
    let lines = receipt_text(&top_up_receipt(), Lang::Zh, false, false);
    assert_fits(&lines);
    let text = lines.join("\n");
    assert_eq!(lines[0].trim(), "购气收据");
    assert!(text.contains("购气 460.0 m³"));
    assert!(text.contains("第1档 360.0 m³ × 2.53 = 910.80"));
    assert!(text.contains("第2档 100.0 m³ × 3.04 = 304.00"));
    assert!(text.contains("4200001234202611280001"));
    assert!(text.contains("微信"));
    assert!(!text.contains("找零"));
}

#[test]
fn a_void_names_the_original_the_reason_and_the_manager() {
    for lang in [Lang::Zh, Lang::En] {
        let lines = receipt_text(&void_receipt(), lang, false, false);
        assert_fits(&lines);
        let text = lines.join("\n");
        assert!(text.contains("HF01-2026-000042"));
        assert!(text.contains("收错户号"));
        assert!(text.contains("9001 王经理"));
        assert!(text.contains("-126.50"));
        assert!(
            text.contains("负壹佰贰拾陆元伍角"),
            "capitals in every language"
        );
    }
    let en = receipt_text(&void_receipt(), Lang::En, false, false).join("\n");
    assert!(en.contains("VOID VOUCHER"));
    assert!(en.contains("In words"));
    assert!(en.contains("Approved by"));
}

#[test]
fn demo_and_reprint_are_marked() {
    let lines = receipt_text(&bill_receipt(), Lang::Zh, true, true);
    assert_fits(&lines);
    assert_eq!(lines[0].trim(), "演示数据 — 非正式收据");
    assert_eq!(lines.last().unwrap().trim(), "演示数据 — 非正式收据");
    assert!(lines.iter().any(|l| l.trim() == "【补打】"));
    let en = receipt_text(&bill_receipt(), Lang::En, true, true);
    assert_eq!(en[0].trim(), "DEMO — not a valid receipt");
    assert_eq!(en.last().unwrap().trim(), "DEMO — not a valid receipt");
    assert!(en.iter().any(|l| l.trim() == "[REPRINT]"));
}

#[test]
fn long_cjk_names_and_reasons_stay_within_forty_columns() {
    let view = ReceiptView {
        holder_name: "欧阳".to_string() + &"龘".repeat(30),
        office_name_zh: "合肥燃气集团有限公司庐阳区第一客户服务中心营业厅".into(),
        reason: Some("客户".repeat(40)),
        ..void_receipt()
    };
    for lang in [Lang::Zh, Lang::En] {
        let lines = receipt_text(&view, lang, true, true);
        assert_fits(&lines);
        let text: String = lines.iter().map(|l| l.trim()).collect();
        assert!(
            text.contains(&"龘".repeat(30)),
            "the name is wrapped, not cut"
        );
    }
}

#[test]
fn control_characters_in_a_holder_name_are_neutralised() {
    let view = ReceiptView {
        holder_name: "张\u{1b}[2J三\n\u{202e}伟".into(),
        staff_name: "李\r四".into(),
        ..bill_receipt()
    };
    let lines = receipt_text(&view, Lang::Zh, false, false);
    assert_fits(&lines);
    let text = lines.join("\n");
    assert!(text.contains("张\u{FFFD}[2J三\u{FFFD}\u{FFFD}伟"), "{text}");
    assert!(text.contains("李\u{FFFD}四"));
}

#[test]
fn volumes_show_tenths_or_exact_litres() {
    assert_eq!(m3(Volume(360_000)), "360.0");
    assert_eq!(m3(Volume(12_300)), "12.3");
    assert_eq!(m3(Volume(12_345)), "12.345");
}
