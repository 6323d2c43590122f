//! Catalog: the store, the command line and the screens written by the core team.

use super::Msg;

// --- roles and permissions ---
pub const ROLE_CLERK: Msg = Msg::new("柜员", "Clerk");
pub const ROLE_MANAGER: Msg = Msg::new("所长", "Manager");
pub const ROLE_TRAINER: Msg = Msg::new("培训师", "Trainer");
pub const ROLE_ADMIN: Msg = Msg::new("管理员", "Admin");
pub const PERMISSION_DENIED: Msg = Msg::new(
    "权限不足：{role}不能执行此操作，请联系所长或管理员",
    "Not allowed: a {role} cannot do this; ask a manager or an administrator",
);

// --- PINs and login ---
pub const PIN_NOT_SIX_DIGITS: Msg = Msg::new("密码须为6位数字", "A PIN is exactly six digits");
pub const PIN_MISMATCH: Msg = Msg::new("两次输入的密码不一致", "The two PINs differ");

// --- the store ---
pub const DB_MISSING: Msg = Msg::new(
    "找不到数据库 {path}。新装请运行 gasdesk init，培训请运行 gasdesk demo",
    "No database at {path}. Run `gasdesk init` for a new installation or `gasdesk demo` for training",
);
pub const DB_EXISTS: Msg = Msg::new(
    "{path} 已存在，未做任何改动",
    "{path} already exists; nothing was changed",
);
pub const DB_NOT_GASDESK: Msg = Msg::new(
    "{path} 不是 gasdesk 数据库，未做任何改动。请检查 --db 路径",
    "{path} is not a gasdesk database; nothing was changed. Check the --db path",
);
pub const DB_TOO_NEW: Msg = Msg::new(
    "{path} 的数据库版本为 {found}，本程序只支持到 {supported}。请升级 gasdesk",
    "{path} has schema version {found} but this gasdesk understands up to {supported}. Upgrade gasdesk",
);
pub const DB_NO_WAL: Msg = Msg::new(
    "{path} 所在的文件系统不支持 WAL 模式，请把数据库放在本地磁盘上",
    "The file system of {path} does not support WAL mode; keep the database on a local disk",
);
pub const DB_OPEN_FAILED: Msg =
    Msg::new("无法打开 {path}：{reason}", "Cannot open {path}: {reason}");
pub const DB_BUSY: Msg = Msg::new(
    "数据库繁忙，本次操作未保存，请稍后重试",
    "The database is busy; this change was NOT saved. Try again in a moment",
);
pub const DB_READ_ONLY: Msg = Msg::new(
    "只读模式：不能保存任何修改",
    "Read-only mode: no change can be saved",
);
pub const DB_BACKUP_DAMAGED: Msg = Msg::new(
    "备份 {path} 校验失败：{reason}",
    "Backup {path} failed verification: {reason}",
);
pub const DB_UNEXPECTED: Msg = Msg::new(
    "数据库错误：{reason}。操作未保存，请告知管理员",
    "Database error: {reason}. Nothing was saved; tell the administrator",
);

pub const LOGIN_WRONG: Msg = Msg::new(
    "工号或密码错误。连续输错 {max} 次密码，工号锁定 {minutes} 分钟",
    "Wrong staff number or PIN. {max} wrong PINs in a row lock the number for {minutes} min",
);
pub const LOGIN_LOCKED: Msg = Msg::new(
    "密码错误次数过多，工号锁定至 {until}，请找所长",
    "Locked until {until} after too many wrong PINs; ask a manager",
);
pub const LOGIN_NO_PIN: Msg = Msg::new(
    "没有输入密码（脚本请在标准输入中每行给一个密码）",
    "No PIN given (a script gives each PIN on its own line of standard input)",
);
pub const LOGIN_DISABLED: Msg = Msg::new(
    "此工号已停用，请联系管理员",
    "This login is disabled; contact an administrator",
);
pub const LOGIN_TRAINER_LIVE: Msg = Msg::new(
    "培训师只能登录培训库（gasdesk demo），不能登录生产数据",
    "Trainers log in to the demo database (gasdesk demo), never to live data",
);

// --- demo ---
pub const DEMO_REFUSES_LIVE: Msg = Msg::new(
    "{path} 是生产数据库，培训数据绝不覆盖生产数据。请用 --db 指定另一个文件",
    "{path} holds live data; the demo never overwrites a live database. Pick another file with --db",
);
pub const DEMO_BUILDING: Msg = Msg::new("正在生成培训数据", "Building the demo dataset");
pub const DEMO_BUILT: Msg = Msg::new(
    "培训数据库已生成：{path}（{accounts} 户，用时 {seconds} 秒）",
    "Demo database ready: {path} ({accounts} accounts, {seconds} s)",
);

