//! Engine throughput on the corpus: the whole engine, the shared segmentation pass alone,
//! and each rule alone on top of it (so a rule's own cost is its figure minus `segment`).
//!
//! `cargo bench --bench engine`; scripts/bench.sh compares against benches/baseline.json.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use copydesk::analysis::Analysis;
use copydesk::config::Config;
use copydesk::document::DocKind;
use copydesk::engine::Engine;

fn corpus() -> Vec<(String, DocKind)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt")))
        .filter(|p| !p.ends_with("README.md"))
        .filter_map(|p| Some((std::fs::read_to_string(&p).ok()?, DocKind::from_path(&p))))
        .collect()
}

fn only(rule: &str) -> Engine {
    let families = copydesk::rules::FAMILIES
        .iter()
        .map(|f| format!("{f} = \"off\"\n"))
        .collect::<String>();
    let config = Config::parse(
        &format!("[rules]\n{families}\"{rule}\" = \"warning\"\n"),
        None,
    )
    .expect("bench config");
    Engine::new(&config).expect("bench engine")
}

fn bench(c: &mut Criterion) {
    let articles = corpus();
    let bytes: usize = articles.iter().map(|(t, _)| t.len()).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);

    group.bench_function("segment", |b| {
        b.iter(|| {
            for (text, kind) in &articles {
                std::hint::black_box(Analysis::new(text.clone(), *kind));
            }
        })
    });
    let engine = Engine::default();
    group.bench_function("all-rules", |b| {
        b.iter(|| {
            for (text, kind) in &articles {
                std::hint::black_box(engine.lint(text, *kind));
            }
        })
    });
    let ids: Vec<&str> = engine.rules().map(|r| r.meta().id).collect();
    for id in ids {
        let engine = only(id);
        group.bench_function(id, |b| {
            b.iter(|| {
                for (text, kind) in &articles {
                    std::hint::black_box(engine.lint(text, *kind));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
