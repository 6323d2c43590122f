//! One word for each role and thing, in each language: the catalog is checked against the
//! words chosen (README, "Words on screen").

use super::check::all_messages;

/// Chinese words the catalog does not use, each with the one it uses instead.
const NOT_IN_ZH: &[(&str, &str)] = &[
    ("经理", "所长"),
    ("主管", "所长"),
    ("营业厅", "服务所"),
    ("营业所", "服务所"),
    ("网点", "服务所"),
    ("本厅", "本所"),
    ("收款员", "柜员"),
    ("柜台", "窗口"),
    ("用户", "客户"),
    ("挂起", "暂挂"),
    ("充值", "购气"),
];

/// Phrases where one of those words means something else: the terminal's suspend key
/// (Ctrl-Z) is 挂起键.
const OTHER_MEANINGS: &[&str] = &["挂起键"];

#[test]
fn chinese_uses_one_word_for_each_role_and_thing() {
    for (zh, en) in all_messages() {
        let mut zh = zh;
        for phrase in OTHER_MEANINGS {
            zh = zh.replace(phrase, "");
        }
        for (word, instead) in NOT_IN_ZH {
            assert!(
                !zh.contains(word),
                "{zh:?} ({en:?}) says {word}: the catalog says {instead}"
            );
        }
    }
}

/// The manager is 所长 on every screen, and 所长 is "manager" in English.
#[test]
fn the_manager_is_suozhang_and_manager() {
    let mut seen = 0;
    for (zh, en) in all_messages() {
        let en_lower = en.to_lowercase();
        // The role's name on the command line (`--role manager`) and the X window manager
        // are not the manager of an office.
        let en_manager = en_lower.contains("manager")
            && !zh.contains("manager")
            && !en_lower.contains("window manager");
        if zh.contains("所长") || en_manager {
            seen += 1;
            assert!(
                zh.contains("所长") && en_manager,
                "{zh:?} / {en:?}: the manager is 所长 and \"manager\""
            );
        }
    }
    assert!(seen >= 10, "only {seen} messages name the manager");
}

/// "Transfer" is an ownership transfer (过户, F6); a ticket sent to another service or
/// counter moves (转移, "move").
#[test]
fn transfer_is_ownership_and_a_ticket_moves() {
    let mut moves = 0;
    for (zh, en) in all_messages() {
        let en_lower = en.to_lowercase();
        if en_lower.contains("transfer") {
            assert!(
                zh.contains("过户"),
                "{en:?} ({zh:?}): in English \"transfer\" is 过户 only"
            );
        }
        if zh.contains("过户") {
            assert!(en_lower.contains("transfer"), "{zh:?} / {en:?}");
        }
        if zh.contains("转移") {
            moves += 1;
            assert!(
                en_lower.contains("move") || en_lower.contains("moving"),
                "{zh:?} / {en:?}: a ticket moves"
            );
        }
    }
    assert!(moves >= 5, "only {moves} messages move a ticket");
}

/// The shipped keymaps and the service names say the same.
#[test]
fn keymaps_and_service_names_use_the_same_words() {
    for (name, text) in [
        ("default.toml", include_str!("../../keymaps/default.toml")),
        ("no-fkeys.toml", include_str!("../../keymaps/no-fkeys.toml")),
    ] {
        assert!(!text.contains("transfer_ticket"), "{name}: move_ticket");
    }
    let services = include_str!("../../data/services.toml");
    for line in services.lines().filter(|l| l.starts_with("name_zh")) {
        for (word, instead) in NOT_IN_ZH {
            assert!(!line.contains(word), "services.toml {line}: {instead}");
        }
    }
}
