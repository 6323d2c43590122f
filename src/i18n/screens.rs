//! Catalog: the counter screens.

use super::Msg;

// --- chrome ---
pub const APP_NAME: Msg = Msg::new("合肥燃气", "Hefei Gas");
pub const BANNER_DEMO: Msg = Msg::new(" 培训 DEMO ", " DEMO ");
pub const BANNER_READ_ONLY: Msg = Msg::new(" 只读 ", " READ-ONLY ");
pub const STATUS_COUNTER: Msg = Msg::new("{counter}号窗口", "Counter {counter}");
pub const TOO_SMALL: Msg = Msg::new(
    "终端窗口太小：至少需要 {need_w}x{need_h}，当前 {w}x{h}。请放大窗口",
    "Terminal too small: needs at least {need_w}x{need_h}, now {w}x{h}. Enlarge the window",
);
pub const INPUT_REFUSED: Msg = Msg::new(
    "输入被拒绝：含有控制字符或超出长度",
    "Input refused: it has control characters or is too long",
);
pub const FORM_TOO_LONG: Msg = Msg::new(
    "此栏最多 {max} 个字符，多出的部分未收入",
    "At most {max} characters here: the rest was not taken",
);
pub const PASTE_FIRST_LINE_KEPT: Msg = Msg::new(
    "粘贴的内容有多行：此栏只有一行，已保留第一行",
    "The pasted text has several lines: this field holds one and kept the first",
);
pub const READ_ONLY_FILE: Msg = Msg::new(
    "数据库文件不可写：只读模式，所有修改操作已停用",
    "The database file is not writable: read-only mode, every change is disabled",
);
pub const READ_ONLY_DAMAGE: Msg = Msg::new(
    "数据库检查发现损坏（{detail}）：已切换为只读，请联系管理员",
    "The database check found damage ({detail}): now read-only; call the administrator",
);
pub const QUIT_TITLE: Msg = Msg::new("退出 gasdesk？", "Quit gasdesk?");
pub const LEAVE_TITLE: Msg = Msg::new("离开此页？", "Leave this screen?");
pub const LEAVE_UNSAVED: Msg = Msg::new(
    "已输入的内容尚未提交，离开将丢失。",
    "What you typed has not been submitted and will be lost if you leave.",
);
pub const QUIT_UNSAVED: Msg = Msg::new(
    "已输入的内容尚未提交，退出将丢失。",
    "What you typed has not been submitted and will be lost.",
);

// --- login and lock ---
pub const LOGIN_TITLE: Msg = Msg::new("窗口登录", "Counter login");
pub const LOGIN_INTRO: Msg = Msg::new("请输入工号和密码", "Enter your staff number and PIN");
pub const LOCK_TITLE: Msg = Msg::new("屏幕已锁定", "Screen locked");
pub const LOCK_INTRO: Msg = Msg::new("已锁定，请输入密码继续", "Locked: enter your PIN to go on");
pub const LABEL_STAFF_NO: Msg = Msg::new("工号", "Staff no.");
pub const LABEL_PIN: Msg = Msg::new("密码", "PIN");
pub const LOGIN_NEED_STAFF_NO: Msg = Msg::new("请输入工号", "Enter your staff number");
pub const WELCOME: Msg = Msg::new("{name}，您好", "Welcome, {name}");

// --- home ---
pub const HOME_TITLE: Msg = Msg::new("业务菜单", "Counter menu");
pub const HOME_INTRO: Msg = Msg::new(
    "选择业务后按回车，或直接按对应按键",
    "Pick a task and press Enter, or press its key",
);

// --- search ---
pub const SEARCH_TITLE: Msg = Msg::new("客户查询", "Customer search");
pub const SEARCH_PROMPT: Msg = Msg::new("查询：", "Search:");
pub const SEARCH_HINT: Msg = Msg::new(
    "户号、手机号（前几位或后4位）、姓名拼音首字母、姓名或地址",
    "Account no., phone (first digits or last 4), pinyin initials, name or address",
);
pub const SEARCH_COUNT: Msg = Msg::new(
    "{count} 条结果（按{kinds}）",
    "{count} results (by {kinds})",
);
pub const KIND_ACCOUNT_NO: Msg = Msg::new("户号", "account no.");
pub const KIND_PHONE: Msg = Msg::new("手机号", "phone");
pub const KIND_PHONE_LAST4: Msg = Msg::new("手机尾号", "phone last 4");
pub const KIND_INITIALS: Msg = Msg::new("拼音首字母", "pinyin initials");
pub const KIND_NAME: Msg = Msg::new("姓名", "name");
pub const KIND_ADDRESS: Msg = Msg::new("地址", "address");
pub const COL_ACCOUNT_NO: Msg = Msg::new("户号", "Account");
pub const COL_HOLDER: Msg = Msg::new("户主", "Holder");
pub const COL_PHONE: Msg = Msg::new("手机", "Mobile");
pub const COL_ADDRESS: Msg = Msg::new("地址", "Address");

