//! Catalog: screen titles, labels and hints.
use super::Msg;

// --- action labels ---
// Short: the footer shows several of them side by side at 80 columns.

pub const ACTION_HELP: Msg = Msg::new("帮助", "Help");
pub const ACTION_GO_HOME: Msg = Msg::new("主页", "Home");
pub const ACTION_GO_QUEUE: Msg = Msg::new("叫号", "Queue");
pub const ACTION_GO_SEARCH: Msg = Msg::new("查询", "Search");
pub const ACTION_GO_CASH: Msg = Msg::new("收费", "Cash");
pub const ACTION_GO_INSTALL: Msg = Msg::new("报装", "Install");
pub const ACTION_GO_TRANSFER: Msg = Msg::new("过户", "Transfer");
pub const ACTION_GO_CARE: Msg = Msg::new("关爱", "Care");
pub const ACTION_GO_REPORTS: Msg = Msg::new("报表", "Reports");
pub const ACTION_BACK: Msg = Msg::new("返回", "Back");
pub const ACTION_QUIT: Msg = Msg::new("退出", "Quit");
pub const ACTION_LOCK: Msg = Msg::new("锁屏", "Lock");
pub const ACTION_NEXT_FIELD: Msg = Msg::new("下一项", "Next field");
pub const ACTION_PREV_FIELD: Msg = Msg::new("上一项", "Prev field");
pub const ACTION_SUBMIT: Msg = Msg::new("提交", "Submit");
pub const ACTION_CLEAR_FIELD: Msg = Msg::new("清空", "Clear");
pub const ACTION_CONFIRM: Msg = Msg::new("确定", "OK");
pub const ACTION_CANCEL: Msg = Msg::new("取消", "Cancel");
pub const ACTION_SELECT_NEXT: Msg = Msg::new("下移", "Down");
pub const ACTION_SELECT_PREV: Msg = Msg::new("上移", "Up");
pub const ACTION_ACTIVATE: Msg = Msg::new("进入", "Open");
pub const ACTION_PAGE_DOWN: Msg = Msg::new("下页", "Page down");
pub const ACTION_PAGE_UP: Msg = Msg::new("上页", "Page up");
pub const ACTION_OPEN: Msg = Msg::new("查看", "Open");
pub const ACTION_REFRESH: Msg = Msg::new("刷新", "Refresh");
pub const ACTION_SCROLL_DOWN: Msg = Msg::new("向下", "Down");
pub const ACTION_SCROLL_UP: Msg = Msg::new("向上", "Up");
pub const ACTION_CALL_NEXT: Msg = Msg::new("叫下一位", "Call next");
pub const ACTION_RECALL: Msg = Msg::new("重呼", "Recall");
pub const ACTION_ARRIVED: Msg = Msg::new("已到", "Arrived");
pub const ACTION_NO_SHOW: Msg = Msg::new("过号", "No-show");
pub const ACTION_PARK: Msg = Msg::new("暂挂", "Park");
pub const ACTION_RESUME: Msg = Msg::new("恢复", "Resume");
pub const ACTION_TRANSFER_TICKET: Msg = Msg::new("转移", "Move");
pub const ACTION_CALL_SPECIFIC: Msg = Msg::new("插队叫号", "Out of order");
pub const ACTION_FINISH: Msg = Msg::new("办结", "Finish");
pub const ACTION_QUICK_SERVE: Msg = Msg::new("现场办理", "Walk-in");
pub const ACTION_OPEN_COUNTER: Msg = Msg::new("开窗", "Open");
pub const ACTION_PAUSE_COUNTER: Msg = Msg::new("暂停", "Pause");
pub const ACTION_CLOSE_COUNTER: Msg = Msg::new("关窗", "Close");
pub const ACTION_MANAGER_PANEL: Msg = Msg::new("全所", "Office");
pub const ACTION_PRIORITY: Msg = Msg::new("优先通道", "Priority");
pub const ACTION_PAY: Msg = Msg::new("收费", "Pay");
pub const ACTION_REISSUE_CARD: Msg = Msg::new("补卡", "New card");
pub const ACTION_ENTER_READING: Msg = Msg::new("抄表", "Reading");
pub const ACTION_OPEN_SHIFT: Msg = Msg::new("开班", "Open");
pub const ACTION_BALANCE_SHIFT: Msg = Msg::new("轧账", "Balance");
pub const ACTION_CLOSE_SHIFT: Msg = Msg::new("结班", "Close");
pub const ACTION_REOPEN_SHIFT: Msg = Msg::new("重开", "Reopen");
pub const ACTION_REPRINT: Msg = Msg::new("补打", "Reprint");
pub const ACTION_VOID_RECEIPT: Msg = Msg::new("冲正", "Reverse");
pub const ACTION_WRITE_CARD: Msg = Msg::new("写卡", "Write card");
pub const ACTION_SIMULATE_CARD_FAILURE: Msg = Msg::new("模拟故障", "Fail card");
pub const ACTION_TOGGLE_ITEM: Msg = Msg::new("选/不选", "Toggle");
pub const ACTION_SELECT_ALL: Msg = Msg::new("全选", "All");

// Keymap file errors. Each is appended to a location such as `mykeys.toml: [search] open: `;
// key strings, section and action names stay as written in the file.

pub const KEYMAP_ERR_READ: Msg = Msg::new("无法读取：{error}", "cannot read: {error}");
pub const KEYMAP_ERR_SYNTAX: Msg =
    Msg::new("TOML 语法错误：{message}", "TOML syntax error: {message}");
