//! The care register (关爱): entries, visits, the counter marker.

use super::Msg;

pub const CARE_NO_CATEGORY: Msg = Msg::new(
    "请至少选择一个类别（孤、寡、老、特、残）",
    "Choose at least one category (alone, widowed, elderly, special service, disabled)",
);
pub const CARE_UNKNOWN_CODE: Msg = Msg::new("不认识的代码：{code}", "Unknown code: {code}");
pub const CARE_NOMINEE_INCOMPLETE: Msg = Msg::new(
    "联系人需同时填写姓名和手机号",
    "A contact needs both a name and a mobile number",
);
pub const CARE_NOMINEE_NEEDED: Msg = Msg::new(
    "由代办人同意时须登记代办人",
    "Consent given by a nominee needs the nominee's details",
);
pub const CARE_CONSENT_DATE: Msg = Msg::new(
    "同意日期未填或晚于今天",
    "The date of consent is missing or after today",
);
pub const CARE_REVIEW_DATE: Msg = Msg::new(
    "复核或到期日期须晚于登记或走访日期",
    "A review or due date must fall after the consent or visit",
);
pub const CARE_TEMPORARY_PAST: Msg = Msg::new(
    "临时登记的截止日期须晚于今天",
    "A temporary entry must end after today",
);
pub const CARE_EVIDENCE_DATE: Msg = Msg::new("日期不能晚于今天", "The date cannot be after today");
pub const CARE_PURPOSE_REQUIRED: Msg = Msg::new("请填写同意的用途", "Say what the consent is for");
pub const CARE_NO_ACCESS: Msg = Msg::new(
    "关爱档案仅限所长和指定的关爱专员查看",
    "Care files are for managers and named care officers only",
);
pub const CARE_NOT_FOUND: Msg = Msg::new("没有这份关爱档案", "No such care file");
pub const CARE_NOT_ACTIVE: Msg = Msg::new(
    "该关爱登记已撤销，不能再修改",
    "This care entry has been withdrawn and cannot change",
);
pub const CARE_NO_OPEN_HAZARD: Msg = Msg::new("没有这项待整改的隐患", "No such open hazard");
pub const CARE_PURGE_DUE: Msg = Msg::new(
    "到期应清除的关爱登记：{count} 条（未清除）",
    "Care entries due for purging: {count} (nothing purged)",
);
pub const CARE_PURGED: Msg = Msg::new(
    "已清除 {count} 条关爱登记的个人信息，只保留匿名统计",
    "Purged the personal details of {count} care entries; only anonymous counts remain",
);
pub const CARE_PURGE_LOG_BUSY: Msg = Msg::new(
    "另有进程正在读取数据库：日志文件中的旧副本将在下次检查点清除",
    "Another process is reading the database: old copies in the log go at the next checkpoint",
);
pub const CARE_OFFICER_SET: Msg = Msg::new(
    "员工 {staff} 的关爱专员权限：{state}",
    "Care officer access of staff {staff}: {state}",
);
pub const CARE_LIST_HEADER: Msg = Msg::new(
    "   编号 所  姓名     电话        类别   下次走访   上次走访    逾期  隐患",
    "     id of  name     phone       cat.   next visit last visit  late  hazards",
);
pub const CARE_LIST_COUNT: Msg = Msg::new("共 {count} 人", "{count} people");
