//! The demo's new installs: in every office, applications at every stage (some overdue,
//! some on hold, some cancelled, some completed this month with their accounts open),
//! played out day by day up to the demo's clock through the store's own steps, so each
//! keeps its history, its owed documents and — past the fee — a real fee receipt taken
//! in a shift of its day, counted and closed with the day. Reproducible from the seed.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};

use crate::card::{CardError, CardState, CardWriter};
use crate::db::cash::{self, PaymentKey, Tender};
use crate::db::install::{self, InstallDbError, Step};
use crate::db::{Actor, Store};
use crate::domain::account::{CustomerType, MeterKind};
use crate::domain::id_number;
use crate::domain::install::{ApplicationInput, Channel, InstallRules, Stage, WorkCalendar};
use crate::domain::money::Fen;
use crate::domain::receipt::{CashCount, PaymentMethod};
use crate::domain::role::Role;

fn mix(seed: u64, n: u64, salt: u64) -> u64 {
    super::lists::mix64(seed ^ n.wrapping_mul(super::lists::GAMMA) ^ salt)
}

/// The demo's meters are mechanical or IoT: no card is issued while it builds.
struct NoCards;

impl CardWriter for NoCards {
    fn read(&mut self, _: &str) -> Result<CardState, CardError> {
        Err(CardError::NoCard)
    }
    fn write(&mut self, _: &str, _: i64, _: i64) -> Result<CardState, CardError> {
        Err(CardError::NoCard)
    }
    fn issue_blank(&mut self, _: &str) -> Result<(), CardError> {
        Ok(())
    }
}

/// 09:00 (+ `minute`) at the offices (UTC+8) on `day`.
fn at(day: NaiveDate, minute: u32) -> DateTime<Utc> {
    let naive = day.and_hms_opt(1, minute.min(59), 0).unwrap_or_default();
    Utc.from_utc_datetime(&naive)
}

