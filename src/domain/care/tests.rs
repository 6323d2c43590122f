use super::*;
use proptest::prelude::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 12, 3)
}

fn input() -> EntryInput {
    EntryInput {
        name: "王桂兰".into(),
        id_number: id_number::generate(7, day(1938, 5, 2), "340104", 11)
            .as_str()
            .into(),
        phone: "13955123456".into(),
        categories: vec!["alone".into(), "elderly".into()],
        needs: vec!["hearing".into()],
        emergency_name: "王小明".into(),
        emergency_phone: "13855112233".into(),
        evidence: vec![("household_register".into(), day(2026, 11, 30))],
        consent_by: "person".into(),
        consent_on: Some(day(2026, 12, 1)),
        consent_purpose: "一对一帮扶与入户安检".into(),
        ..EntryInput::default()
    }
}

#[test]
fn a_complete_entry_is_accepted_with_a_review_date_from_the_rules() {
    let entry = check_entry(&input(), CareRules::builtin(), today()).unwrap();
    assert_eq!(entry.categories, ["alone", "elderly"]);
    assert_eq!(entry.review_on, day(2027, 12, 1));
    assert_eq!(entry.consent_by, ConsentBy::Person);
    assert!(entry.nominee.is_none());
    assert_eq!(entry.emergency.unwrap().phone.as_str(), "13855112233");
}

#[test]
fn each_bad_field_is_refused_with_its_own_reason() {
    let rules = CareRules::builtin();
    let refused = |change: &dyn Fn(&mut EntryInput)| {
        let mut i = input();
        change(&mut i);
        check_entry(&i, rules, today()).unwrap_err()
    };
    assert!(matches!(
        refused(&|i| i.name = "王1".into()),
        EntryError::Name(_)
    ));
    assert!(matches!(
        refused(&|i| i.id_number = "340104193805021234".into()),
        EntryError::IdNumber(_)
    ));
    assert!(matches!(
        refused(&|i| i.emergency_phone = "1385511".into()),
        EntryError::Phone {
            field: "emergency_phone",
            ..
        }
    ));
    assert_eq!(refused(&|i| i.categories.clear()), EntryError::NoCategory);
    assert!(matches!(
        refused(&|i| i.needs.push("flying".into())),
        EntryError::Unknown { what: "need", .. }
    ));
    assert_eq!(
        refused(&|i| i.consent_by = "nominee".into()),
        EntryError::NomineeNeeded
    );
    assert_eq!(
        refused(&|i| i.nominee_name = "李四".into()),
        EntryError::NomineeIncomplete
    );
    assert_eq!(
        refused(&|i| i.consent_on = Some(day(2026, 12, 4))),
        EntryError::ConsentDate
    );
    assert_eq!(
        refused(&|i| i.review_on = Some(day(2026, 12, 1))),
        EntryError::ReviewDate
    );
    assert_eq!(
        refused(&|i| i.temporary_until = Some(today())),
        EntryError::TemporaryPast
    );
    assert_eq!(
        refused(&|i| i.consent_purpose = "  ".into()),
        EntryError::PurposeRequired
    );
    assert!(matches!(
        refused(&|i| i.consent_purpose = "帮扶\u{202E}".into()),
        EntryError::Text { .. }
    ));
    assert_eq!(
        refused(&|i| i.evidence = vec![("other".into(), day(2026, 12, 4))]),
        EntryError::EvidenceDate
    );
}

#[test]
fn consent_by_a_nominee_keeps_the_nominee() {
    let mut i = input();
    i.consent_by = "nominee".into();
    i.nominee_name = "王小明".into();
    i.nominee_phone = "13855112233".into();
    let entry = check_entry(&i, CareRules::builtin(), today()).unwrap();
    assert_eq!(entry.nominee.unwrap().name, "王小明");
}

fn visit() -> NewVisit {
    NewVisit {
        visited_on: today(),
        checks: vec![("hose".into(), false), ("leak".into(), true)],
        hazards: vec![NewHazard {
            what: "胶管老化".into(),
            follow_up: "更换胶管".into(),
            due_on: day(2026, 12, 10),
        }],
        hose_replaced: false,
        receipt_no: None,
        note: String::new(),
    }
}

#[test]
fn a_visit_is_checked() {
    let rules = CareRules::builtin();
    assert_eq!(check_visit(&visit(), rules, today()), Ok(()));
    let mut twice = visit();
    twice.checks.push(("hose".into(), true));
    assert!(check_visit(&twice, rules, today()).is_err());
    let mut future = visit();
    future.visited_on = day(2026, 12, 4);
    assert_eq!(
        check_visit(&future, rules, today()),
        Err(EntryError::EvidenceDate)
    );
    let mut vague = visit();
    vague.hazards[0].follow_up = String::new();
    assert!(matches!(
        check_visit(&vague, rules, today()),
        Err(EntryError::Text {
            field: "follow_up",
            ..
        })
    ));
    let mut late = visit();
    late.hazards[0].due_on = day(2026, 12, 2);
    assert_eq!(
        check_visit(&late, rules, today()),
        Err(EntryError::ReviewDate)
    );
}

proptest! {
    /// Whatever the categories and needs, the visits are at least as frequent as any
    /// one of them asks, and never more frequent than the most frequent one.
    #[test]
    fn visits_follow_the_most_frequent_rule(
        cats in proptest::sample::subsequence(
            vec!["alone", "widowed", "elderly", "special", "disabled"], 1..=5),
        needs in proptest::sample::subsequence(
            vec!["hearing", "sight", "mobility", "cognition", "speech"], 0..=5),
    ) {
        let rules = CareRules::builtin();
        let cats: Vec<String> = cats.into_iter().map(String::from).collect();
        let needs: Vec<String> = needs.into_iter().map(String::from).collect();
        let every = rules.visit_every(&cats, &needs);
        for c in &cats {
            prop_assert!(every <= rules.category(c).unwrap().visit_every_days);
        }
        for n in &needs {
            if let Some(d) = rules.need(n).unwrap().visit_every_days {
                prop_assert!(every <= d);
            }
        }
        let asked: Vec<u32> = cats.iter().map(|c| rules.category(c).unwrap().visit_every_days)
            .chain(needs.iter().filter_map(|n| rules.need(n).unwrap().visit_every_days))
            .collect();
        prop_assert!(asked.contains(&every));
    }
}
