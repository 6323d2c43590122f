use std::collections::BTreeSet;

use crate::db::{DbKind, Store};
use crate::domain::install::{Action, Progress};

/// The schema's table of allowed moves is the domain's, no more and no less: every
/// stage change reachable through `Progress::apply` from a new application.
#[test]
fn the_schema_allows_exactly_the_moves_the_domain_allows() {
    let mut seen = vec![Progress::new()];
    let mut todo = vec![Progress::new()];
    let mut moves = BTreeSet::new();
    while let Some(p) = todo.pop() {
        for a in Action::ALL {
            if let Ok(next) = p.apply(a) {
                if next.stage != p.stage {
                    moves.insert((
                        p.stage.as_str().to_string(),
                        next.stage.as_str().to_string(),
                    ));
                }
                if !seen.contains(&next) {
                    seen.push(next);
                    todo.push(next);
                }
            }
        }
    }
    let store = Store::in_memory(DbKind::Demo).unwrap();
    let conn = store.raw_for_tests();
    let table: BTreeSet<(String, String)> = conn
        .prepare("SELECT from_stage, to_stage FROM install_transition")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(table, moves);
}
