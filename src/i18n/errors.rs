//! Catalog: messages for errors a user can cause or meet.
use super::Msg;

// ---- domain::id_number ----------------------------------------------------------------

pub const ID_EMPTY: Msg = Msg::new("请输入身份证号", "Enter the ID number");
pub const ID_OLD_15_DIGIT: Msg = Msg::new(
    "这是15位旧身份证号，已停止使用：请输入换发后的18位身份证号",
    "This is an old 15-digit ID number, no longer valid: enter the 18-digit number of the replacement ID card",
);
pub const ID_WRONG_LENGTH: Msg = Msg::new(
    "身份证号应为18位，现在是{len}位",
    "An ID number has 18 characters; this one has {len}",
);
pub const ID_BAD_CHARACTER: Msg = Msg::new(
    "身份证号第{position}位“{ch}”无效：前17位只能是数字，最后一位是数字或X",
    "Character {position} of the ID number ({ch}) is not allowed: the first 17 are digits, the last is a digit or X",
);
pub const ID_UNKNOWN_PROVINCE: Msg = Msg::new(
    "身份证号前两位“{code}”不是有效的省级地区代码，请核对",
    "The first two digits ({code}) are not a valid province code: re-check the number",
);
pub const ID_INVALID_BIRTH_DATE: Msg = Msg::new(
    "身份证号中的出生日期{date}不存在，请核对",
    "The birth date in the ID number ({date}) does not exist: re-check the number",
);
pub const ID_BIRTH_IN_FUTURE: Msg = Msg::new(
    "身份证号中的出生日期{date}晚于今天，请核对",
    "The birth date in the ID number ({date}) is after today: re-check the number",
);
pub const ID_BIRTH_TOO_EARLY: Msg = Msg::new(
    "身份证号中的出生日期{date}早于1900年，请核对",
    "The birth date in the ID number ({date}) is before 1900: re-check the number",
);
pub const ID_CHECK_DIGIT: Msg = Msg::new(
    "身份证号校验位不符，请核对后重新输入",
    "The check digit does not match: re-check the number",
);

// ---- domain::text ---------------------------------------------------------------------

pub const TEXT_EMPTY: Msg = Msg::new("此项不能为空", "This field cannot be empty");
pub const TEXT_TOO_LONG: Msg = Msg::new(
    "内容过长：最多{max}个字",
    "Too long: at most {max} characters",
);
pub const TEXT_FORBIDDEN_CHAR: Msg = Msg::new(
    "第{position}个字符是不可见的控制字符（{code}），请删除后重新输入",
    "Character {position} is an invisible control character ({code}): delete it and retype",
);
pub const TEXT_DIGITS_IN_NAME: Msg = Msg::new("姓名中不能有数字", "A name cannot contain digits");

// ---- domain::phone --------------------------------------------------------------------

pub const PHONE_EMPTY: Msg = Msg::new("请输入电话号码", "Enter a phone number");
pub const PHONE_BAD_CHARACTER: Msg = Msg::new(
    "电话号码中不能有“{ch}”",
    "A phone number cannot contain {ch}",
);
pub const PHONE_WRONG_LENGTH: Msg = Msg::new(
    "手机号应为11位，现在是{len}位",
    "A mobile number has 11 digits; this one has {len}",
);
pub const PHONE_NOT_MOBILE: Msg = Msg::new(
    "这不是手机号；固定电话请填入“固定电话”一栏",
    "This is not a mobile number; put landlines in the landline field",
);
pub const PHONE_NOT_LANDLINE: Msg = Msg::new(
    "固定电话格式应为“区号-号码”，如 0551-62345678，分机可写 -123 或 转123",
    "A landline is area code and number, e.g. 0551-62345678; add an extension as -123",
);
pub const PHONE_MOBILE_AS_LANDLINE: Msg = Msg::new(
    "这是手机号，请填入“手机号”一栏",
    "This is a mobile number; put it in the mobile field",
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The domain validation messages (id_number, phone, text).
    const DOMAIN_VALIDATION: &[Msg] = &[
        ID_EMPTY,
        ID_OLD_15_DIGIT,
        ID_WRONG_LENGTH,
        ID_BAD_CHARACTER,
        ID_UNKNOWN_PROVINCE,
        ID_INVALID_BIRTH_DATE,
        ID_BIRTH_IN_FUTURE,
        ID_BIRTH_TOO_EARLY,
        ID_CHECK_DIGIT,
        TEXT_EMPTY,
        TEXT_TOO_LONG,
        TEXT_FORBIDDEN_CHAR,
        TEXT_DIGITS_IN_NAME,
        PHONE_EMPTY,
        PHONE_BAD_CHARACTER,
        PHONE_WRONG_LENGTH,
        PHONE_NOT_MOBILE,
        PHONE_NOT_LANDLINE,
        PHONE_MOBILE_AS_LANDLINE,
    ];

    use crate::i18n::check::{assert_complete, placeholders};

    #[test]
    fn domain_validation_messages_are_complete() {
        assert_complete(DOMAIN_VALIDATION);
    }

    #[test]
    fn placeholder_helper() {
        assert_eq!(placeholders("a {x} b {y}{x}"), BTreeSet::from(["x", "y"]));
        assert!(placeholders("no braces").is_empty());
    }
}
