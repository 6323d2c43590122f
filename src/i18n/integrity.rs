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
