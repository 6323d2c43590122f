//! The queue (排队叫号): ticket states and what may follow what, event kinds, outcomes,
//! ticket numbers, the priority-lane hook and the recall limits. The call order lives in
//! [`policy`], the configuration in [`rules`], the statistics in [`stats`]. No I/O here.

pub mod policy;
pub mod rules;
pub mod slip;
pub mod stats;

pub use policy::{CallingCounter, Choice, Reason, Waiting, choose_next};
pub use rules::{QueueRules, RulesError, ServiceDef, builtin_rules, parse_rules};

use chrono::{DateTime, Utc};

use crate::i18n::{self, Lang, Localized, Msg};

/// Where a ticket is. `Finished`, `NoShow` and `Closed` are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TicketState {
    Waiting,
    /// Called to a counter; the customer has not yet been seen arriving.
    Called,
    /// The customer is at the counter.
    Serving,
    /// Stepped aside (to fetch a document, to pay elsewhere) and will be resumed.
    Parked,
    Finished,
    NoShow,
    /// Still open when the manager closed the business day.
    Closed,
}

impl TicketState {
    pub const ALL: [TicketState; 7] = [
        TicketState::Waiting,
        TicketState::Called,
        TicketState::Serving,
        TicketState::Parked,
        TicketState::Finished,
        TicketState::NoShow,
        TicketState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Waiting => "waiting",
            TicketState::Called => "called",
            TicketState::Serving => "serving",
            TicketState::Parked => "parked",
            TicketState::Finished => "finished",
            TicketState::NoShow => "no_show",
            TicketState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        TicketState::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            TicketState::Finished | TicketState::NoShow | TicketState::Closed
        )
    }

    /// At a counter right now (the counter cannot call another).
    pub fn is_at_counter(self) -> bool {
        matches!(self, TicketState::Called | TicketState::Serving)
    }

    pub fn label(self) -> Msg {
        match self {
            TicketState::Waiting => i18n::Q_STATE_WAITING,
            TicketState::Called => i18n::Q_STATE_CALLED,
            TicketState::Serving => i18n::Q_STATE_SERVING,
            TicketState::Parked => i18n::Q_STATE_PARKED,
            TicketState::Finished => i18n::Q_STATE_FINISHED,
            TicketState::NoShow => i18n::Q_STATE_NO_SHOW,
            TicketState::Closed => i18n::Q_STATE_CLOSED,
        }
    }

    /// The one transition table: the state after `step`, or `None` when the step is not
    /// allowed from here.
    pub fn after(self, step: Step) -> Option<TicketState> {
        use TicketState::*;
        match (self, step) {
            (Waiting, Step::Call) => Some(Called),
            (Called, Step::Recall) => Some(Called),
            (Called, Step::Arrive) => Some(Serving),
            (Called | Serving, Step::Park) => Some(Parked),
            (Parked, Step::Resume) => Some(Called),
            (Called | Serving, Step::Transfer) => Some(Waiting),
            (Called | Serving, Step::Finish) => Some(Finished),
            (Called, Step::NoShow) => Some(NoShow),
            (Waiting | Called | Serving | Parked, Step::CloseDay) => Some(Closed),
            _ => None,
        }
    }
}

/// What a counter (or the day close) does to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Call,
    Recall,
    Arrive,
    Park,
    Resume,
    Transfer,
    Finish,
    NoShow,
    CloseDay,
}

impl Step {
    pub fn label(self) -> Msg {
        match self {
            Step::Call => i18n::Q_STEP_CALL,
            Step::Recall => i18n::Q_STEP_RECALL,
            Step::Arrive => i18n::Q_STEP_ARRIVE,
            Step::Park => i18n::Q_STEP_PARK,
            Step::Resume => i18n::Q_STEP_RESUME,
            Step::Transfer => i18n::Q_STEP_TRANSFER,
            Step::Finish => i18n::Q_STEP_FINISH,
            Step::NoShow => i18n::Q_STEP_NO_SHOW,
            Step::CloseDay => i18n::Q_STEP_CLOSE_DAY,
        }
    }
}

