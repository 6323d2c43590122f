//! Every step of an application after intake, as the counter or the office's manager
//! records it: checked against the stage rules, one transaction each.

use super::*;

/// A step recorded at the counter (or by the office's manager), with its details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    BookSurvey {
        on: NaiveDate,
    },
    SurveyDone {
        feasible: bool,
        note: String,
    },
    Quote {
        pipe_metres: u32,
        meter: MeterKind,
    },
    ConstructionDone {
        note: String,
    },
    Inspect {
        passed: bool,
        note: String,
    },
    InstallMeter {
        serial: String,
    },
    Ignite {
        note: String,
    },
    Hold {
        reason: String,
    },
    Resume,
    Cancel {
        reason: String,
    },
    Reopen {
        reason: String,
    },
    Reassign {
        staff_no: String,
        reason: String,
    },
    MoveDue {
        to: NaiveDate,
        reason: String,
    },
    /// Owed documents brought in, several at once: each its own history row.
    DocumentsReceived {
        codes: Vec<String>,
    },
}

impl Step {
    pub fn action(&self) -> Option<Action> {
        Some(match self {
            Step::BookSurvey { .. } => Action::BookSurvey,
            Step::SurveyDone { feasible, .. } => Action::SurveyDone {
                feasible: *feasible,
            },
            Step::Quote { .. } => Action::Quote,
            Step::ConstructionDone { .. } => Action::ConstructionDone,
            Step::Inspect { passed, .. } => Action::Inspect { passed: *passed },
            Step::InstallMeter { .. } => Action::InstallMeter,
            Step::Ignite { .. } => Action::Ignite,
            Step::Hold { .. } => Action::Hold,
            Step::Resume => Action::Resume,
            Step::Cancel { .. } => Action::Cancel,
            Step::Reopen { .. } => Action::Reopen,
            Step::Reassign { .. } => Action::Reassign,
            Step::MoveDue { .. } => Action::MoveDue,
            Step::DocumentsReceived { .. } => return None,
        })
    }

    fn note(&self) -> &str {
        match self {
            Step::SurveyDone { note, .. }
            | Step::ConstructionDone { note }
            | Step::Inspect { note, .. }
            | Step::Ignite { note } => note,
            Step::Hold { reason }
            | Step::Cancel { reason }
            | Step::Reopen { reason }
            | Step::Reassign { reason, .. }
            | Step::MoveDue { reason, .. } => reason,
            _ => "",
        }
    }
}

