//! The text of a ticket slip: what the kiosk shows, `gasdesk ticket issue` prints and the
//! printer receives. Every stored string is sanitised on its way out.

use chrono::{DateTime, Utc};

use super::{QueueRules, ServiceDef, WaitEstimate};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang};

/// What a slip says.
#[derive(Debug, Clone, Copy)]
pub struct SlipInput<'a> {
    pub office_name: &'a str,
    pub number: &'a str,
    pub service: &'a ServiceDef,
    pub priority: bool,
    pub estimate: WaitEstimate,
    pub issued_at: DateTime<Utc>,
}

/// The slip, one line per entry: header, number, service, [priority lane], people ahead
/// and the estimate, the time on the offices' clock, the footer.
pub fn slip_lines(input: &SlipInput<'_>, rules: &QueueRules, lang: Lang) -> Vec<String> {
    let mut lines = vec![
        i18n::Q_TICKET_HEADER.fill(lang, &[("office", &sanitize(input.office_name))]),
        sanitize(input.number).into_owned(),
        sanitize(input.service.name(lang)).into_owned(),
    ];
    if input.priority {
        lines.push(i18n::Q_TICKET_PRIORITY.get(lang).to_string());
    }
    lines.push(i18n::Q_TICKET_AHEAD.fill(
        lang,
        &[
            ("ahead", &input.estimate.ahead),
            ("minutes", &input.estimate.minutes),
        ],
    ));
    lines.push(
        rules
            .local(input.issued_at)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
    );
    lines.push(i18n::Q_TICKET_FOOTER.get(lang).to_string());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::queue::builtin_rules;
    use chrono::TimeZone;

    #[test]
    fn a_slip_in_both_languages() {
        let rules = builtin_rules();
        let input = SlipInput {
            office_name: "庐阳服务所\u{202e}",
            number: "A012",
            service: rules.service('A').unwrap(),
            priority: true,
            estimate: WaitEstimate {
                ahead: 5,
                minutes: 12,
                from_history: true,
            },
            issued_at: Utc.with_ymd_and_hms(2026, 11, 28, 1, 41, 0).unwrap(),
        };
        let zh = slip_lines(&input, &rules, Lang::Zh);
        assert_eq!(
            zh,
            [
                "合肥燃气 庐阳服务所\u{fffd}",
                "A012",
                "缴费购气",
                "优先通道",
                "前面还有 5 人，预计等候约 12 分钟",
                "2026-11-28 09:41",
                "请留意叫号屏，过号需重新取号",
            ]
        );
        let en = slip_lines(&input, &rules, Lang::En);
        assert_eq!(en[4], "5 ahead of you, about 12 min");
    }
}
