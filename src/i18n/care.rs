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
pub const CARE_TITLE: Msg = Msg::new("关爱登记", "Care register");
pub const CARE_FILE_TITLE: Msg = Msg::new("关爱档案", "Care file");
pub const CARE_FILTER_ALL: Msg = Msg::new("全部", "All");
pub const CARE_FILTER_MINE: Msg = Msg::new("我负责的", "Mine");
pub const CARE_FILTER_OVERDUE: Msg = Msg::new("走访逾期", "Visits overdue");
pub const CARE_FILTER_HAZARDS: Msg = Msg::new("隐患未整改", "Hazards open");
pub const CARE_LOADING: Msg = Msg::new("正在读取…", "Reading…");
pub const CARE_NONE: Msg = Msg::new("没有符合条件的登记", "No entries match");
pub const CARE_COL_NAME: Msg = Msg::new("姓名", "Name");
pub const CARE_COL_MARKS: Msg = Msg::new("类别", "Category");
pub const CARE_COL_NEXT: Msg = Msg::new("下次走访", "Next visit");
pub const CARE_COL_LATE: Msg = Msg::new("逾期天", "Late");
pub const CARE_COL_HAZARDS: Msg = Msg::new("隐患", "Hazard");
pub const CARE_COL_HELPER: Msg = Msg::new("帮扶人", "Helper");
pub const CARE_FILE_PERSON: Msg = Msg::new(
    "{name}  身份证 {id}  手机 {phone}",
    "{name}  ID {id}  mobile {phone}",
);
pub const CARE_FILE_CATEGORIES: Msg = Msg::new(
    "类别：{categories}    需要：{needs}",
    "Categories: {categories}    needs: {needs}",
);
pub const CARE_FILE_HINT_LINE: Msg = Msg::new("窗口提示：{hint}", "At the counter: {hint}");
pub const CARE_FILE_CONTACTS: Msg = Msg::new(
    "代办人：{nominee}    紧急联系人：{emergency}",
    "Nominee: {nominee}    emergency contact: {emergency}",
);
pub const CARE_FILE_ASSISTANCE: Msg = Msg::new(
    "帮扶：{helper}    每 {every} 天走访    户号：{accounts}",
    "Helper: {helper}    visit every {every} days    accounts: {accounts}",
);
pub const CARE_FILE_CONSENT: Msg = Msg::new(
    "同意：{by} {on}    复核：{review}    状态：{status}",
    "Consent: {by} {on}    review: {review}    status: {status}",
);
pub const CARE_FILE_HAZARD: Msg = Msg::new(
    "隐患（{due} 前整改）：{what} → {follow_up}",
    "Hazard (follow up by {due}): {what} → {follow_up}",
);
pub const CARE_FILE_VISITS: Msg = Msg::new("走访记录（{count} 次）：", "Visits ({count}):");
pub const CARE_CHECKS_OK: Msg = Msg::new("各项检查正常", "all checks passed");
pub const CARE_CHECKS_FAILED: Msg = Msg::new("未通过：{checks}", "failed: {checks}");
pub const CARE_HOSE_REPLACED: Msg = Msg::new("  已换胶管", "  hose replaced");
pub const CARE_VISIT_TITLE: Msg = Msg::new("登记走访", "Record a visit");
pub const CARE_VISIT_HINT: Msg = Msg::new(
    "检查项：{checks}。未通过的填编号（如 1 3），其余视为正常；发现隐患时填写隐患、整改措施和期限。",
    "Checks: {checks}. Type the numbers of those that failed (e.g. 1 3); the others passed. A hazard needs its follow-up and a date.",
);
pub const CARE_RESOLVE_TITLE: Msg = Msg::new("隐患整改", "Follow up a hazard");
pub const CARE_WITHDRAW_TITLE: Msg = Msg::new("撤销关爱登记？", "Withdraw the care entry?");
pub const CARE_WITHDRAW_TEXT: Msg = Msg::new(
    "{name} 或其代办人撤回同意：登记立即停止（不再提示、不再优先、不再走访），个人信息到期后清除。",
    "{name} or their nominee withdraws consent: the entry stops at once (no marker, no priority, no visits) and the personal details are purged after the keeping period.",
);
pub const CARE_CONFIRM_HINT: Msg = Msg::new("Enter 确定   Esc 取消", "Enter confirm   Esc cancel");
pub const CARE_LABEL_VISIT_DATE: Msg = Msg::new("走访日期", "Visited on");
pub const CARE_LABEL_FAILED: Msg = Msg::new("未通过项", "Failed checks");
pub const CARE_LABEL_HAZARD: Msg = Msg::new("隐患", "Hazard");
pub const CARE_LABEL_FOLLOW_UP: Msg = Msg::new("整改措施", "Follow-up");
pub const CARE_LABEL_DUE: Msg = Msg::new("整改期限", "Due by");
pub const CARE_LABEL_HOSE: Msg = Msg::new("换胶管 y/n", "Hose replaced y/n");
pub const CARE_LABEL_RECEIPT: Msg = Msg::new("上门购气收据", "Top-up receipt");
pub const CARE_LABEL_NOTE: Msg = Msg::new("备注", "Note");
pub const CARE_LABEL_RESOLUTION: Msg = Msg::new("整改结果", "What was done");
pub const CARE_BAD_CHECKS: Msg = Msg::new(
    "请填 1 到 {max} 的编号，如 1 3",
    "Type numbers from 1 to {max}, e.g. 1 3",
);
pub const CARE_YES_NO: Msg = Msg::new("请填 y 或 n", "Type y or n");
pub const CARE_VISIT_SAVED: Msg = Msg::new("走访已登记", "Visit recorded");
pub const CARE_HAZARD_RESOLVED: Msg = Msg::new("隐患已整改", "Hazard followed up");
pub const CARE_WITHDRAWN: Msg = Msg::new("登记已撤销", "Entry withdrawn");
pub const CARE_MARKER: Msg = Msg::new("关爱 {marks}  {hint}", "Care {marks}  {hint}");
pub const ACTION_CARE_FILTER: Msg = Msg::new("筛选", "Filter");
pub const ACTION_CARE_VISIT: Msg = Msg::new("登记走访", "Visit");
pub const ACTION_CARE_RESOLVE: Msg = Msg::new("整改隐患", "Follow up");
pub const ACTION_CARE_WITHDRAW: Msg = Msg::new("撤销", "Withdraw");
pub const CARE_BY_PERSON: Msg = Msg::new("本人", "the person");
pub const CARE_BY_NOMINEE: Msg = Msg::new("代办人", "the nominee");
pub const CARE_STATUS_ACTIVE: Msg = Msg::new("在册", "active");
pub const CARE_STATUS_WITHDRAWN: Msg = Msg::new("已撤销", "withdrawn");
pub const CARE_STATUS_PURGED: Msg = Msg::new("已清除", "purged");
pub const ACTION_CARE_NEW: Msg = Msg::new("登记", "Register");
pub const ACTION_CARE_REVIEW: Msg = Msg::new("复核", "Review");
pub const CARE_REGISTER_TITLE: Msg = Msg::new("关爱登记", "Register a person");
pub const CARE_LABEL_ACCOUNTS: Msg = Msg::new("户号", "Accounts");
pub const CARE_LABEL_NAME: Msg = Msg::new("姓名", "Name");
pub const CARE_LABEL_ID: Msg = Msg::new("身份证号", "ID number");
pub const CARE_LABEL_PHONE: Msg = Msg::new("手机", "Mobile");
pub const CARE_LABEL_CATEGORIES: Msg = Msg::new("类别", "Categories");
pub const CARE_LABEL_NEEDS: Msg = Msg::new("需要", "Needs");
pub const CARE_LABEL_NOMINEE: Msg = Msg::new("代办人", "Nominee");
pub const CARE_LABEL_NOMINEE_PHONE: Msg = Msg::new("代办人手机", "Nominee's mobile");
pub const CARE_LABEL_EMERGENCY: Msg = Msg::new("紧急联系人", "Emergency contact");
pub const CARE_LABEL_EMERGENCY_PHONE: Msg = Msg::new("紧急联系电话", "Emergency mobile");
pub const CARE_LABEL_PASSWORD: Msg = Msg::new("上门暗号", "Visit password");
pub const CARE_LABEL_HELPER: Msg = Msg::new("帮扶人", "Helper");
pub const CARE_LABEL_CONSENT_BY: Msg = Msg::new("同意人", "Consent by");
pub const CARE_LABEL_CONSENT_ON: Msg = Msg::new("同意日期", "Consent on");
pub const CARE_LABEL_PURPOSE: Msg = Msg::new("同意用途", "Purpose");
pub const CARE_BAD_ACCOUNTS: Msg = Msg::new(
    "请填 10 位户号，多个用空格分开",
    "Type 10-digit account numbers, separated by spaces",
);
pub const CARE_BAD_CATEGORIES: Msg = Msg::new(
    "类别请填 孤、寡、老、特、残 中的字",
    "Categories are the characters 孤 寡 老 特 残",
);
pub const CARE_BAD_CONSENT_BY: Msg = Msg::new(
    "请填 1（本人）或 2（代办人）",
    "Type 1 (the person) or 2 (the nominee)",
);
pub const CARE_HELPER_REQUIRED: Msg = Msg::new(
    "请填帮扶人工号或队伍名称",
    "Type the helper's staff number or a team's name",
);
pub const CARE_REGISTERED: Msg = Msg::new("已登记", "Registered");
pub const CARE_REVIEWED: Msg = Msg::new(
    "同意已复核，下次复核 {date}",
    "Consent reviewed; next review {date}",
);
pub const CARE_LABEL_EVIDENCE: Msg = Msg::new("已验证件", "Evidence seen");
pub const CARE_LABEL_TEMPORARY: Msg = Msg::new("临时登记至", "Temporary until");
pub const CARE_FILTER_CATEGORY: Msg = Msg::new("类别：{category}", "Category: {category}");
pub const CARE_FILTER_BY_CATEGORY: Msg = Msg::new("按类别", "By category");
pub const CARE_SELECTED_MARK: Msg = Msg::new("· 选中客户：关爱", "· selected: care register");
pub const CARE_HINT_REGISTER: Msg = Msg::new(
    "Tab 到下一项；每项的填法显示在这里。",
    "Tab to the next field; how to fill each shows here.",
);
pub const CARE_HINT_CATEGORIES: Msg = Msg::new(
    "类别，填字：{list}",
    "Categories, type the characters: {list}",
);
pub const CARE_HINT_NUMBERS: Msg = Msg::new(
    "填编号，如 1 3：{list}",
    "Type the numbers, e.g. 1 3: {list}",
);
pub const CARE_HINT_HELPER: Msg = Msg::new(
    "一对一：帮扶人的工号；捆绑式：队伍名称",
    "One-on-one: the helper's staff number; group: the team's name",
);
pub const CARE_HINT_CONSENT_BY: Msg = Msg::new(
    "1 本人同意  2 代办人同意",
    "1 the person consents  2 the nominee does",
);
pub const CARE_HINT_TEMPORARY: Msg = Msg::new(
    "临时登记（如术后）到期自动停止；长期登记留空",
    "A temporary entry (after an operation, say) stops by itself after this date; leave empty otherwise",
);
pub const CARE_EVIDENCE_CIVIL: Msg = Msg::new("民政证明", "civil affairs certificate");
pub const CARE_EVIDENCE_DISABILITY: Msg = Msg::new("残疾证", "disability card");
pub const CARE_EVIDENCE_HOUSEHOLD: Msg = Msg::new("户口簿", "household register");
pub const CARE_EVIDENCE_OTHER: Msg = Msg::new("其他", "other");
pub const CARE_LABEL_SERVE: Msg = Msg::new("关爱提示", "Care");
pub const CARE_REVIEW_DUE: Msg = Msg::new("{date}（已到期，请复核）", "{date} (due: review it)");