/// Records `step` on application `id`. `seen_version` is the version the clerk's screen
/// showed; `None` takes the current one (scripts).
pub fn step(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    seen_version: Option<i64>,
    step: &Step,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i64, InstallDbError> {
    let action = step.action();
    actor.require(action.map_or(Action::BookSurvey.permission(), Action::permission))?;
    let staff = actor.staff_id.ok_or(InstallDbError::NoOffice)?;
    let needs = action.is_some_and(Action::needs_reason);
    let note = install::check_note(step.note(), needs)?;
    let serial = match step {
        Step::InstallMeter { serial } => Some(install::check_serial(serial)?),
        _ => None,
    };
    let rules = InstallRules::builtin();
    let cal = WorkCalendar::builtin();
    // A survey day and a moved due date are working days, not gone by, not too far.
    match step {
        Step::MoveDue { to, .. } => {
            install::check_step_date(cal, install::StepDate::Due, *to, today)?;
        }
        Step::BookSurvey { on } => {
            install::check_step_date(cal, install::StepDate::Survey, *on, today)?;
        }
        Step::Reassign { staff_no, .. } => {
            install::check_staff_no(staff_no)?;
        }
        _ => {}
    }
    store.write_checked::<_, InstallDbError>(actor, |tx| {
        let cur = current(tx, id)?.ok_or_else(|| InstallDbError::NotFound(id.to_string()))?;
        // Every step, the counter's and the manager's, by the application's own office.
        require_own_office(tx, actor, &cur)?;
        if seen_version.is_some_and(|v| v != cur.version) {
            return Err(last_change(tx, id)?);
        }
        let at = crate::clock::stamp(now);
        let before = cur.progress;
        if let Step::DocumentsReceived { codes } = step {
            if before.stage.is_finished() {
                return Err(install::StageError::Finished(before.stage).into());
            }
            if codes.is_empty() {
                return Err(InstallError::Required("document").into());
            }
            // All or none: an unknown, already received or repeated code refuses the lot
            // (the transaction rolls back).
            for (i, code) in codes.iter().enumerate() {
                if codes[..i].contains(code) {
                    return Err(InstallError::DocumentTwice(code.clone()).into());
                }
                let n = tx
                    .prepare_cached(
                        "UPDATE install_document SET received_on = ?3, received_by = ?4
                         WHERE application_id = ?1 AND code = ?2 AND received_on IS NULL",
                    )?
                    .execute((id, code, day_text(today), staff))?;
                if n == 0 {
                    let known: bool = tx
                        .prepare_cached(
                            "SELECT count(*) > 0 FROM install_document
                             WHERE application_id = ?1 AND code = ?2",
                        )?
                        .query_row((id, code), |r| r.get(0))?;
                    return Err(if known {
                        InstallError::DocumentTwice(code.clone())
                    } else {
                        InstallError::UnknownDocument(code.clone())
                    }
                    .into());
                }
                insert_event(
                    tx,
                    &EventIn {
                        application_id: id,
                        at: &at,
                        staff_id: Some(staff),
                        action: "document_received",
                        from: Some(before.stage),
                        to: before.stage,
                        on_hold: before.on_hold,
                        due: cur.due_on,
                        note: None,
                        detail: serde_json::json!({ "document": code }),
                    },
                )?;
            }
            bump(tx, &cur)?;
            let audit = AuditNote::new("install_document", "install_application", &cur.app_no)
                .detail(serde_json::json!({ "documents": codes }));
            return Ok((cur.version + 1, audit));
        }
        let action = action.expect("only a document step has no action");
        let after = before.apply(action)?;
        let mut due = cur.due_on;
        let mut stage_since = None;
        if after.stage != before.stage {
            stage_since = Some(today);
            due = rules
                .limit(after.stage)
                .map(|days| cal.add_working_days(today, days));
        }
        let mut detail = serde_json::json!({ "from": before.stage.as_str(), "to": after.stage.as_str() });
        // Reopened: a due date a manager had moved stands (it is what the applicant was
        // told); once it has gone by, or when it was never moved, the stage's limit counts
        // again from today — and the timeline says which.
        if action == Action::Reopen {
            match moved_due_at_cancel(tx, id, after.stage)? {
                Some(moved) if moved >= today => {
                    due = Some(moved);
                    detail["due_kept"] = true.into();
                }
                Some(moved) => detail["due_moved_passed"] = day_text(moved).into(),
                None => detail["due_recounted"] = true.into(),
            }
            // Back in the survey stage with a visit booked: the result is never due
            // before the visit — the later of that date and the booked day.
            if after.stage == Stage::Survey
                && let Some(d) = due
            {
                let raised = install::survey_due_on_reopen(d, cur.survey_on);
                if raised != d {
                    due = Some(raised);
                    detail["due_at_survey_day"] = true.into();
                }
            }
        }
        match step {
            // A manager cannot move the survey's due date before the booked visit.
            Step::MoveDue { to, .. } if before.stage == Stage::Survey => {
                install::check_due_not_before_survey(*to, cur.survey_on)?;
            }
            // The survey's result is recorded on or after the booked day.
            Step::SurveyDone { .. } => install::check_survey_result_day(today, cur.survey_on)?,
            _ => {}
        }
        if let Step::BookSurvey { on } = step {
            // The visit is due by the survey stage's due date: its limit from today, or a
            // later date a manager set before the booking.
            let moved = due_moved_in_stage(tx, id, before.stage)?
                .then_some(cur.due_on)
                .flatten();
            let survey_due = install::survey_due(cal, rules, today, moved);
            install::check_survey_by_due(*on, survey_due)?;
            due = Some(survey_due);
            detail["survey_on"] = day_text(*on).into();
        }
        match step {
            Step::Hold { reason } => {
                tx.prepare_cached(
                    "INSERT INTO install_hold (application_id, from_on, reason, staff_id)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute((id, day_text(today), reason.trim(), staff))?;
            }
            Step::Resume => {
                let from: String = tx
                    .prepare_cached(
                        "SELECT from_on FROM install_hold WHERE application_id = ?1 AND until_on IS NULL",
                    )?
                    .query_row([id], |r| r.get(0))?;
                tx.prepare_cached(
                    "UPDATE install_hold SET until_on = ?2 WHERE application_id = ?1 AND until_on IS NULL",
                )?
                .execute((id, day_text(today)))?;
                // A due date a manager moved during the hold stands as set.
                let moved = moved_during_hold(tx, id)?;
                if let (Some(d), Some(from)) = (due, parse_day(&from)) {
                    due = Some(install::due_on_resume(cal, d, from, today, moved));
                }
            }
            Step::Cancel { .. } if before.on_hold => {
                tx.prepare_cached(
                    "UPDATE install_hold SET until_on = ?2 WHERE application_id = ?1 AND until_on IS NULL",
                )?
                .execute((id, day_text(today)))?;
            }
            Step::MoveDue { to, .. } => {
                detail["due_from"] = due.map(day_text).into();
                detail["due_to"] = day_text(*to).into();
                due = Some(*to);
            }
            _ => {}
        }
        let mut handler = None;
        if let Step::Reassign { staff_no, .. } = step {
            let (new, name) = new_handler(tx, &cur, staff_no.trim())?;
            handler = Some(new);
            detail["handler"] = staff_no.trim().into();
            detail["handler_name"] = name.into();
        }
        let customer = crate::domain::account::CustomerType::parse(&cur.customer)
            .unwrap_or(crate::domain::account::CustomerType::Residential);
        let quote = match step {
            Step::Quote { pipe_metres, meter } => {
                let lines = rules.quote(customer, *pipe_metres, *meter)?;
                let total = install::quote_total(&lines);
                detail["quote_fen"] = total.get().into();
                let json: Vec<serde_json::Value> = lines
                    .iter()
                    .map(|l| serde_json::json!({"item": l.item, "quantity": l.quantity, "fen": l.amount.get()}))
                    .collect();
                Some((*pipe_metres, meter.as_str(), total.get(), serde_json::Value::from(json).to_string()))
            }
            _ => None,
        };
        if let Some(s) = &serial {
            let taken: Option<String> = tx
                .prepare_cached(
                    "SELECT a.account_no FROM meter m JOIN account a ON a.id = m.account_id
                     WHERE m.serial = ?1",
                )?
                .query_row([s], |r| r.get(0))
                .optional()?;
            if let Some(account_no) = taken {
                return Err(InstallDbError::SerialInUse {
                    serial: s.clone(),
                    account_no,
                });
            }
            detail["serial"] = s.clone().into();
        }
        let survey_on = match step {
            Step::BookSurvey { on } => Some(day_text(*on)),
            _ => None,
        };
        let changed = tx
            .prepare_cached(
                "UPDATE install_application SET stage = ?3, on_hold = ?4, fee_paid = ?5,
                     inspection_passed = ?6, cancelled_from = ?7,
                     stage_since = coalesce(?8, stage_since), due_on = ?9,
                     handler_staff_id = coalesce(?10, handler_staff_id),
                     survey_on = coalesce(?11, survey_on),
                     pipe_metres = coalesce(?12, pipe_metres), meter_kind = coalesce(?13, meter_kind),
                     quote_fen = coalesce(?14, quote_fen), quote_lines = coalesce(?15, quote_lines),
                     meter_serial = coalesce(?16, meter_serial),
                     version = version + 1
                 WHERE id = ?1 AND version = ?2",
            )?
            .execute(rusqlite::params![
                id,
                cur.version,
                after.stage.as_str(),
                after.on_hold,
                after.fee_paid,
                after.inspection_passed,
                after.cancelled_from.map(Stage::as_str),
                stage_since.map(day_text),
                if after.stage.is_finished() { None } else { due.map(day_text) },
                handler,
                survey_on,
                quote.as_ref().map(|q| q.0),
                quote.as_ref().map(|q| q.1),
                quote.as_ref().map(|q| q.2),
                quote.as_ref().map(|q| q.3.clone()),
                serial,
            ])?;
        if changed == 0 {
            return Err(last_change(tx, id)?);
        }
        insert_event(
            tx,
            &EventIn {
                application_id: id,
                at: &at,
                staff_id: Some(staff),
                action: action.as_str(),
                from: Some(before.stage),
                to: after.stage,
                on_hold: after.on_hold,
                due: if after.stage.is_finished() { None } else { due },
                note: (!note.is_empty()).then_some(note.as_str()),
                detail: detail.clone(),
            },
        )?;
        let mut audit_detail = serde_json::json!({ "action": action.as_str(), "detail": detail });
        if action == Action::MoveDue {
            // A moved due date's row holds the dates from and to, and why.
            audit_detail["reason"] = note.clone().into();
        }
        let audit = AuditNote::new(
            match action {
                Action::Cancel | Action::Reopen | Action::Reassign | Action::MoveDue => {
                    "install_manage"
                }
                _ => "install_step",
            },
            "install_application",
            &cur.app_no,
        )
        .detail(audit_detail);
        Ok((cur.version + 1, audit))
    })
}

/// Bumps the version of an application whose stage does not change.
fn bump(tx: &Transaction<'_>, cur: &Current) -> Result<(), InstallDbError> {
    let n = tx
        .prepare_cached(
            "UPDATE install_application SET version = version + 1 WHERE id = ?1 AND version = ?2",
        )?
        .execute((cur.id, cur.version))?;
    if n == 0 {
        return Err(last_change(tx, cur.id)?);
    }
    Ok(())
}

/// Who may handle application `cur`: an active clerk or manager of its own office (the
/// mobile vehicle is an office of its own: its staff handle its applications, and an
/// office's staff do not handle the vehicle's). Not the administrator or a trainer, not
/// someone of another office, not someone inactive, not the handler already. Returns the
/// staff member's id and name.
fn new_handler(
    tx: &Transaction<'_>,
    cur: &Current,
    staff_no: &str,
) -> Result<(i64, String), InstallDbError> {
    let found: Option<(i64, String, String, Option<i64>, bool)> = tx
        .prepare_cached("SELECT id, name, role, office_id, active FROM staff WHERE staff_no = ?1")?
        .query_row([staff_no], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((id, name, role, office, active)) = found else {
        return Err(InstallDbError::UnknownStaff(staff_no.to_string()));
    };
    let refuse = |why| InstallDbError::Handler {
        staff: format!("{staff_no} {name}"),
        why,
    };
    if !matches!(role.as_str(), "clerk" | "manager") {
        return Err(refuse(HandlerRefusal::Role));
    }
    if office != Some(cur.office_id) {
        return Err(refuse(HandlerRefusal::OtherOffice));
    }
    if !active {
        return Err(refuse(HandlerRefusal::Inactive));
    }
    let now: i64 = tx
        .prepare_cached("SELECT handler_staff_id FROM install_application WHERE id = ?1")?
        .query_row([cur.id], |r| r.get(0))?;
    if now == id {
        return Err(refuse(HandlerRefusal::Already));
    }
    Ok((id, name))
}

/// True when a manager moved application `id`'s due date since it entered `stage` (a
/// move, or a reopening that kept a moved date; a reopening is not an entry).
fn due_moved_in_stage(tx: &Transaction<'_>, id: i64, stage: Stage) -> Result<bool, DbError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM install_event e
                WHERE e.application_id = ?1
                  AND e.id > coalesce((SELECT max(x.id) FROM install_event x
                        WHERE x.application_id = ?1 AND x.to_stage = ?2
                          AND x.action <> 'reopen' AND x.from_stage IS NOT x.to_stage), 0)
                  AND (e.action = 'move_due'
                       OR (e.action = 'reopen' AND json_extract(e.detail, '$.due_kept') = 1)))",
        )?
        .query_row((id, stage.as_str()), |r| r.get(0))?)
}