// --- customer view ---
pub const CUSTOMER_TITLE: Msg = Msg::new("客户信息", "Customer");
pub const LABEL_STATUS: Msg = Msg::new("状态", "Status");
pub const LABEL_TYPE: Msg = Msg::new("类别", "Type");
pub const LABEL_ID_NUMBER: Msg = Msg::new("身份证", "ID no.");
pub const LABEL_LANDLINE: Msg = Msg::new("固话", "Landline");
pub const LABEL_METER: Msg = Msg::new("燃气表", "Meter");
pub const LABEL_BALANCE: Msg = Msg::new("余额", "Balance");
pub const LABEL_OPENED: Msg = Msg::new("开户日期", "Opened");
pub const BALANCE_NO_LEDGER: Msg = Msg::new("— 暂无收费记录", "— no payments recorded");
pub const STATUS_ACTIVE: Msg = Msg::new("正常", "active");
pub const STATUS_SUSPENDED: Msg = Msg::new("停气", "suspended");
pub const STATUS_CLOSED: Msg = Msg::new("销户", "closed");
pub const CUSTOMER_RESIDENTIAL: Msg = Msg::new("居民", "residential");
pub const CUSTOMER_COMMERCIAL: Msg = Msg::new("商业", "commercial");
pub const METER_IC_CARD: Msg = Msg::new("IC卡表", "IC card");
pub const METER_MECHANICAL: Msg = Msg::new("机械表", "mechanical");
pub const METER_IOT: Msg = Msg::new("物联网表", "IoT");
pub const METER_LINE: Msg = Msg::new(
    "{kind} {serial}（到期 {expires}）",
    "{kind} {serial} (due {expires})",
);
pub const NONE: Msg = Msg::new("无", "none");
pub const ACTIVITY_TITLE: Msg = Msg::new("近期业务", "Recent activity");
pub const ACTIVITY_NONE: Msg = Msg::new("暂无业务记录", "No activity yet");
pub const ACCOUNT_GONE: Msg = Msg::new(
    "找不到该户，请重新查询",
    "That account was not found; search again",
);
pub const REFRESHED: Msg = Msg::new("已刷新", "Refreshed");

/// The label of an audit action code, for activity lists. Unknown codes show as
/// themselves, so a newer gasdesk's rows still read sensibly in an older one.
pub fn audit_action_label(code: &str) -> Msg {
    match code {
        "account_import" => Msg::new("建档导入", "imported"),
        "account_open" => Msg::new("开户", "account opened"),
        "account_update" => Msg::new("资料变更", "details changed"),
        "login" => Msg::new("登录", "logged in"),
        "login_failed" => Msg::new("登录失败", "login failed"),
        "meter_reading" => Msg::new("抄表", "meter reading"),
        "transfer" => Msg::new("过户", "ownership transfer (过户)"),
        "transfer_back" => Msg::new("过户退回", "transfer (过户) back"),
        "transfer_cancel" => Msg::new("撤销待办过户", "pending transfer (过户) cancelled"),
        _ => Msg::new("其他业务", "other"),
    }
}

// --- help and placeholders ---
pub const HELP_TITLE: Msg = Msg::new("按键帮助", "Keys");
pub const HELP_SCREEN: Msg = Msg::new("本界面", "This screen");
pub const HELP_FORM: Msg = Msg::new("表单", "Forms");
pub const HELP_DIALOG: Msg = Msg::new("确认对话框", "Dialogs");
pub const HELP_GLOBAL: Msg = Msg::new("全局", "Everywhere");
pub const HELP_TEXT_RULE: Msg = Msg::new(
    "输入框有焦点时，字母和符号直接输入，不作为快捷键。",
    "While a text box has focus, letters and symbols are typed, not used as shortcuts.",
);