/// One row of `ticket_event`; statistics are computed from these alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    Issued,
    Called,
    CalledOutOfOrder,
    Recalled,
    Arrived,
    Parked,
    Resumed,
    Transferred,
    Finished,
    NoShow,
    Closed,
}

impl EventKind {
    pub const ALL: [EventKind; 11] = [
        EventKind::Issued,
        EventKind::Called,
        EventKind::CalledOutOfOrder,
        EventKind::Recalled,
        EventKind::Arrived,
        EventKind::Parked,
        EventKind::Resumed,
        EventKind::Transferred,
        EventKind::Finished,
        EventKind::NoShow,
        EventKind::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Issued => "issued",
            EventKind::Called => "called",
            EventKind::CalledOutOfOrder => "called_out_of_order",
            EventKind::Recalled => "recalled",
            EventKind::Arrived => "arrived",
            EventKind::Parked => "parked",
            EventKind::Resumed => "resumed",
            EventKind::Transferred => "transferred",
            EventKind::Finished => "finished",
            EventKind::NoShow => "no_show",
            EventKind::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A counter asked this ticket to come to it (first call, out-of-order call, resume):
    /// the display board announces it.
    pub fn is_call(self) -> bool {
        matches!(
            self,
            EventKind::Called | EventKind::CalledOutOfOrder | EventKind::Resumed
        )
    }

    /// Shown on the display board: calls and recalls.
    pub fn is_announced(self) -> bool {
        self.is_call() || self == EventKind::Recalled
    }

    pub fn label(self) -> Msg {
        match self {
            EventKind::Issued => i18n::Q_EVENT_ISSUED,
            EventKind::Called => i18n::Q_EVENT_CALLED,
            EventKind::CalledOutOfOrder => i18n::Q_EVENT_CALLED_OUT_OF_ORDER,
            EventKind::Recalled => i18n::Q_EVENT_RECALLED,
            EventKind::Arrived => i18n::Q_EVENT_ARRIVED,
            EventKind::Parked => i18n::Q_EVENT_PARKED,
            EventKind::Resumed => i18n::Q_EVENT_RESUMED,
            EventKind::Transferred => i18n::Q_EVENT_TRANSFERRED,
            EventKind::Finished => i18n::Q_EVENT_FINISHED,
            EventKind::NoShow => i18n::Q_EVENT_NO_SHOW,
            EventKind::Closed => i18n::Q_EVENT_CLOSED,
        }
    }
}

/// The business done at the counter; finishing a ticket requires one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Payment,
    TopUp,
    NewInstall,
    /// Ownership transfer (过户), not a queue transfer.
    OwnershipTransfer,
    Enquiry,
    CareVisit,
    Other,
}

impl Outcome {
    pub const ALL: [Outcome; 7] = [
        Outcome::Payment,
        Outcome::TopUp,
        Outcome::NewInstall,
        Outcome::OwnershipTransfer,
        Outcome::Enquiry,
        Outcome::CareVisit,
        Outcome::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Payment => "payment",
            Outcome::TopUp => "top_up",
            Outcome::NewInstall => "new_install",
            Outcome::OwnershipTransfer => "transfer",
            Outcome::Enquiry => "enquiry",
            Outcome::CareVisit => "care_visit",
            Outcome::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            Outcome::Payment => i18n::Q_OUTCOME_PAYMENT,
            Outcome::TopUp => i18n::Q_OUTCOME_TOP_UP,
            Outcome::NewInstall => i18n::Q_OUTCOME_NEW_INSTALL,
            Outcome::OwnershipTransfer => i18n::Q_OUTCOME_TRANSFER,
            Outcome::Enquiry => i18n::Q_OUTCOME_ENQUIRY,
            Outcome::CareVisit => i18n::Q_OUTCOME_CARE_VISIT,
            Outcome::Other => i18n::Q_OUTCOME_OTHER,
        }
    }
}