/// The working day `n` working days before `day`.
fn back(cal: &WorkCalendar, day: NaiveDate, n: u32) -> NaiveDate {
    let mut d = day;
    let mut left = n;
    while left > 0 {
        d = d - Days::new(1);
        if cal.is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// One planned step of one application.
struct Planned {
    day: NaiveDate,
    app: usize,
    step: PlannedStep,
}

enum PlannedStep {
    Accept,
    Step(Step),
    PayFee,
    OpenAccount,
    /// The applicant's household size corrected (a typo at intake).
    Correct,
}

const COMPOUNDS: [&str; 8] = [
    "天鹅湖畔",
    "光明社区",
    "红旗社区",
    "玉兰公寓",
    "绿怡居东区",
    "轴承厂宿舍",
    "西园小区",
    "长江花园",
];
const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];
const GIVEN: [&str; 12] = [
    "晓燕", "建国", "丽华", "志强", "海燕", "伟", "静", "磊", "芳", "军", "敏", "涛",
];

/// The stages the demo's applications of each office end at (two each), and how many
/// working days past the stage's limit each stands (positive: overdue).
const TARGETS: [Stage; 11] = [
    Stage::Accepted,
    Stage::Survey,
    Stage::Design,
    Stage::Fee,
    Stage::Construction,
    Stage::Inspection,
    Stage::Meter,
    Stage::Ignition,
    Stage::Account,
    Stage::Completed,
    Stage::Cancelled,
];

/// Plays the demo's applications up to `today`, each fee day opened and closed for its
/// fees alone; returns how many it made.
pub fn demo_applications(
    store: &mut Store,
    seed: u64,
    today: NaiveDate,
) -> Result<usize, InstallDbError> {
    let mut installs = Installs::plan(store, seed, today)?;
    installs.play_through(store, today)?;
    Ok(installs.count())
}

/// The demo's applications and every step planned for them, played in day order: before
/// a window of days some other part of the demo plays, by [`Installs::play_through`] (each
/// fee day opened and closed here); inside it, office by office on days the caller has
/// opened, by [`Installs::play_office_day`].
pub struct Installs {
    plan: Vec<Planned>,
    done: Vec<bool>,
    inputs: Vec<(i64, Actor, Actor, ApplicationInput)>,
    ids: Vec<Option<i64>>,
    staff: Vec<crate::db::staff::Staff>,
    seed: u64,
}

impl Installs {
    /// The applications of every office and their steps up to `today`.
    pub fn plan(store: &Store, seed: u64, today: NaiveDate) -> Result<Installs, InstallDbError> {
        let cal = WorkCalendar::builtin();
        let rules = InstallRules::builtin();
        let staff = crate::db::staff::list(store)?;
        let mut offices: Vec<(i64, String)> = Vec::new();
        for s in &staff {
            if !offices.iter().any(|(o, _)| *o == s.office_id) {
                let district = crate::db::office::list(store)?
                    .into_iter()
                    .find(|o| o.id == s.office_id)
                    .map(|o| o.district)
                    .unwrap_or_default();
                offices.push((s.office_id, district));
            }
        }
        offices.sort();
        // Each application: its office, its clerk, its input, and its plan.
        let mut inputs: Vec<(i64, Actor, Actor, ApplicationInput)> = Vec::new();
        let mut plan: Vec<Planned> = Vec::new();
        let mut n: u64 = 0;
        for (office, district) in &offices {
            let clerks: Vec<_> = staff
                .iter()
                .filter(|s| s.office_id == *office && s.role == Role::Clerk)
                .collect();
            let Some(manager) = staff
                .iter()
                .find(|s| s.office_id == *office && s.role == Role::Manager)
            else {
                continue;
            };
            if clerks.is_empty() {
                continue;
            }
            for (t, target) in TARGETS.iter().enumerate() {
                for copy in 0..3u64 {
                    n += 1;
                    let r = |salt: u64| mix(seed, n, salt);
                    let clerk = clerks[(r(1) % clerks.len() as u64) as usize];
                    let app = inputs.len();
                    let customer = if r(2) % 6 == 0 {
                        CustomerType::Commercial
                    } else {
                        CustomerType::Residential
                    };
                    let docs: Vec<String> = rules
                        .documents_for(customer)
                        .filter(|d| d.core || r(3 + d.code.len() as u64) % 2 == 0)
                        .map(|d| d.code.clone())
                        .collect();
                    let birth = NaiveDate::from_ymd_opt(
                        1960 + (r(4) % 40) as i32,
                        1 + (r(5) % 12) as u32,
                        1 + (r(6) % 28) as u32,
                    )
                    .unwrap_or_default();
                    let input = ApplicationInput {
                        name: format!(
                            "{}{}",
                            SURNAMES[(r(7) % 12) as usize],
                            GIVEN[(r(8) % 12) as usize]
                        ),
                        id_number: id_number::generate(
                            r(9),
                            birth,
                            "340104",
                            (r(10) % 900) as u16 + 100,
                        )
                        .as_str()
                        .to_string(),
                        phone: format!("139{:08}", r(11) % 100_000_000),
                        district: district.clone(),
                        compound: format!(
                            "新城路{}号 {}",
                            1 + r(12) % 300,
                            COMPOUNDS[(r(13) % 8) as usize]
                        ),
                        building: (1 + r(14) % 30).to_string(),
                        unit: (1 + r(15) % 4).to_string(),
                        room: format!("{}{:02}", 1 + r(16) % 30, 1 + r(17) % 4),
                        customer,
                        household: (1 + r(18) % 5).to_string(),
                        channel: Channel::ALL[(r(19) % 4) as usize],
                        documents_seen: docs.clone(),
                    };
                    inputs.push((
                        *office,
                        clerk.actor(clerk.counter_no),
                        manager.actor(None),
                        input,
                    ));
                    // Backwards from today: the current stage began `late + limit` working
                    // days ago for the first copy (overdue by `late`), within its limit for
                    // the others.
                    let end = match target {
                        Stage::Completed => Stage::Account,
                        Stage::Cancelled => TARGETS[(r(20) % 8) as usize],
                        s => *s,
                    };
                    let order = end.order().unwrap_or(0);
                    let late = if copy == 0 { 1 + (r(21) % 4) as u32 } else { 0 };
                    let current_limit = rules.limit(end).unwrap_or(1);
                    let mut days: Vec<u32> = vec![];
                    for s in &Stage::ALL[..order] {
                        // Each earlier stage took part of its limit (at least a day).
                        let lim = rules.limit(*s).unwrap_or(1);
                        days.push(1 + (r(30 + days.len() as u64) % u64::from(lim.min(5))) as u32);
                    }
                    let in_current = match (target, copy) {
                        (Stage::Completed, _) => 1,
                        (Stage::Cancelled, _) => 1,
                        (_, 0) => current_limit + late,
                        // At least a day, so no fee falls on today (whose business day the
                        // queue demo opens).
                        _ => 1 + (r(22) % u64::from(current_limit)) as u32,
                    };
                    let total: u32 = days.iter().sum::<u32>() + in_current;
                    let mut day = back(cal, today, total.min(200));
                    plan.push(Planned {
                        day,
                        app,
                        step: PlannedStep::Accept,
                    });
                    for (i, s) in Stage::ALL[..order].iter().enumerate() {
                        day = cal.add_working_days(day, days[i]);
                        let step = match s {
                            Stage::Accepted => PlannedStep::Step(Step::BookSurvey { on: day }),
                            Stage::Survey => PlannedStep::Step(Step::SurveyDone {
                                feasible: true,
                                note: String::new(),
                            }),
                            Stage::Design => PlannedStep::Step(Step::Quote {
                                pipe_metres: 5 + (r(40) % 30) as u32,
                                meter: if r(41) % 2 == 0 {
                                    MeterKind::Mechanical
                                } else {
                                    MeterKind::Iot
                                },
                            }),
                            Stage::Fee => PlannedStep::PayFee,
                            Stage::Construction => PlannedStep::Step(Step::ConstructionDone {
                                note: String::new(),
                            }),
                            Stage::Inspection => PlannedStep::Step(Step::Inspect {
                                passed: true,
                                note: String::new(),
                            }),
                            Stage::Meter => PlannedStep::Step(Step::InstallMeter {
                                serial: format!("AZ{:02}{:08}", office, n),
                            }),
                            Stage::Ignition => PlannedStep::Step(Step::Ignite {
                                note: String::new(),
                            }),
                            _ => continue,
                        };
                        plan.push(Planned { day, app, step });
                        // The second of each: the owed documents all brought in together
                        // with the survey booked, and the household size corrected.
                        if copy == 1 && *s == Stage::Accepted {
                            let owed: Vec<String> = rules
                                .documents_for(customer)
                                .filter(|d| !d.core && !docs.contains(&d.code))
                                .map(|d| d.code.clone())
                                .collect();
                            if !owed.is_empty() {
                                plan.push(Planned {
                                    day,
                                    app,
                                    step: PlannedStep::Step(Step::DocumentsReceived {
                                        codes: owed,
                                    }),
                                });
                            }
                            plan.push(Planned {
                                day,
                                app,
                                step: PlannedStep::Correct,
                            });
                        }
                    }
                    let last = day.max(back(cal, today, 1));
                    match (target, copy) {
                        (Stage::Completed, _) => plan.push(Planned {
                            day: today.min(cal.add_working_days(day, 1)),
                            app,
                            step: PlannedStep::OpenAccount,
                        }),
                        (Stage::Cancelled, _) => plan.push(Planned {
                            day: last,
                            app,
                            step: PlannedStep::Step(Step::Cancel {
                                reason: "客户放弃申请".into(),
                            }),
                        }),
                        (_, 2) if t % 2 == 0 => plan.push(Planned {
                            day: last,
                            app,
                            step: PlannedStep::Step(Step::Hold {
                                reason: "等待客户补充材料".into(),
                            }),
                        }),
                        _ => {}
                    }
                }
            }
        }
        plan.sort_by_key(|p| (p.day, p.app));
        Ok(Installs {
            done: vec![false; plan.len()],
            ids: vec![None; inputs.len()],
            plan,
            inputs,
            staff,
            seed,
        })
    }

    /// How many applications the demo makes.
    pub fn count(&self) -> usize {
        self.inputs.len()
    }

    /// Plays every step not played yet up to and including `last`, day by day; the fees of
    /// a day are taken in shifts opened for them, counted and closed with the day.
    pub fn play_through(
        &mut self,
        store: &mut Store,
        last: NaiveDate,
    ) -> Result<(), InstallDbError> {
        let mut i = 0;
        while i < self.plan.len() {
            let day = self.plan[i].day;
            if day > last {
                break;
            }
            let mut j = i;
            while j < self.plan.len() && self.plan[j].day == day {
                j += 1;
            }
            let mut fee_offices = Vec::new();
            for k in i..j {
                if !self.done[k] && self.play(store, k)? {
                    fee_offices.push(self.inputs[self.plan[k].app].0);
                }
            }
            fee_offices.sort_unstable();
            fee_offices.dedup();
            for office in fee_offices {
                self.close_fee_shifts(store, office, day)?;
                self.close_day(store, office, day)?;
            }
            i = j;
        }
        Ok(())
    }

    /// Plays the steps of `office`'s applications on `day`: its fees in a shift of their
    /// own, counted and closed here. The business day is the caller's, left open for it to
    /// close, unless `own_day` (the caller plays no day there): then it is closed here.
    pub fn play_office_day(
        &mut self,
        store: &mut Store,
        office: i64,
        day: NaiveDate,
        own_day: bool,
    ) -> Result<(), InstallDbError> {
        let mut fees = false;
        for k in 0..self.plan.len() {
            if self.done[k] || self.plan[k].day != day || self.inputs[self.plan[k].app].0 != office
            {
                continue;
            }
            fees |= self.play(store, k)?;
        }
        if fees {
            self.close_fee_shifts(store, office, day)?;
            if own_day {
                self.close_day(store, office, day)?;
            }
        }
        Ok(())
    }

    /// The office's manager closes the business day the fees opened.
    fn close_day(
        &self,
        store: &mut Store,
        office: i64,
        day: NaiveDate,
    ) -> Result<(), InstallDbError> {
        if let Some(manager) = self
            .staff
            .iter()
            .find(|s| s.office_id == office && s.role == Role::Manager)
        {
            crate::db::queue::close_day(store, &manager.actor(None), office, at(day, 58))
                .map_err(|e| InstallDbError::Cash(Box::new(cash::CashError::Queue(e))))?;
        }
        Ok(())
    }

    /// Plays step `k`; true when it took a fee.
    fn play(&mut self, store: &mut Store, k: usize) -> Result<bool, InstallDbError> {
        self.done[k] = true;
        let rules = InstallRules::builtin();
        let cal = WorkCalendar::builtin();
        let p = &self.plan[k];
        let (day, app_index) = (p.day, p.app);
        let (_, clerk, manager, input) = &self.inputs[app_index];
        let now = at(day, (app_index % 50) as u32);
        let seed = self.seed;
        match &p.step {
            PlannedStep::Accept => {
                let app = input
                    .check(rules, cal, &[], day)
                    .map_err(InstallDbError::Rule)?;
                self.ids[app_index] = Some(install::accept(store, clerk, &app, true, day, now)?.id);
            }
            PlannedStep::Step(step) => {
                let Some(id) = self.ids[app_index] else {
                    return Ok(false);
                };
                let who = if matches!(step, Step::Cancel { .. }) {
                    manager
                } else {
                    clerk
                };
                install::step(store, who, id, None, step, day, now)?;
            }
            PlannedStep::PayFee => {
                let Some(id) = self.ids[app_index] else {
                    return Ok(false);
                };
                if cash::current_shift(&*store, clerk.staff_id.unwrap_or(0))
                    .map_err(InstallDbError::from)?
                    .is_none()
                {
                    let rules = crate::domain::queue::builtin_rules();
                    cash::open_shift(store, clerk, &rules, Fen::ZERO, at(day, 0))?;
                }
                cash::pay_install_fee(
                    store,
                    clerk,
                    id,
                    None,
                    &Tender {
                        method: PaymentMethod::BankCard,
                        reference: format!("DEMO{app_index:06}"),
                        tendered: None,
                    },
                    &PaymentKey::from_text(&format!("demo-install-{seed:016x}-{app_index:06}"))
                        .expect("a demo key is well formed"),
                    now,
                )?;
                return Ok(true);
            }
            PlannedStep::Correct => {
                let Some(id) = self.ids[app_index] else {
                    return Ok(false);
                };
                let household = input.household.trim().parse::<u8>().unwrap_or(1) % 5 + 1;
                let fix = crate::domain::install::amend::CorrectionInput {
                    household: household.to_string(),
                    reason: "受理时户内人口录错".into(),
                    ..Default::default()
                };
                install::correct_applicant(store, clerk, id, None, &fix, day, now)?;
            }
            PlannedStep::OpenAccount => {
                let Some(id) = self.ids[app_index] else {
                    return Ok(false);
                };
                install::open_account(store, clerk, id, None, &mut NoCards, day, now)?;
            }
        }
        Ok(false)
    }

    /// Counts and closes every clerk's drawer of `office` still open (the fees' shifts).
    fn close_fee_shifts(
        &self,
        store: &mut Store,
        office: i64,
        day: NaiveDate,
    ) -> Result<(), InstallDbError> {
        for s in self
            .staff
            .iter()
            .filter(|s| s.office_id == office && s.role == Role::Clerk)
        {
            let actor = s.actor(s.counter_no);
            let Some(shift) = cash::current_shift(&*store, s.id)? else {
                continue;
            };
            let totals = cash::shift_totals(&*store, shift.id)?;
            let others: Vec<(PaymentMethod, Fen)> = totals
                .iter()
                .filter(|t| t.method != PaymentMethod::Cash)
                .map(|t| (t.method, t.expected))
                .collect();
            cash::start_balancing(store, &actor)?;
            cash::close_shift(store, &actor, &CashCount::new(), &others, "", at(day, 55))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use chrono::TimeZone;

    use crate::db::install::{ListFilter, list};
    use crate::db::{DbKind, Store};
    use crate::domain::install::Stage;

    /// The full demo at 17:30 on Tuesday 15 December 2026 (office time).
    #[test]
    fn every_office_has_every_stage_some_late_held_cancelled_and_completed_with_accounts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.sqlite");
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 12, 15, 9, 30, 0)
            .unwrap();
        crate::demo::build_with_queue(&path, 7, 300, now, true, &mut |_| {}).unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.kind(), DbKind::Demo);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
        let all = list(
            &store,
            &ListFilter {
                finished: true,
                limit: 10_000,
                ..ListFilter::default()
            },
        )
        .unwrap();
        let mut stages: BTreeMap<String, BTreeSet<Stage>> = BTreeMap::new();
        for r in &all {
            stages
                .entry(r.office_code.clone())
                .or_default()
                .insert(r.stage());
        }
        let offices = crate::db::office::list(&store).unwrap();
        assert_eq!(stages.len(), offices.len());
        // Some brought their owed documents later, several at once, and some had their
        // details corrected.
        let mut actions = BTreeSet::new();
        for r in &all {
            for e in crate::db::install::view_by_id(&store, r.id)
                .unwrap()
                .unwrap()
                .events
            {
                actions.insert(e.action);
            }
        }
        assert!(actions.contains("document_received"), "{actions:?}");
        assert!(actions.contains("correct_applicant"), "{actions:?}");
        for (office, seen) in &stages {
            assert_eq!(seen.len(), Stage::ALL.len(), "{office}: {seen:?}");
        }
        let overdue = list(
            &store,
            &ListFilter {
                overdue_on: Some(today),
                limit: 10_000,
                ..ListFilter::default()
            },
        )
        .unwrap();
        assert!(overdue.len() >= offices.len() * 5, "{}", overdue.len());
        assert!(all.iter().any(|r| r.on_hold));
        // Completed this month, with accounts search finds.
        for r in all.iter().filter(|r| r.stage() == Stage::Completed) {
            let v = crate::db::install::view_by_id(&store, r.id)
                .unwrap()
                .unwrap();
            let acc = v.account_no.expect("an account");
            let found = crate::db::account::search(&store, &acc, 1).unwrap();
            assert_eq!(found.rows[0].account_no, acc);
            assert!(
                v.events.last().unwrap().at.starts_with("2026-12"),
                "{:?}",
                v.events.last()
            );
        }
        let report = crate::db::check::run(&store).unwrap();
        assert!(report.findings.is_empty(), "{:?}", report.findings);
    }
}
