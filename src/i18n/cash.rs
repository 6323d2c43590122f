//! Catalog: the cash desk's domain — amounts, volumes, the tariff, receipt numbers,
//! payment methods, change and the cash count.
use super::Msg;

// ---- domain::money: typed amounts --------------------------------------------------------

pub const AMOUNT_EMPTY: Msg = Msg::new("请输入金额", "Enter an amount");
pub const AMOUNT_SIGN: Msg = Msg::new(
    "金额不能带正负号，请只输入数字",
    "An amount has no + or - sign: type digits only",
);
pub const AMOUNT_EXPONENT: Msg = Msg::new(
    "金额不能用科学计数法（如1e3），请输入完整数字",
    "Scientific notation (like 1e3) is not accepted: type the full number",
);
pub const AMOUNT_TOO_MANY_DECIMALS: Msg = Msg::new(
    "金额最多两位小数（精确到分）",
    "At most two decimals (to the fen)",
);
pub const AMOUNT_SEPARATOR: Msg = Msg::new(
    "金额中不能有逗号、空格等分隔符，如 1234.50",
    "No commas, spaces or other separators inside an amount: type e.g. 1234.50",
);
pub const AMOUNT_INVALID_CHAR: Msg = Msg::new(
    "金额中不能有“{ch}”，只能输入数字和小数点",
    "“{ch}” is not allowed in an amount: use digits and a decimal point",
);
pub const AMOUNT_MALFORMED: Msg = Msg::new(
    "金额格式不对：只能有一个小数点，且小数点前后都要有数字，如 0.50",
    "Malformed amount: one decimal point with digits on both sides, e.g. 0.50",
);
pub const AMOUNT_ZERO: Msg = Msg::new("金额不能为零", "The amount cannot be zero");
pub const AMOUNT_OVER_CAP: Msg = Msg::new(
    "金额超过单笔上限 {cap} 元",
    "The amount is over the limit of ¥{cap} per transaction",
);
pub const AMOUNT_OVERFLOW: Msg = Msg::new(
    "金额过大，请核对",
    "The amount is far too large: re-check it",
);

// ---- domain::tariff: typed volumes ------------------------------------------------------

pub const VOLUME_EMPTY: Msg = Msg::new("请输入气量（立方米）", "Enter a volume (m³)");
pub const VOLUME_SIGN: Msg = Msg::new(
    "气量不能带正负号，请只输入数字",
    "A volume has no + or - sign: type digits only",
);
pub const VOLUME_EXPONENT: Msg = Msg::new(
    "气量不能用科学计数法（如1e3），请输入完整数字",
    "Scientific notation (like 1e3) is not accepted: type the full number",
);
pub const VOLUME_TOO_MANY_DECIMALS: Msg = Msg::new(
    "气量最多三位小数（精确到0.001立方米）",
    "At most three decimals (to 0.001 m³)",
);
pub const VOLUME_SEPARATOR: Msg = Msg::new(
    "气量中不能有逗号、空格等分隔符",
    "No commas, spaces or other separators inside a volume",
);
pub const VOLUME_INVALID_CHAR: Msg = Msg::new(
    "气量中不能有“{ch}”，只能输入数字和小数点",
    "“{ch}” is not allowed in a volume: use digits and a decimal point",
);
pub const VOLUME_MALFORMED: Msg = Msg::new(
    "气量格式不对：只能有一个小数点，且小数点前后都要有数字，如 12.5",
    "Malformed volume: one decimal point with digits on both sides, e.g. 12.5",
);
pub const VOLUME_ZERO: Msg = Msg::new("气量不能为零", "The volume cannot be zero");
pub const VOLUME_OVER_CAP: Msg = Msg::new(
    "气量超过单次上限 {cap} 立方米",
    "The volume is over the limit of {cap} m³ per purchase",
);
pub const VOLUME_OVERFLOW: Msg = Msg::new(
    "气量过大，请核对",
    "The volume is far too large: re-check it",
);

// ---- domain::tariff: pricing ------------------------------------------------------------

pub const TARIFF_NO_PRICE_ON: Msg = Msg::new(
    "{date}没有适用的气价，请联系管理员",
    "No gas price is in force on {date}: call an administrator",
);
pub const TARIFF_HOUSEHOLD_ZERO: Msg = Msg::new(
    "居民户登记人口至少为1人，请先更正户籍人数",
    "A household has at least one registered person: correct the household size first",
);
pub const TARIFF_NEGATIVE_VOLUME: Msg = Msg::new("气量不能为负数", "A volume cannot be negative");
pub const TARIFF_NEGATIVE_AMOUNT: Msg = Msg::new("金额不能为负数", "An amount cannot be negative");
pub const TARIFF_BAD_STEP: Msg =
    Msg::new("购气单位必须大于零", "The purchase unit must be positive");
pub const TARIFF_AMOUNT_BUYS_NOTHING: Msg = Msg::new(
    "{amount} 元不够购买最小单位的气量，请增加金额",
    "¥{amount} does not buy the smallest unit of gas: enter more",
);
pub const TARIFF_DATE_OUT_OF_RANGE: Msg = Msg::new("日期超出范围", "The date is out of range");
pub const TARIFF_OVERFLOW: Msg = Msg::new(
    "数值过大，无法计价，请核对",
    "The numbers are too large to price: re-check them",
);
/// A line of the tier split, e.g. "第2档".
pub const TARIFF_TIER: Msg = Msg::new("第{tier}档", "tier {tier}");
/// The single line of a commercial (flat) price.
pub const TARIFF_FLAT: Msg = Msg::new("非居民", "non-residential");
pub const TARIFF_DEMO_NOTE: Msg = Msg::new(
    "演示气价，非实际执行价格",
    "Demo prices, not an approved tariff",
);

