//! Criterion benchmarks of the customer search on a 20,000-account demo database.
//! `gasdesk bench --accounts 2000000` measures Hefei scale against the bare SQL.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gasdesk::db::Store;
use gasdesk::db::account::search;

fn bench_search(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("gasdesk-criterion-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bench.sqlite");
    if !path.exists() {
        gasdesk::demo::build(
            &path,
            gasdesk::demo::DEFAULT_SEED,
            20_000,
            chrono::Utc::now(),
            &mut |_| {},
        )
        .expect("demo build");
    }
    let store = Store::open(&path).expect("open");
    let queries = gasdesk::bench::sample_queries(
        &gasdesk::bench::bare_connection(&path).expect("bare connection"),
        50,
    )
    .expect("queries");
    let mut group = c.benchmark_group("search");
    for plan in gasdesk::db::account::SearchPlan::ALL {
        let of_kind: Vec<&str> = queries
            .iter()
            .filter(|(p, _)| *p == plan)
            .map(|(_, q)| q.as_str())
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        group.bench_function(plan.as_str(), |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % of_kind.len();
                black_box(search(&store, of_kind[i], 50).expect("search"))
            })
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
