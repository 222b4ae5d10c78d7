//! Benchmark: time to check one plan as its size grows from 10 KB to 1 MB, for a plan of many
//! measures and for hostile nesting (refused by the depth limit before parsing). Prints figures;
//! asserts nothing. Linear growth means the time per KB stays flat.
//! Usage: cargo run --release --example yaml_scaling

use oko::diag::Diagnostics;
use std::time::Instant;

fn measures(kb: usize) -> String {
    let mut text = String::from(
        "org: s1\ntitle: План\nperiod: 2022-2023\ndirections:\n  - title: Меры\n    measures:\n",
    );
    while text.len() < kb * 1024 {
        text.push_str("      - text: обеспечение видеонаблюдения на процедурах оценки качества\n        status: done\n        due: 2023-05-31\n");
    }
    text
}

fn nested(kb: usize) -> String {
    let half = kb * 512;
    format!("org: s1\nx: {}1{}\n", "[".repeat(half), "]".repeat(half))
}

fn main() {
    let orgs = {
        let mut d = Diagnostics::default();
        oko::load::orgs::parse(
            "orgs.csv",
            "id,name,kind,parent\nr,Р,region,\nm,М,municipality,r\ns1,Ш,school,m\n",
            &mut d,
        )
    };
    println!("{:>8} {:>14} {:>14}", "KB", "measures ms", "nested ms");
    for kb in [10, 30, 100, 300, 1000] {
        let time = |text: &str| {
            let started = Instant::now();
            let mut d = Diagnostics::default();
            let _ = oko::load::content::parse_plan("p.yaml", text, &orgs, &mut d);
            started.elapsed().as_secs_f64() * 1e3
        };
        println!(
            "{kb:>8} {:>14.2} {:>14.2}",
            time(&measures(kb)),
            time(&nested(kb))
        );
    }
}