// ---- domain::receipt: numbers -----------------------------------------------------------

pub const RECEIPT_BAD_OFFICE_CODE: Msg = Msg::new(
    "服务所代码“{code}”无效",
    "Office code “{code}” is not valid",
);
pub const RECEIPT_BAD_YEAR: Msg =
    Msg::new("票据年份{year}无效", "Receipt year {year} is not valid");
pub const RECEIPT_BAD_SEQUENCE: Msg = Msg::new(
    "票据序号{seq}无效：应为000001至999999",
    "Receipt sequence {seq} is not valid: it runs from 000001 to 999999",
);
pub const RECEIPT_SERIES_EXHAUSTED: Msg = Msg::new(
    "{office}的{year}年票据号已用完，请联系管理员",
    "The {year} receipt series of {office} is used up: call an administrator",
);
pub const RECEIPT_MALFORMED: Msg = Msg::new(
    "票据号格式应为 HF03-2026-000123",
    "A receipt number looks like HF03-2026-000123",
);

// ---- domain::receipt: taking money ------------------------------------------------------

pub const METHOD_CASH: Msg = Msg::new("现金", "cash");
pub const METHOD_BANK_CARD: Msg = Msg::new("银行卡", "bank card");
pub const METHOD_WECHAT: Msg = Msg::new("微信", "WeChat Pay");
pub const METHOD_ALIPAY: Msg = Msg::new("支付宝", "Alipay");

pub const REFERENCE_REQUIRED: Msg = Msg::new(
    "{method}收款须填写交易参考号（流水号）",
    "A {method} payment needs its transaction reference",
);
pub const TENDER_NOTHING_DUE: Msg = Msg::new(
    "应收金额必须大于零",
    "The amount due must be more than zero",
);
pub const TENDER_INSUFFICIENT: Msg = Msg::new(
    "实收 {tendered} 元不足应收 {due} 元，还差 {short} 元",
    "¥{tendered} received does not cover ¥{due}: ¥{short} short",
);

pub const DENOM_NOTE_100: Msg = Msg::new("100元", "¥100 note");
pub const DENOM_NOTE_50: Msg = Msg::new("50元", "¥50 note");
pub const DENOM_NOTE_20: Msg = Msg::new("20元", "¥20 note");
pub const DENOM_NOTE_10: Msg = Msg::new("10元", "¥10 note");
pub const DENOM_NOTE_5: Msg = Msg::new("5元", "¥5 note");
pub const DENOM_NOTE_1: Msg = Msg::new("1元纸币", "¥1 note");
pub const DENOM_COIN_1: Msg = Msg::new("1元硬币", "¥1 coin");
pub const DENOM_COIN_5_JIAO: Msg = Msg::new("5角", "5 jiao");
pub const DENOM_COIN_1_JIAO: Msg = Msg::new("1角", "1 jiao");

#[cfg(test)]
mod tests {
    use super::*;

    use crate::i18n::check::placeholders;

    #[test]
    fn messages_are_complete() {
        let all = [
            AMOUNT_EMPTY,
            AMOUNT_SIGN,
            AMOUNT_EXPONENT,
            AMOUNT_TOO_MANY_DECIMALS,
            AMOUNT_SEPARATOR,
            AMOUNT_INVALID_CHAR,
            AMOUNT_MALFORMED,
            AMOUNT_ZERO,
            AMOUNT_OVER_CAP,
            AMOUNT_OVERFLOW,
            VOLUME_EMPTY,
            VOLUME_SIGN,
            VOLUME_EXPONENT,
            VOLUME_TOO_MANY_DECIMALS,
            VOLUME_SEPARATOR,
            VOLUME_INVALID_CHAR,
            VOLUME_MALFORMED,
            VOLUME_ZERO,
            VOLUME_OVER_CAP,
            VOLUME_OVERFLOW,
            TARIFF_NO_PRICE_ON,
            TARIFF_HOUSEHOLD_ZERO,
            TARIFF_NEGATIVE_VOLUME,
            TARIFF_NEGATIVE_AMOUNT,
            TARIFF_BAD_STEP,
            TARIFF_AMOUNT_BUYS_NOTHING,
            TARIFF_DATE_OUT_OF_RANGE,
            TARIFF_OVERFLOW,
            TARIFF_TIER,
            TARIFF_FLAT,
            TARIFF_DEMO_NOTE,
            RECEIPT_BAD_OFFICE_CODE,
            RECEIPT_BAD_YEAR,
            RECEIPT_BAD_SEQUENCE,
            RECEIPT_SERIES_EXHAUSTED,
            RECEIPT_MALFORMED,
            METHOD_CASH,
            METHOD_BANK_CARD,
            METHOD_WECHAT,
            METHOD_ALIPAY,
            REFERENCE_REQUIRED,
            TENDER_NOTHING_DUE,
            TENDER_INSUFFICIENT,
            DENOM_NOTE_100,
            DENOM_NOTE_50,
            DENOM_NOTE_20,
            DENOM_NOTE_10,
            DENOM_NOTE_5,
            DENOM_NOTE_1,
            DENOM_COIN_1,
            DENOM_COIN_5_JIAO,
            DENOM_COIN_1_JIAO,
        ];
        for m in all {
            assert!(!m.zh.trim().is_empty() && !m.en.trim().is_empty(), "{m:?}");
            assert_eq!(placeholders(m.zh), placeholders(m.en), "{m:?}");
        }
    }
}