// --- init and staff administration ---
pub const INIT_DONE: Msg = Msg::new(
    "已创建生产数据库 {path}，管理员工号 {admin}",
    "Created the live database {path}; administrator staff number {admin}",
);
pub const PROMPT_NEW_PIN: Msg = Msg::new("新密码（6位数字）：", "New PIN (6 digits): ");
pub const PROMPT_REPEAT_PIN: Msg = Msg::new("再次输入新密码：", "Repeat the new PIN: ");
pub const PROMPT_PIN_FOR: Msg = Msg::new("工号 {staff} 的密码：", "PIN for staff number {staff}: ");
pub const STAFF_BAD_ROLE: Msg = Msg::new(
    "未知角色“{role}”：可选 clerk、manager、trainer、admin",
    "Unknown role \"{role}\": use clerk, manager, trainer or admin",
);
pub const STAFF_BAD_NUMBER: Msg = Msg::new("工号须为3到8位数字", "A staff number is 3 to 8 digits");
pub const STAFF_BAD_OFFICE: Msg = Msg::new(
    "没有编号为 {office} 的服务所",
    "There is no office {office}",
);
pub const STAFF_EXISTS: Msg =
    Msg::new("工号 {staff} 已存在", "Staff number {staff} already exists");
pub const STAFF_ADDED: Msg = Msg::new("已添加工号 {staff}", "Added staff number {staff}");
pub const STAFF_PIN_RESET: Msg =
    Msg::new("工号 {staff} 的密码已重置", "The PIN of {staff} was reset");
pub const STAFF_DISABLED: Msg = Msg::new("工号 {staff} 已停用", "Staff number {staff} is disabled");
pub const STAFF_STATE_DISABLED: Msg = Msg::new("已停用", "disabled");
pub const STAFF_STATE_LOCKED: Msg = Msg::new("曾锁定", "was locked");

// --- account import ---
pub const IMPORT_FIELD: Msg = Msg::new("{field}：{reason}", "{field}: {reason}");
pub const IMPORT_BAD_ACCOUNT_NO: Msg = Msg::new(
    "account_no：户号须为10位数字",
    "account_no: an account number is 10 digits",
);
pub const IMPORT_BAD_CUSTOMER_TYPE: Msg = Msg::new(
    "customer_type：未知类型“{value}”，可选 residential（居民）或 commercial（商业）",
    "customer_type: unknown \"{value}\"; use residential or commercial",
);
pub const IMPORT_BAD_METER_KIND: Msg = Msg::new(
    "meter_kind：未知表型“{value}”，可选 ic_card、mechanical、iot",
    "meter_kind: unknown \"{value}\"; use ic_card, mechanical or iot",
);
pub const IMPORT_METER_SERIAL_MISSING: Msg = Msg::new(
    "meter_serial：填写了表型就必须填写表号",
    "meter_serial: required when meter_kind is given",
);
pub const IMPORT_DUP_ACCOUNT_FILE: Msg = Msg::new(
    "account_no：户号 {account} 在文件中重复（首次出现在第 {line} 行）",
    "account_no: {account} appears twice in the file (first on line {line})",
);
pub const IMPORT_DUP_ID_FILE: Msg = Msg::new(
    "id_number：身份证号在文件中重复（首次出现在第 {line} 行）",
    "id_number: the same ID number appears earlier in the file (line {line})",
);
pub const IMPORT_ACCOUNT_EXISTS: Msg = Msg::new(
    "account_no：户号 {account} 已存在于数据库中",
    "account_no: {account} already exists in the database",
);
pub const IMPORT_ID_EXISTS: Msg = Msg::new(
    "id_number：该身份证号已登记在其他户下",
    "id_number: this ID number already belongs to another account",
);
pub const IMPORT_MISSING_COLUMNS: Msg = Msg::new(
    "文件缺少列：{columns}。表头须为 account_no,name,id_number,phone,address",
    "The file lacks columns: {columns}. The header must be account_no,name,id_number,phone,address",
);
pub const IMPORT_UNKNOWN_COLUMN: Msg = Msg::new("未知列“{column}”", "Unknown column \"{column}\"");
pub const IMPORT_DUPLICATE_COLUMN: Msg = Msg::new(
    "表头中“{column}”列出现了两次：每列只能有一个",
    "Column \"{column}\" appears twice in the header: each column may appear once",
);
pub const IMPORT_INVALID_UTF8: Msg = Msg::new(
    "{column}：不是 UTF-8 文本（请将文件另存为 UTF-8 编码）",
    "{column}: not UTF-8 text (save the file as UTF-8)",
);
pub const IMPORT_ROW: Msg = Msg::new("第 {line} 行：{reason}", "line {line}: {reason}");
pub const IMPORT_REFUSED: Msg = Msg::new(
    "{bad} 行有错误，未导入任何数据。修正后重试，或用 --skip-invalid --rejects 退回.csv 只导入正确的行",
    "{bad} rows have errors; nothing was imported. Fix them, or use --skip-invalid --rejects OUT.csv to import only the good rows",
);
pub const IMPORT_DONE: Msg = Msg::new("已导入 {count} 户", "Imported {count} accounts");
pub const IMPORT_REJECTS_WRITTEN: Msg = Msg::new(
    "{bad} 行未导入，已写入 {path}（含 reason 列）",
    "{bad} rows were not imported; they are in {path} with a reason column",
);
pub const IMPORT_NEEDS_REJECTS: Msg = Msg::new(
    "--skip-invalid 需要同时指定 --rejects 文件",
    "--skip-invalid needs --rejects FILE for the rows it skips",
);