/// Whether a counter calls tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CounterMode {
    Open,
    Paused,
    Closed,
}

impl CounterMode {
    pub const ALL: [CounterMode; 3] = [CounterMode::Open, CounterMode::Paused, CounterMode::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            CounterMode::Open => "open",
            CounterMode::Paused => "paused",
            CounterMode::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        CounterMode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            CounterMode::Open => i18n::Q_COUNTER_OPEN,
            CounterMode::Paused => i18n::Q_COUNTER_PAUSED,
            CounterMode::Closed => i18n::Q_COUNTER_CLOSED,
        }
    }
}

/// `A001`, `B012`, `A1000`: the service letter and the sequence, at least three digits.
pub fn ticket_number(letter: char, seq: i64) -> String {
    format!("{letter}{seq:03}")
}

/// What decides the priority lane when a ticket is issued: an explicit request (the
/// kiosk's priority key, `--priority`, a clerk's choice), or the care register's finding
/// that the ticket's account or phone belongs to a registered person (looked up inside
/// the issuing transaction).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PriorityInput {
    pub requested: bool,
    pub care_registered: bool,
}

/// The priority-lane policy.
pub fn priority_lane(input: &PriorityInput) -> bool {
    input.requested || input.care_registered
}

/// Why a recall was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RecallRefused {
    #[error("already recalled {max} times; mark the ticket as a no-show")]
    CapReached { max: u32 },
    #[error("recalled too soon; wait {seconds} s")]
    TooSoon { seconds: i64 },
}

impl Localized for RecallRefused {
    fn localized(&self, lang: Lang) -> String {
        match self {
            RecallRefused::CapReached { max } => i18n::Q_RECALL_CAP.fill(lang, &[("max", max)]),
            RecallRefused::TooSoon { seconds } => {
                i18n::Q_RECALL_TOO_SOON.fill(lang, &[("seconds", seconds)])
            }
        }
    }
}

/// Whether the ticket may be announced once more: `recalls` so far since it was called,
/// `last_announced` the latest call or recall.
pub fn check_recall(
    recalls: u32,
    last_announced: DateTime<Utc>,
    now: DateTime<Utc>,
    rules: &QueueRules,
) -> Result<(), RecallRefused> {
    if recalls >= rules.recall.max_recalls {
        return Err(RecallRefused::CapReached {
            max: rules.recall.max_recalls,
        });
    }
    let elapsed = (now - last_announced).num_seconds();
    let min = i64::from(rules.recall.min_interval_seconds);
    if elapsed < min {
        return Err(RecallRefused::TooSoon {
            seconds: min - elapsed.max(0),
        });
    }
    Ok(())
}

/// What a new ticket is told about its wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitEstimate {
    /// Tickets of the same service waiting before it.
    pub ahead: usize,
    pub minutes: i64,
    /// From the office's recent service times; `false` when the service's typical time
    /// from `data/services.toml` stood in for too little history.
    pub from_history: bool,
}

/// The expected wait: the median of the recent service times (or the typical time while
/// there are fewer than `min_samples`) × people ahead ÷ counters calling the service,
/// rounded up to whole minutes. Rough by nature: counters also serve other services and
/// priority tickets may go first, so screens say "about".
pub fn estimate_wait(
    recent_service_secs: &[i64],
    ahead: usize,
    counters: usize,
    service: &ServiceDef,
    rules: &QueueRules,
) -> WaitEstimate {
    let mut sorted = recent_service_secs.to_vec();
    sorted.sort_unstable();
    let from_history = sorted.len() >= rules.estimate.min_samples.max(1) as usize;
    let per_customer = if from_history {
        stats::nearest_rank(&sorted, 50).unwrap_or(0)
    } else {
        i64::from(service.typical_minutes) * 60
    };
    let total = per_customer.saturating_mul(ahead as i64) / counters.max(1) as i64;
    WaitEstimate {
        ahead,
        minutes: (total + 59) / 60,
        from_history,
    }
}

