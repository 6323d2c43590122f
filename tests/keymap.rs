//! Keymap files through the public API: the shipped ones, overrides, and every kind of
//! broken file.

use std::path::{Path, PathBuf};

use gasdesk::i18n::{Lang, Localized};
use gasdesk::keymap::{Action, KeyChord, Keymap, KeymapError, Scope, check_file};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keymaps")
        .join(name)
}

fn key(s: &str) -> KeyChord {
    KeyChord::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

fn keys(list: &[&str]) -> Vec<KeyChord> {
    list.iter().map(|s| key(s)).collect()
}

#[test]
fn shipped_keymaps_parse() {
    let builtin = Keymap::builtin();
    assert_eq!(
        builtin.action(Scope::Global, &key("f1")),
        Some(Action::Help)
    );
    for name in ["default", "no-fkeys"] {
        Keymap::resolve(Some(name), None).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["keymaps/default.toml", "keymaps/no-fkeys.toml"] {
        check_file(&root.join(file)).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn every_action_is_bound_by_default_in_a_section_it_belongs_to() {
    let keymap = Keymap::builtin();
    for &action in Action::ALL {
        let bound = action
            .scopes()
            .iter()
            .any(|&scope| !keymap.keys(scope, action).is_empty());
        assert!(bound, "{} has no default key", action.name());
    }
}

#[test]
fn every_fkey_has_a_fallback() {
    let keymap = Keymap::builtin();
    for &scope in Scope::ALL {
        for (action, list) in keymap.bindings(scope) {
            let has_f = list.iter().any(|k| k.to_string().starts_with('F'));
            let has_other = list.iter().any(|k| !k.to_string().starts_with('F'));
            assert!(!has_f || has_other, "[{}] {}", scope.name(), action.name());
        }
    }
}

#[test]
fn every_action_has_labels_in_both_languages() {
    for &action in Action::ALL {
        let label = action.label();
        assert!(!label.get(Lang::Zh).trim().is_empty(), "{}", action.name());
        assert!(!label.get(Lang::En).trim().is_empty(), "{}", action.name());
        assert_eq!(Action::from_name(action.name()), Some(action));
    }
    for &scope in Scope::ALL {
        assert_eq!(Scope::from_name(scope.name()), Some(scope));
    }
}

#[test]
fn default_lookup_and_shadowing() {
    let keymap = Keymap::builtin();
    // Global keys work from every screen.
    assert_eq!(
        keymap.action(Scope::Search, &key("f2")),
        Some(Action::GoQueue)
    );
    assert_eq!(
        keymap.action(Scope::Home, &key("alt-2")),
        Some(Action::GoQueue)
    );
    // A screen's own keys first; "?" is help only where there is no text field.
    assert_eq!(keymap.action(Scope::Home, &key("?")), Some(Action::Help));
    assert_eq!(keymap.action(Scope::Search, &key("?")), None);
    // Overlays shadow the screen and Global: Esc cancels a dialog instead of going back.
    assert_eq!(keymap.action(Scope::Home, &key("esc")), Some(Action::Back));
    let dialog = [Scope::Dialog, Scope::Home];
    assert_eq!(keymap.action_in(&dialog, &key("esc")), Some(Action::Cancel));
    assert_eq!(
        keymap.action_in(&dialog, &key("enter")),
        Some(Action::Confirm)
    );
    assert_eq!(keymap.action_in(&dialog, &key("f10")), Some(Action::Quit));
    let form = [Scope::Form, Scope::Login];
    assert_eq!(keymap.action_in(&form, &key("enter")), Some(Action::Submit));
    assert_eq!(
        keymap.action_in(&form, &key("down")),
        Some(Action::NextField)
    );
    assert_eq!(keymap.action_in(&form, &key("x")), None);
}

#[test]
fn footer_keys_skip_shadowed_ones() {
    let keymap =
        Keymap::with_override_str("[dialog]\ncancel = [\"n\", \"f1\"]\n", "t.toml").expect("valid");
    let in_dialog = keymap.keys_in(&[Scope::Dialog, Scope::Home], Action::Help);
    assert_eq!(in_dialog, keys(&["?", "alt-1"]));
    assert_eq!(
        keymap.keys_in(&[Scope::Home], Action::Help),
        keys(&["?", "f1", "alt-1"])
    );
}

#[test]
fn override_replaces_only_what_it_names() {
    let builtin = Keymap::builtin();
    let keymap = Keymap::with_override_file(&fixture("valid_override.toml")).expect("valid");
    assert_eq!(
        keymap.keys(Scope::Global, Action::GoQueue),
        keys(&["alt-q", "f2"])
    );
    assert_eq!(keymap.action(Scope::Home, &key("alt-2")), None);
    assert_eq!(
        keymap.action(Scope::Home, &key("alt-q")),
        Some(Action::GoQueue)
    );
    assert_eq!(
        keymap.keys(Scope::Search, Action::Open),
        keys(&["enter", "alt-enter"])
    );
    for &scope in Scope::ALL {
        for &action in Action::ALL {
            let named = matches!(
                (scope, action),
                (Scope::Global, Action::GoQueue | Action::Lock) | (Scope::Search, Action::Open)
            );
            if !named {
                assert_eq!(
                    keymap.keys(scope, action),
                    builtin.keys(scope, action),
                    "[{}] {}",
                    scope.name(),
                    action.name()
                );
            }
        }
    }
    assert_eq!(
        check_file(&fixture("valid_override.toml")).expect("valid"),
        3
    );
}

#[test]
fn empty_list_unbinds() {
    let keymap = Keymap::with_override_file(&fixture("valid_override.toml")).expect("valid");
    assert!(keymap.keys(Scope::Global, Action::Lock).is_empty());
    assert_eq!(keymap.action(Scope::Home, &key("ctrl-l")), None);
    assert!(
        keymap
            .bindings(Scope::Global)
            .iter()
            .all(|(action, _)| *action != Action::Lock)
    );
}

#[test]
fn an_override_may_move_a_key_by_rebinding_both_actions() {
    let text = "[customer]\nhelp = [\"?\", \"ctrl-r\"]\nrefresh = [\"alt-r\"]\n";
    let keymap = Keymap::with_override_str(text, "move.toml").expect("valid");
    assert_eq!(
        keymap.action(Scope::Customer, &key("ctrl-r")),
        Some(Action::Help)
    );
}

#[test]
fn bindings_follow_declaration_order() {
    let keymap = Keymap::builtin();
    let search: Vec<Action> = keymap
        .bindings(Scope::Search)
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    assert_eq!(
        search,
        [
            Action::SelectNext,
            Action::SelectPrev,
            Action::PageDown,
            Action::PageUp,
            Action::Open
        ]
    );
    assert!(keymap.bindings(Scope::Login).is_empty());
}

/// The message of the error a fixture gives, in English and Chinese.
fn failure(name: &str) -> (KeymapError, String, String) {
    let path = fixture(name);
    let err = check_file(&path).expect_err(name);
    let en = err.to_string();
    let zh = err.localized(Lang::Zh);
    assert!(en.contains(name), "{en}");
    assert!(zh.contains(name), "{zh}");
    assert!(
        Keymap::resolve(Some(path.to_str().expect("utf-8 path")), None).is_err(),
        "{name} must not fall back to the defaults"
    );
    (err, en, zh)
}

fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} missing from: {text}");
    }
}

#[test]
fn unknown_section_fails_with_a_named_message() {
    let (err, en, zh) = failure("unknown_section.toml");
    assert!(matches!(err, KeymapError::UnknownSection { .. }));
    assert_contains(&en, &["[serach]", "open", "search"]);
    assert_contains(&zh, &["[serach]", "open", "未知"]);
}

#[test]
fn unknown_action_fails_with_a_named_message() {
    let (err, en, _) = failure("unknown_action.toml");
    assert!(matches!(err, KeymapError::UnknownAction { .. }));
    assert_contains(&en, &["[search] open_customer: unknown action", "open"]);
}

#[test]
fn action_in_the_wrong_section_says_where_it_belongs() {
    let err = Keymap::with_override_str("[home]\nsubmit = [\"enter\"]\n", "w.toml").unwrap_err();
    assert_contains(&err.to_string(), &["w.toml: [home] submit:", "[form]"]);
}

#[test]
fn bad_key_fails_with_a_named_message() {
    let (err, en, _) = failure("bad_key.toml");
    assert!(matches!(err, KeymapError::BadKey { .. }));
    assert_contains(&en, &["[global] go_queue:", "\"alt+2\"", "is not a key"]);
}

#[test]
fn duplicate_key_fails_naming_both_actions() {
    let (err, en, zh) = failure("duplicate_key.toml");
    assert!(matches!(err, KeymapError::Duplicate { .. }));
    assert_contains(
        &en,
        &[
            "[customer] help:",
            "\"ctrl-r\"",
            "help",
            "refresh",
            "default",
        ],
    );
    assert_contains(&zh, &["[customer] help", "ctrl-r", "refresh"]);
}

#[test]
fn legacy_key_fails_with_a_named_message() {
    let (err, en, zh) = failure("legacy_key.toml");
    assert!(matches!(err, KeymapError::BadKey { .. }));
    assert!(
        en.ends_with(
            "legacy_key.toml: [search] open: \"ctrl-enter\" cannot be told apart from Enter on most terminals"
        ),
        "{en}"
    );
    assert_contains(&zh, &["[search] open", "\"ctrl-enter\"", "Enter"]);
}

#[test]
fn syntax_error_fails_with_a_named_message() {
    let (err, en, _) = failure("syntax_error.toml");
    assert!(matches!(err, KeymapError::Syntax { .. }));
    assert_contains(&en, &["[search]", "TOML syntax error"]);
    assert!(en.contains("open") || en.contains("page_down"), "{en}");
}

#[test]
fn other_broken_files_name_their_place() {
    let cases = [
        (
            "help = [\"f1\"]\n",
            "t.toml: help: bindings belong in a section",
        ),
        (
            "[global]\nhelp = 1\n",
            "t.toml: [global] help: expected a list",
        ),
        (
            "[global]\nhelp = [\"f1\", 2]\n",
            "t.toml: [global] help: expected a list",
        ),
        (
            "[global]\nhelp = [\"f1\", \"F1\"]\n",
            "t.toml: [global] help: \"f1\" is listed twice",
        ),
        (
            "[form]\nsubmit = \"shift-enter\"\n",
            "t.toml: [form] submit: \"shift-enter\"",
        ),
        (
            "[home]\nactivate = [\"ctrl-s\"]\n",
            "t.toml: [home] activate: \"ctrl-s\" is reserved",
        ),
    ];
    for (text, expected) in cases {
        let err = Keymap::with_override_str(text, "t.toml").expect_err(text);
        assert_contains(&err.to_string(), &[expected]);
    }
}

#[test]
fn a_lone_string_is_a_list_of_one() {
    let keymap = Keymap::with_override_str("[global]\nhelp = \"alt-1\"\n", "t.toml").expect("ok");
    assert_eq!(keymap.keys(Scope::Global, Action::Help), keys(&["alt-1"]));
}

#[test]
fn resolve_finds_files_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path();

    // No name, no keymap.toml: the defaults.
    let keymap = Keymap::resolve(None, Some(config)).expect("defaults");
    assert_eq!(
        keymap.action(Scope::Global, &key("f2")),
        Some(Action::GoQueue)
    );

    // No name, keymap.toml present: merged.
    std::fs::write(
        config.join("keymap.toml"),
        "[global]\ngo_queue = [\"alt-q\"]\n",
    )
    .unwrap();
    let keymap = Keymap::resolve(None, Some(config)).expect("keymap.toml");
    assert_eq!(keymap.action(Scope::Global, &key("f2")), None);
    // `default` by name ignores keymap.toml.
    let keymap = Keymap::resolve(Some("default"), Some(config)).expect("default");
    assert_eq!(
        keymap.action(Scope::Global, &key("f2")),
        Some(Action::GoQueue)
    );

    // A broken keymap.toml is an error, not the defaults.
    std::fs::write(config.join("keymap.toml"), "[global\n").unwrap();
    let err = Keymap::resolve(None, Some(config)).unwrap_err();
    assert_contains(&err.to_string(), &["keymap.toml"]);

    // A name: the config dir's keymaps/NAME.toml shadows the shipped one.
    let shipped = Keymap::resolve(Some("no-fkeys"), Some(config)).expect("shipped");
    assert_eq!(shipped.action(Scope::Global, &key("f2")), None);
    assert_eq!(
        shipped.keys(Scope::Global, Action::GoQueue),
        keys(&["alt-2"])
    );
    std::fs::create_dir(config.join("keymaps")).unwrap();
    std::fs::write(
        config.join("keymaps/no-fkeys.toml"),
        "[global]\nquit = [\"alt-x\"]\n",
    )
    .unwrap();
    let local = Keymap::resolve(Some("no-fkeys"), Some(config)).expect("local");
    assert_eq!(
        local.action(Scope::Global, &key("f2")),
        Some(Action::GoQueue)
    );
    assert_eq!(local.keys(Scope::Global, Action::Quit), keys(&["alt-x"]));

    // A path.
    let path = fixture("valid_override.toml");
    let by_path = Keymap::resolve(Some(path.to_str().unwrap()), Some(config)).expect("path");
    assert!(by_path.keys(Scope::Global, Action::Lock).is_empty());

    // Unknown: says where it looked.
    let err = Keymap::resolve(Some("nosuch"), Some(config)).unwrap_err();
    let en = err.to_string();
    let expected_local = config.join("keymaps/nosuch.toml");
    assert_contains(
        &en,
        &["nosuch", &expected_local.display().to_string(), "no-fkeys"],
    );
    assert!(matches!(err, KeymapError::NotFound { .. }));
}

#[test]
fn unreadable_file_names_it() {
    let err = check_file(Path::new("/nonexistent/keys.toml")).unwrap_err();
    assert_contains(&err.to_string(), &["/nonexistent/keys.toml", "cannot read"]);
}
