//! Catalog: refusing files that are not gasdesk databases, backups, and what
//! `gasdesk check` finds.

use super::Msg;

pub const DB_HOT_JOURNAL: Msg = Msg::new(
    "{path} 旁有未完成的回滚日志（{path}-journal）：它是中途断开的副本或其他程序的数据库，未做任何改动",
    "{path} has an unfinished rollback journal beside it ({path}-journal): it is a copy cut off half way or another program's database; nothing was changed",
);
pub const BACKUP_HEAD: Msg = Msg::new(
    "备份中审计链的最后一条：第 {id} 条，哈希 {hash}（请记录，以便日后核对）",
    "Audit chain head in the backup: row {id}, hash {hash} (write it down to compare later)",
);
pub const BENCH_NOT_ITS_FILE: Msg = Msg::new(
    "{path} 不是基准测试自己生成的文件，基准测试不会在其上运行（会写入收款和排队记录）。请指定一个不存在的路径",
    "{path} was not built by a bench; benches write receipts and tickets, so they run only on files they built. Name a path that does not exist",
);
pub const CHECK_SCHEMA_MISSING: Msg = Msg::new(
    "缺少{kind} {name}：保护数据的规则被删除",
    "The {kind} {name} is missing: a rule protecting the data was removed",
);
pub const CHECK_SCHEMA_CHANGED: Msg = Msg::new(
    "{kind} {name} 与本程序的定义不同：被改动过",
    "The {kind} {name} differs from this gasdesk's definition: it was altered",
);
pub const CHECK_SCHEMA_EXTRA: Msg = Msg::new(
    "多出未定义的{kind} {name}",
    "An undefined {kind} {name} was added",
);
pub const CHECK_KIND_TRIGGER: Msg = Msg::new("触发器", "trigger");
pub const CHECK_KIND_INDEX: Msg = Msg::new("索引", "index");
pub const CHECK_RECEIPT_UNAUDITED: Msg = Msg::new(
    "收据 {receipt} 没有随之写入的审计记录",
    "Receipt {receipt} has no audit row written with it",
);
pub const CHECK_RECEIPT_AMOUNT: Msg = Msg::new(
    "收据 {receipt} 的金额与其审计记录不符：被改动过",
    "Receipt {receipt}: its amount differs from its audit row; it was altered",
);
pub const CHECK_RECEIPT_METHOD: Msg = Msg::new(
    "收据 {receipt} 的付款方式与其审计记录不符：被改动过",
    "Receipt {receipt}: its payment method differs from its audit row; it was altered",
);
pub const CHECK_RECEIPT_ACCOUNT: Msg = Msg::new(
    "收据 {receipt} 的户号与其审计记录不符：被移到了其他客户",
    "Receipt {receipt}: its account differs from its audit row; it was moved to another account",
);
pub const CHECK_RECEIPT_GONE: Msg = Msg::new(
    "审计记录中的收据 {receipt} 已不存在：被删除",
    "Receipt {receipt} is in the audit trail but no longer exists: it was deleted",
);
pub const CHECK_BILL_AMOUNT: Msg = Msg::new(
    "账单 {bill} 的金额与其分档计价或缴费记录不符：被改动过",
    "Bill {bill}: its amount differs from its priced tiers or its payment; it was altered",
);
pub const CHECK_DAY_HEAD: Msg = Msg::new(
    "{office} 营业日 {day} 结束时记录的审计链第 {id} 条已不同：审计链被重写",
    "The audit row {id} recorded when {office} closed {day} is no longer the same: the audit chain was rewritten",
);
pub const CHECK_DAY_REPORT_DIGEST: Msg = Msg::new(
    "{office} 营业日 {day} 的日结报表在结束后被改动（与保存的校验值不符）",
    "The day-end report {office} froze when it closed {day} was changed afterwards (it no longer matches its stored checksum)",
);
pub const CHECK_DAY_REPORT_AUDIT: Msg = Msg::new(
    "{office} 营业日 {day} 的日结报表连同校验值被替换（与结束时审计记录的校验值不符）",
    "The day-end report {office} froze when it closed {day} was replaced with its checksum (it no longer matches the checksum audited at the close)",
);
pub const CHECK_BACKUP_HEAD_OK: Msg = Msg::new(
    "与备份 {path} 一致（审计链第 {id} 条）",
    "Agrees with backup {path} (audit row {id})",
);
pub const CHECK_BACKUP_HEAD_DIFFERS: Msg = Msg::new(
    "备份 {path} 记录的审计链第 {id} 条在本库中已不同：审计链在备份之后被重写",
    "The audit row {id} recorded in backup {path} is not the same here: the audit chain was rewritten after the backup",
);
pub const CHECK_BACKUP_NO_HEAD: Msg = Msg::new(
    "{path} 没有记录审计链位置（不是 gasdesk backup 生成的备份）",
    "{path} records no audit chain head (it was not made by gasdesk backup)",
);