/// Whole minutes, rounded down, for "waited 14 min".
pub fn whole_minutes(seconds: i64) -> i64 {
    seconds.max(0) / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn names_round_trip() {
        for s in TicketState::ALL {
            assert_eq!(TicketState::parse(s.as_str()), Some(s));
        }
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
        for m in CounterMode::ALL {
            assert_eq!(CounterMode::parse(m.as_str()), Some(m));
        }
    }

    #[test]
    fn final_states_allow_nothing() {
        let steps = [
            Step::Call,
            Step::Recall,
            Step::Arrive,
            Step::Park,
            Step::Resume,
            Step::Transfer,
            Step::Finish,
            Step::NoShow,
            Step::CloseDay,
        ];
        for s in TicketState::ALL.into_iter().filter(|s| s.is_final()) {
            for step in steps {
                assert_eq!(s.after(step), None, "{s:?} {step:?}");
            }
        }
    }

    #[test]
    fn transitions_follow_the_counter_flow() {
        use TicketState::*;
        assert_eq!(Waiting.after(Step::Call), Some(Called));
        assert_eq!(Called.after(Step::Arrive), Some(Serving));
        assert_eq!(Serving.after(Step::Recall), None);
        assert_eq!(Serving.after(Step::NoShow), None);
        assert_eq!(Waiting.after(Step::Finish), None);
        assert_eq!(Parked.after(Step::Resume), Some(Called));
        assert_eq!(Serving.after(Step::Transfer), Some(Waiting));
        assert_eq!(Parked.after(Step::CloseDay), Some(Closed));
    }

    #[test]
    fn numbers_have_three_digits_at_least() {
        assert_eq!(ticket_number('A', 1), "A001");
        assert_eq!(ticket_number('D', 42), "D042");
        assert_eq!(ticket_number('B', 1000), "B1000");
    }

    #[test]
    fn priority_lane_follows_the_request() {
        assert!(priority_lane(&PriorityInput {
            requested: true,
            ..PriorityInput::default()
        }));
        assert!(priority_lane(&PriorityInput {
            care_registered: true,
            ..PriorityInput::default()
        }));
        assert!(!priority_lane(&PriorityInput::default()));
    }

    #[test]
    fn wait_estimate_uses_the_median_or_the_typical_time() {
        let rules = builtin_rules();
        let a = rules.service('A').unwrap();
        // Median of 120, 180, 300 s is 180 s; 5 ahead over 2 counters: 450 s, 8 minutes.
        let e = estimate_wait(&[300, 120, 180], 5, 2, a, &rules);
        assert_eq!((e.minutes, e.from_history), (8, true));
        // Too little history: A's typical 4 minutes, 3 ahead, one counter.
        let e = estimate_wait(&[60], 3, 1, a, &rules);
        assert_eq!((e.minutes, e.from_history), (12, false));
        assert_eq!(estimate_wait(&[], 0, 0, a, &rules).minutes, 0);
    }

    #[test]
    fn recall_cap_and_interval() {
        let rules = builtin_rules();
        let t0 = Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap();
        let later = |s| t0 + chrono::Duration::seconds(s);
        assert_eq!(check_recall(0, t0, later(30), &rules), Ok(()));
        assert_eq!(
            check_recall(0, t0, later(10), &rules),
            Err(RecallRefused::TooSoon { seconds: 20 })
        );
        // A clock that jumped back never makes the wait longer than the interval.
        assert_eq!(
            check_recall(0, t0, later(-500), &rules),
            Err(RecallRefused::TooSoon { seconds: 30 })
        );
        assert_eq!(
            check_recall(3, t0, later(600), &rules),
            Err(RecallRefused::CapReached { max: 3 })
        );
    }
}