pub const KEYMAP_ERR_TOP_LEVEL: Msg = Msg::new("（顶层）", "(top level)");
pub const KEYMAP_ERR_NOT_A_SECTION: Msg = Msg::new(
    "按键绑定须写在分区内，例如 [global]",
    "bindings belong in a section such as [global]",
);
pub const KEYMAP_ERR_UNKNOWN_SECTION: Msg = Msg::new(
    "未知的分区 [{section}]；可用的分区：{sections}",
    "unknown section [{section}]; the sections are: {sections}",
);
pub const KEYMAP_ERR_UNKNOWN_ACTION: Msg = Msg::new(
    "未知的操作；[{section}] 可用的操作：{actions}",
    "unknown action; the actions of [{section}] are: {actions}",
);
pub const KEYMAP_ERR_WRONG_SCOPE: Msg = Msg::new(
    "此操作不能用于 [{section}]，应写在 {belongs}",
    "not an action of [{section}]; it belongs in {belongs}",
);
pub const KEYMAP_ERR_BAD_VALUE: Msg = Msg::new(
    "应为按键列表，例如 [\"f1\", \"alt-1\"]",
    "expected a list of keys such as [\"f1\", \"alt-1\"]",
);
pub const KEYMAP_ERR_LISTED_TWICE: Msg =
    Msg::new("\"{key}\" 重复列出", "\"{key}\" is listed twice");
pub const KEYMAP_ERR_DUPLICATE: Msg = Msg::new(
    "\"{key}\" 同时绑定到 {action} 和 {other}",
    "\"{key}\" is bound to both {action} and {other}",
);
pub const KEYMAP_ERR_DUPLICATE_DEFAULT: Msg = Msg::new(
    "（{other} 的绑定来自默认键位表：请一并改绑，或写 {other} = [] 解除）",
    " ({other} has it from the default keymap: rebind it too, or unbind it with {other} = [])",
);
pub const KEYMAP_ERR_NOT_FOUND: Msg = Msg::new(
    "找不到键位表 \"{name}\"；已查找：{looked}",
    "no keymap named \"{name}\"; looked for: {looked}",
);
pub const KEYMAP_BUILT_IN: Msg = Msg::new("内置：{names}", "built in: {names}");

// Key string errors. Each follows the key string as written, e.g. `"ctrl-enter" `.

pub const KEY_ERR_EMPTY: Msg = Msg::new(
    "为空；请写一个按键，例如 \"f1\" 或 \"ctrl-q\"",
    "is empty; write a key such as \"f1\" or \"ctrl-q\"",
);
pub const KEY_ERR_UNKNOWN: Msg = Msg::new(
    "不是按键；应为单个字符或按键名：f1–f12、enter、esc、tab、backtab、space、backspace、delete、insert、home、end、pageup、pagedown、up、down、left、right",
    "is not a key; write one character or a key name: f1–f12, enter, esc, tab, backtab, space, backspace, delete, insert, home, end, pageup, pagedown, up, down, left, right",
);
pub const KEY_ERR_NOT_ASCII: Msg = Msg::new(
    "只能绑定 ASCII 字母、数字和标点",
    "only ASCII letters, digits and punctuation can be bound",
);
pub const KEY_ERR_UNKNOWN_MODIFIER: Msg = Msg::new(
    "使用了 \"{modifier}-\"，终端不会把它传给程序；请用 ctrl- 或 alt-",
    "uses \"{modifier}-\", which terminals do not pass to programs; use ctrl- or alt-",
);
pub const KEY_ERR_REPEATED_MODIFIER: Msg =
    Msg::new("重复写了同一个修饰键", "names a modifier twice");
pub const KEY_ERR_SHIFT_LETTER: Msg = Msg::new(
    "应写成 \"{key}\"（大写字母即 shift+字母）",
    "is written \"{key}\" (an uppercase letter means shift+letter)",
);
pub const KEY_ERR_SHIFT_TAB: Msg = Msg::new("应写成 \"backtab\"", "is written \"backtab\"");
pub const KEY_ERR_SHIFT_OTHER: Msg = Msg::new(
    "不能用 shift-：请直接写大写字母（\"A\"）或上档字符本身（\"!\"）",
    "cannot use shift-: write an uppercase letter (\"A\") or the shifted character itself (\"!\")",
);
pub const KEY_ERR_INDISTINCT: Msg = Msg::new(
    "在多数终端上与 {like} 无法区分",
    "cannot be told apart from {like} on most terminals",
);
pub const KEY_ERR_RESERVED_INTERRUPT: Msg = Msg::new(
    "已保留：这是终端的中断键",
    "is reserved: it is the terminal's interrupt key",
);
pub const KEY_ERR_RESERVED_SUSPEND: Msg = Msg::new(
    "已保留：这是终端的挂起键",
    "is reserved: it is the terminal's suspend key",
);
pub const KEY_ERR_RESERVED_FLOW: Msg = Msg::new(
    "已保留：这是流控键 XOFF，许多终端会因此停住",
    "is reserved: it is XOFF flow control, which freezes many terminals",
);
pub const KEY_ERR_RESERVED_WINDOW: Msg = Msg::new(
    "已保留：窗口管理器会截走它",
    "is reserved: the window manager takes it",
);
pub const KEY_ERR_NO_MODIFIERS: Msg = Msg::new(
    "功能键和方向/翻页键不能加修饰键：各终端发送的内容不同",
    "cannot take a modifier: terminals differ in what they send for F-keys and navigation keys",
);
pub const KEY_ERR_CTRL_LETTER: Msg = Msg::new(
    "不可用：传统终端上 ctrl- 只能配字母 a–z 和 space",
    "cannot be used: ctrl- works only with the letters a–z and space on a legacy terminal",
);
pub const KEY_ERR_CTRL_UPPERCASE: Msg = Msg::new(
    "应写成 \"{key}\"：ctrl- 不区分大小写",
    "is written \"{key}\": ctrl- carries no upper or lower case",
);
