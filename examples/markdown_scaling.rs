//! Benchmark: time to render and sanitise one Markdown page as it grows, for ordinary text and
//! for hostile shapes (deep quotes, deep lists, runs of emphasis marks, unclosed links, brackets,
//! raw HTML). The loader refuses text nested deeper than `MAX_MARKDOWN_DEPTH`, and the renderer
//! shows such text escaped, so every shape stays fast. Prints figures; asserts nothing.
//! Usage: cargo run --release --example markdown_scaling

use std::time::Instant;

/// A shape of text: its name and how to make `n` bytes of it.
type Shape = (&'static str, fn(usize) -> String);

fn main() {
    let shapes: [Shape; 8] = [
        ("text", |n| {
            "Обычный абзац текста плана. ".repeat(n / 50) + "\n"
        }),
        ("quotes", |n| ">".repeat(n) + " x\n"),
        ("lists", |n| {
            (0..(n as f64).sqrt() as usize)
                .map(|i| format!("{}- a\n", "  ".repeat(i)))
                .collect()
        }),
        ("emphasis", |n| "*".repeat(n) + "\n"),
        ("links", |n| "[a](".repeat(n / 4) + "\n"),
        ("brackets", |n| {
            "[".repeat(n / 2) + &"]".repeat(n / 2) + "\n"
        }),
        ("html", |n| "<div>".repeat(n / 5) + "\n"),
        ("dashes", |n| "- ".repeat(n / 2) + "x\n"),
    ];
    print!("{:>8}", "KB");
    for (name, _) in &shapes {
        print!(" {name:>10}");
    }
    println!("   (ms)");
    for kb in [8, 16, 32, 64] {
        print!("{kb:>8}");
        for (_, make) in &shapes {
            let text = make(kb * 1024);
            let started = Instant::now();
            let _ = oko::render::markdown::to_html(&text);
            print!(" {:>10.1}", started.elapsed().as_secs_f64() * 1e3);
        }
        println!();
    }
}
