//! Text of meter readings: the reading form over the customer view (`m`) and
//! `gasdesk import readings`.

use super::Msg;

// The reading form.
pub const RD_TITLE: Msg = Msg::new("抄表 — {account} {holder}", "Reading — {account} {holder}");
pub const RD_METER: Msg = Msg::new("表具：{kind} {serial}", "Meter: {kind} {serial}");
pub const RD_LABEL_DATE: Msg = Msg::new("抄表日期", "Read on");
pub const RD_LABEL_REGISTER: Msg = Msg::new("表读数 m³", "Register m³");
pub const RD_HINT_DATE: Msg = Msg::new(
    "日期格式 YYYY-MM-DD，不能晚于今天",
    "Date as YYYY-MM-DD, not after today",
);
pub const RD_HINT_REGISTER: Msg = Msg::new(
    "表读数是表盘上的累计数（立方米），不是本期用量",
    "The register is the meter's running total in m³, not the usage",
);
pub const RD_HINT_BILL: Msg = Msg::new(
    "与上次读数之差按抄表日的阶梯价出账；首次读数只记起点",
    "The rise since the last reading is billed at that day's tiers; a first reading only sets the start",
);
pub const RD_BAD_DATE: Msg = Msg::new(
    "日期须为 YYYY-MM-DD 格式的有效日期，例如 {example}",
    "Enter a real date as YYYY-MM-DD, e.g. {example}",
);
pub const RD_IC_CARD_ONLY: Msg = Msg::new(
    "此户只有IC卡表：IC卡表为预付费，不抄表出账",
    "Only an IC-card meter: IC-card meters are prepaid, not billed",
);
pub const RD_NO_METER: Msg = Msg::new(
    "此户没有燃气表，无从抄表",
    "This account has no meter to read",
);
pub const RD_BILLED: Msg = Msg::new(
    "已出账：{from}至{to} {volume} m³ {amount} 元",
    "Billed: {from} to {to} {volume} m³ {amount} yuan",
);
pub const RD_NO_BILL: Msg = Msg::new(
    "读数已记录（首次读数或无新用量，不出账）",
    "Reading recorded (first reading or no gas used: no bill)",
);

// `gasdesk import readings`.
pub const RDI_MISSING_COLUMNS: Msg = Msg::new(
    "缺少列：{columns}（表头须为 meter_serial,read_on,register_m3）",
    "missing columns: {columns} (the header is meter_serial,read_on,register_m3)",
);
pub const RDI_UNKNOWN_COLUMN: Msg = Msg::new(
    "未知的列：{column}（表头须为 meter_serial,read_on,register_m3）",
    "unknown column: {column} (the header is meter_serial,read_on,register_m3)",
);
pub const RDI_FIELD_COUNT: Msg = Msg::new(
    "该行有 {found} 个字段，表头有 {expected} 个",
    "the row has {found} fields but the header has {expected}",
);
pub const RDI_UNKNOWN_SERIAL: Msg = Msg::new(
    "meter_serial：没有表号为 {serial} 的燃气表",
    "meter_serial: no meter has serial {serial}",
);
pub const RDI_BAD_DATE: Msg = Msg::new(
    "read_on：{value} 不是 YYYY-MM-DD 格式的有效日期",
    "read_on: {value} is not a real date as YYYY-MM-DD",
);
pub const RDI_BAD_REGISTER: Msg = Msg::new("register_m3：{reason}", "register_m3: {reason}");
pub const RDI_AFTER_LINE: Msg = Msg::new(
    "{reason}（与第 {line} 行同一表具）",
    "{reason} (same meter as line {line})",
);
pub const RDI_ROW: Msg = Msg::new("第 {line} 行：{reason}", "line {line}: {reason}");
pub const RDI_REFUSED: Msg = Msg::new(
    "有 {bad} 行有误，未导入任何读数",
    "{bad} bad rows; no readings were imported",
);
pub const RDI_EMPTY: Msg = Msg::new("文件中没有读数", "the file has no readings");
pub const RDI_STORE_REFUSED: Msg = Msg::new(
    "未导入任何读数：{reason}",
    "no readings were imported: {reason}",
);
pub const RDI_DONE: Msg = Msg::new(
    "已导入 {count} 条读数，出账 {bills} 笔",
    "Imported {count} readings, {bills} bills issued",
);
pub const RD_REGISTER_TOO_LARGE: Msg = Msg::new(
    "读数 {register} 立方米超出任何表具的计数器（最大 {max} 立方米）",
    "A register of {register} m³ is more than any meter shows (at most {max} m³)",
);
pub const RD_OVER_CAPACITY: Msg = Msg::new(
    "{from} 至 {to} 用气 {used} 立方米，超过该表以最大流量昼夜不停所能通过的 {max} 立方米：请核对读数与表号",
    "{used} m³ from {from} to {to} is more than the meter can pass running at full flow day and night ({max} m³): check the register and the meter",
);