/// True when a manager moved application `id`'s due date during its current hold (after
/// the last `hold` row).
fn moved_during_hold(tx: &Transaction<'_>, id: i64) -> Result<bool, DbError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM install_event e
                WHERE e.application_id = ?1 AND e.action = 'move_due'
                  AND e.id > (SELECT max(h.id) FROM install_event h
                              WHERE h.application_id = ?1 AND h.action = 'hold'))",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// For an application being reopened at `stage`: the due date it had when it was
/// cancelled, when a manager had moved it since the stage began (a move, or a reopening
/// that kept a moved date); `None` when the date was the stage's own limit.
fn moved_due_at_cancel(
    tx: &Transaction<'_>,
    id: i64,
    stage: Stage,
) -> Result<Option<NaiveDate>, DbError> {
    let (due, moved): (Option<String>, bool) = tx
        .prepare_cached(
            "SELECT
               (SELECT e.due_on FROM install_event e
                WHERE e.application_id = ?1 AND e.id < c.id ORDER BY e.id DESC LIMIT 1),
               EXISTS (SELECT 1 FROM install_event e
                WHERE e.application_id = ?1 AND e.id < c.id
                  AND e.id > coalesce((SELECT max(x.id) FROM install_event x
                        WHERE x.application_id = ?1 AND x.id < c.id AND x.to_stage = ?2
                          AND x.action <> 'reopen' AND x.from_stage IS NOT x.to_stage), 0)
                  AND (e.action = 'move_due'
                       OR (e.action = 'reopen' AND json_extract(e.detail, '$.due_kept') = 1)))
             FROM (SELECT max(id) AS id FROM install_event
                   WHERE application_id = ?1 AND to_stage = 'cancelled') c",
        )?
        .query_row((id, stage.as_str()), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(if moved {
        due.as_deref().and_then(parse_day)
    } else {
        None
    })
}
