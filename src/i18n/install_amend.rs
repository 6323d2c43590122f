//! New installs (F5) after intake: owed documents brought in (several at once), what
//! was never brought on a finished application, the notice of a cancelled one, and the
//! applicant's details corrected.

use super::Msg;

pub const IN_ERR_PICK_EMPTY: Msg = Msg::new(
    "请填写待补材料的编号，多份用空格分开，* 为全部",
    "Type the numbers of the documents brought, several with spaces, or * for all",
);
pub const IN_ERR_PICK_NUMBER: Msg = Msg::new(
    "“{text}”不是编号：请填写列出的编号，如 1 2",
    "'{text}' is not a number: type the numbers listed, as in 1 2",
);
pub const IN_ERR_PICK_RANGE: Msg = Msg::new(
    "没有编号为 {n} 的待补材料，未作任何记录",
    "No owed document is numbered {n}; nothing was recorded",
);
pub const IN_ERR_PICK_TWICE: Msg = Msg::new(
    "编号 {n} 填了两次，未作任何记录",
    "Number {n} is given twice; nothing was recorded",
);
pub const IN_ERR_DOCUMENT_TWICE: Msg = Msg::new(
    "材料“{document}”已收到或重复，未作任何记录",
    "{document} is already in or named twice; nothing was recorded",
);
pub const IN_HINT_DOCS_MANY: Msg = Msg::new(
    "待补材料：{list}。可填多个编号（如 1 2），* 为全部",
    "Owed: {list}. Several numbers (1 2), or * for all",
);
pub const IN_DOCS_SAVED: Msg = Msg::new("已补交材料：{list}", "Documents received: {list}");
/// Between the items of a list in a sentence.
pub const IN_LIST_SEP: Msg = Msg::new("；", "; ");
/// Between words in a short list.
pub const IN_WORD_SEP: Msg = Msg::new("、", ", ");
pub const IN_VIEW_OWED: Msg = Msg::new("待补材料：{list}", "Owed: {list}");
pub const IN_VIEW_OWED_ITEM: Msg = Msg::new("{document} {due}前", "{document} by {due}");
pub const IN_VIEW_NEVER_RECEIVED: Msg = Msg::new(
    "开户办结时仍未收到：{list}",
    "Never received (application finished): {list}",
);
pub const IN_VIEW_NOT_RECEIVED_CANCELLED: Msg = Msg::new(
    "取消时未收到：{list}",
    "Not received when cancelled: {list}",
);
pub const IN_DOC_NOTHING_OWED: Msg =
    Msg::new("此申请没有待补材料", "Nothing is owed on this application");
pub const IN_DOC_FINISHED: Msg = Msg::new(
    "申请已开户办结，不再补交材料",
    "The application is finished (account open): no documents are recorded now",
);
pub const IN_DOC_CANCELLED: Msg = Msg::new(
    "申请已取消，不能补交材料",
    "The application is cancelled: no documents are recorded",
);
pub const IN_DOC_NOT_YOURS: Msg = Msg::new(
    "补交材料由窗口人员办理",
    "Documents are recorded by counter staff",
);
pub const IN_NOTICE_CANCELLED: Msg = Msg::new(
    "本申请已于 {day} 取消。原因：{reason}。无需再补交材料或缴费。",
    "THIS APPLICATION IS CANCELLED (on {day}). Reason: {reason}. Nothing more to bring or pay.",
);
pub const IN_NOTICE_FINISHED: Msg = Msg::new(
    "本申请已办结，户号 {account}。",
    "This application is finished: account {account} is open.",
);
pub const IN_NOTICE_NEVER_RECEIVED: Msg = Msg::new("未收到的材料：", "Never received:");
pub const IN_NOTICE_NOT_RECEIVED_LINE: Msg = Msg::new("  {document}", "  {document}");

pub const IN_ACT_CORRECT: Msg = Msg::new("更正申请人信息", "Correct applicant");
pub const ACTION_INSTALL_CORRECT: Msg = Msg::new("更正", "Correct");
pub const IN_HINT_CORRECT: Msg = Msg::new(
    "只填要更正的栏，空栏不变。现为：{name}  {phone}  {id}  {household} 人",
    "Fill only what changes; a blank keeps it. Now: {name}, {phone}, {id}, household {household}",
);
pub const IN_ERR_NOTHING_TO_CORRECT: Msg = Msg::new(
    "没有要更正的内容：请填写要更正的栏",
    "Nothing to correct: fill in what changes",
);
pub const IN_CORRECTED: Msg = Msg::new("已更正申请人信息", "Applicant's details corrected");
pub const IN_CORRECTED_ALSO_ON_FILE: Msg = Msg::new(
    "已更正申请人信息。注意，此身份证号或地址已有记录：{records}",
    "Applicant's details corrected. Note: already on file for this ID number or address: {records}",
);
pub const IN_CORRECT_FINISHED: Msg = Msg::new(
    "申请已开户办结，不能再更正申请人信息",
    "The account is open: the applicant's details can no longer be corrected here",
);
pub const IN_CORRECT_CANCELLED: Msg = Msg::new(
    "申请已取消，不能更正申请人信息",
    "The application is cancelled: its details cannot be corrected",
);
/// The fields a correction changed, in the timeline.
pub const IN_CORRECTED_FIELDS: Msg = Msg::new("更正 {fields}", "Corrected {fields}");