// --- check, backup, keymap check ---
pub const CHECK_INTEGRITY: Msg = Msg::new(
    "完整性检查失败：{detail}",
    "Integrity check failed: {detail}",
);
pub const CHECK_FOREIGN_KEYS: Msg = Msg::new(
    "外键检查失败：{detail}",
    "Foreign key check failed: {detail}",
);
pub const CHECK_CHAIN_OK: Msg = Msg::new(
    "审计链完整（{rows} 条）",
    "Audit chain intact ({rows} rows)",
);
pub const CHECK_CHAIN_BROKEN: Msg = Msg::new(
    "审计链在第 {id} 条处断裂（{problem}）：审计记录被改动或删除",
    "Audit chain broken at row {id} ({problem}): audit rows were edited or removed",
);
pub const CHECK_OK: Msg = Msg::new("{path}：检查通过", "{path}: all checks passed");
pub const CHECK_FAILED: Msg = Msg::new(
    "发现 {count} 项问题。请停止使用并联系管理员，从备份恢复",
    "Problems found: {count}. Stop using this database and ask the administrator to restore a backup",
);
pub const BACKUP_DONE: Msg = Msg::new(
    "已备份到 {path} 并校验通过",
    "Backed up to {path} and verified",
);
pub const KEYMAP_OK: Msg = Msg::new(
    "{path}：有效（{count} 个按键绑定）",
    "{path}: valid ({count} bindings)",
);
pub const SEARCH_NONE: Msg = Msg::new("没有找到匹配的客户", "No matching customer");
pub const IMPORT_FIELD_COUNT: Msg = Msg::new(
    "该行有 {found} 列，表头有 {expected} 列：含逗号的地址请加英文双引号",
    "the row has {found} fields but the header has {expected}; quote an address that contains a comma",
);
pub const IMPORT_REJECTS_EXISTS: Msg = Msg::new(
    "退回文件 {path} 已存在，未导入任何数据。请指定一个新文件",
    "The rejects file {path} already exists; nothing was imported. Name a new file",
);
pub const STAFF_UNKNOWN: Msg = Msg::new("没有工号 {staff}", "There is no staff number {staff}");
pub const STAFF_SELF_DISABLE: Msg = Msg::new(
    "管理员不能停用自己的工号",
    "An administrator cannot disable their own login",
);
pub const DB_UPGRADE_READ_ONLY: Msg = Msg::new(
    "{path} 需要升级，但当前为只读。请由数据库所有者（服务账号）先打开一次",
    "{path} needs an upgrade but is read-only; open it once as its owner (the service user)",
);
pub const CHECK_PROBLEM_HASH: Msg = Msg::new(
    "内容与哈希不符（记录被修改）",
    "content does not match its hash (the row was edited)",
);
pub const CHECK_PROBLEM_LINK: Msg = Msg::new(
    "与上一条的链接断开（有记录被删除或插入）",
    "link to the previous row broken (rows removed or inserted)",
);
pub const CHECK_PROBLEM_GAP: Msg = Msg::new(
    "编号不连续，应为 {expected}（有记录被删除）",
    "numbering jumps; expected {expected} (rows removed)",
);
