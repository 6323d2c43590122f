//! The app's side of the reports (F8): reading the day-end and the period report
//! through `db::report` (which decides who may read which office) and printing them to
//! the spool, each print audited as an export.

use crate::db::report::{self as store_report, Export};
use crate::i18n::{self, Localized};
use crate::report::table;

use super::app::App;
use super::screens::Screen;
use super::screens::outcome::Outcome;
use super::screens::report::{ReportCommand, ReportScreen};
use crate::domain::role::Role;

impl App {
    /// Opens the reports (F8) on the office's day-end for today.
    pub(crate) fn open_reports(&mut self) {
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let today = self.rules.local_day(self.clock.now());
        let offices = store_report::offices(&self.store).map_or(9, |o| o.len() as i64);
        if !matches!(self.screen(), Screen::Report(_)) {
            let mut screen = ReportScreen::new(
                today,
                actor.office_id.unwrap_or(1),
                actor.role == Role::Admin,
                offices,
            );
            screen.refused =
                store_report::require_access(&self.store, &actor, actor.office_id).is_err();
            let load = screen.load();
            self.navigate(Screen::Report(Box::new(screen)));
            self.execute_report(load);
        }
    }

    pub(crate) fn execute_report(&mut self, command: ReportCommand) {
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let lang = self.lang;
        match command {
            ReportCommand::Day { office, date } => {
                let r = store_report::day_report(&self.store, &actor, &self.rules, office, date)
                    .map_err(|e| e.localized(lang));
                self.deliver(Outcome::ReportDay(Box::new(r)));
            }
            ReportCommand::Period { office, from, to } => {
                let r = store_report::period_report(&self.store, &actor, office, from, to)
                    .map_err(|e| e.localized(lang));
                self.deliver(Outcome::ReportPeriod(Box::new(r)));
            }
            ReportCommand::PrintDay { office, date } => {
                match store_report::day_report(&self.store, &actor, &self.rules, office, date) {
                    Ok(r) => {
                        let title = i18n::RPT_DAY_TITLE
                            .fill(lang, &[("office", &r.office.name(lang)), ("date", &r.date)]);
                        let tables = table::day_tables(&r, &self.rules, lang);
                        let stem = format!("report-{}-{}", r.office.code, r.date);
                        self.print_report(&stem, &title, &tables, Some(office), date, date, "day");
                    }
                    Err(e) => self.error(e.localized(lang)),
                }
            }
            ReportCommand::PrintPeriod { office, from, to } => {
                match store_report::period_report(&self.store, &actor, office, from, to) {
                    Ok(p) => {
                        let title =
                            i18n::RPT_PERIOD_TITLE.fill(lang, &[("from", &from), ("to", &to)]);
                        let tables = table::period_tables(&p, lang);
                        let who = office.map_or_else(|| "all".to_string(), |o| o.to_string());
                        let stem = format!("report-{who}-{from}-{to}");
                        self.print_report(&stem, &title, &tables, office, from, to, "period");
                    }
                    Err(e) => self.error(e.localized(lang)),
                }
            }
        }
    }

    /// Writes a report to the printer spool and audits it as an export.
    #[allow(clippy::too_many_arguments)]
    fn print_report(
        &mut self,
        stem: &str,
        title: &str,
        tables: &[table::Table],
        office: Option<i64>,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        kind: &'static str,
    ) {
        let lang = self.lang;
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let Some(dir) = self.spool_dir.clone() else {
            return;
        };
        let text =
            crate::printout::report::lines(title, tables, self.store.is_demo(), lang).join("\n");
        let export = Export {
            kind,
            office,
            from,
            to,
            format: "spool",
            bytes: text.as_bytes(),
        };
        if let Err(e) = store_report::audit_export(&mut self.store, &actor, &export) {
            self.error(e.localized(lang));
            return;
        }
        match crate::spool::write_spool(
            &self.store,
            &dir,
            &crate::files::safe_stem(stem, &['-']),
            &text,
        ) {
            Ok(path) => self.info(
                i18n::RPT_PRINTED.fill(
                    lang,
                    &[(
                        "file",
                        &path
                            .file_name()
                            .map_or_else(String::new, |f| f.to_string_lossy().into_owned()),
                    )],
                ),
            ),
            Err(e) => self.error(i18n::CD_SPOOL_FAILED.fill(lang, &[("detail", &e)])),
        }
    }
}
