//! `oko serve`: serves the site from memory, rebuilds when a plan changes, tells open pages to
//! reload, and shows a build error in the page instead of exiting.

use super::{fixture, opendata::copy_dir};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// (status, body) of a GET on 127.0.0.1.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    get_from(port, path, &format!("127.0.0.1:{port}"))
}

/// (status, body) of a GET on 127.0.0.1 that names `host` as its `Host`, waiting at most ten
/// seconds for the answer.
fn get_from(port: u16, path: &str, host: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    Some((
        status,
        text.split_once("\r\n\r\n")
            .map_or(String::new(), |(_, b)| b.to_owned()),
    ))
}

/// Polls until `check` holds for the page, or ten seconds pass.
fn wait_for(port: u16, path: &str, check: impl Fn(u16, &str) -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Some((status, body)) = get(port, path) {
            if check(status, &body) {
                return true;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `oko serve` of a copy of the small fixture on a free port, once it answers.
fn serve_small(tmp: &tempfile::TempDir) -> (Server, u16) {
    let root = tmp.path().join("p");
    copy_dir(&fixture("small"), &root);
    let port = free_port();
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_oko"))
            .args([
                "serve",
                "--root",
                root.to_str().unwrap(),
                "--port",
                &port.to_string(),
            ])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    assert!(wait_for(port, "/", |s, _| s == 200), "the server starts");
    (server, port)
}

/// A free port on 127.0.0.1.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[cfg(unix)]
#[test]
#[cfg_attr(
    not(feature = "slow-tests"),
    ignore = "slow: cargo test --features slow-tests"
)]
fn survives_more_idle_connections_than_it_has_file_descriptors() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    copy_dir(&fixture("small"), &root);
    let port = free_port();
    // The server may open 64 files; the flood below opens 300 connections and keeps them.
    let command = format!(
        "ulimit -n 64 && exec '{}' serve --root '{}' --port {port}",
        env!("CARGO_BIN_EXE_oko"),
        root.display()
    );
    let _server = Server(
        Command::new("sh")
            .args(["-c", &command])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    assert!(wait_for(port, "/", |s, _| s == 200), "the server starts");
    let address: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    let flood: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect_timeout(&address, Duration::from_millis(200)).ok())
        .collect();
    assert!(
        flood.len() > 64,
        "the flood opened {} connections",
        flood.len()
    );
    let started = Instant::now();
    let mut served = false;
    while !served && started.elapsed() < Duration::from_secs(40) {
        served = get(port, "/").is_some_and(|(s, b)| s == 200 && b.contains("Тестовый портал"));
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        served,
        "a page is served while the flood holds its connections"
    );
    drop(flood);
    assert!(wait_for(port, "/", |s, _| s == 200), "and after it");
}

#[test]
fn serves_rebuilds_on_change_and_shows_errors_in_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    copy_dir(&fixture("small"), &root);
    let port = free_port();
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_oko"))
            .args([
                "serve",
                "--root",
                root.to_str().unwrap(),
                "--port",
                &port.to_string(),
            ])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    assert!(wait_for(port, "/", |s, b| s == 200
        && b.contains("Тестовый портал")
        && b.contains("EventSource")));
    let plan_page = "/school/s1/plan/2022-2023/";
    let done = |b: &str| b.matches("status status-done").count();
    let (_, before) = get(port, plan_page).unwrap();

    let plan = root.join("content/plan-s1.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, text.replace("status: in_progress", "status: done")).unwrap();
    assert!(
        wait_for(port, plan_page, |s, b| s == 200 && done(b) > done(&before)),
        "the edited plan is served"
    );

    std::fs::write(&plan, "org: s1\ntitle: [broken\n").unwrap();
    assert!(
        wait_for(port, "/", |s, b| s == 500
            && b.contains("Сайт не собран")
            && b.contains("content/plan-s1.yaml:")),
        "the error is shown in the page"
    );
    std::fs::write(&plan, text).unwrap();
    assert!(
        wait_for(port, plan_page, |s, _| s == 200),
        "the server recovers when the error is fixed"
    );
    assert_eq!(get(port, "/no/such/page/").map(|r| r.0), Some(404));
}

#[test]
fn answers_only_requests_addressed_to_the_preview_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let (_server, port) = serve_small(&tmp);
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, body) = get_from(port, "/", &host).unwrap();
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("Тестовый портал"), "{host}");
    }
    // A site whose name an attacker points at 127.0.0.1 (DNS rebinding), another port, no port.
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "localhost".to_owned(),
        String::new(),
    ] {
        let (status, body) = get_from(port, "/", &host).unwrap();
        assert_eq!(status, 421, "{host}");
        assert!(
            body.contains(&format!("только на адреса http://127.0.0.1:{port}/")),
            "{host}: {body}"
        );
        assert!(!body.contains("Тестовый портал"), "{host}");
    }
}

#[test]
#[cfg_attr(
    not(feature = "slow-tests"),
    ignore = "slow: cargo test --features slow-tests"
)]
fn connections_trickling_their_request_heads_never_keep_real_requests_waiting() {
    let tmp = tempfile::tempdir().unwrap();
    let (_server, port) = serve_small(&tmp);
    // A hundred connections (more than the 64 the server answers at once) send the start of a
    // request head and then a byte every 300 ms, 15 times.
    let mut trickles: Vec<Option<TcpStream>> = (0..100)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            Some(s)
        })
        .collect();
    let trickler = std::thread::spawn(move || {
        for _ in 0..15 {
            std::thread::sleep(Duration::from_millis(300));
            for t in trickles.iter_mut() {
                if t.as_mut().is_some_and(|s| s.write_all(b"X").is_err()) {
                    *t = None;
                }
            }
        }
        // A connection the server has cut fails to write (at the latest the second write after
        // the cut).
        trickles.iter().filter(|t| t.is_some()).count()
    });
    std::thread::sleep(Duration::from_millis(500));
    // Fourteen real requests, each tried once, while the trickle goes on.
    let served = (0..14)
        .filter(|_| get(port, "/").is_some_and(|(s, b)| s == 200 && b.contains("Тестовый портал")))
        .count();
    assert_eq!(served, 14, "real requests served during the trickle");
    // The whole head has one deadline (3 s), not one per read: after 15 rounds (4.5 s) of a
    // byte each, the server has cut every trickling connection.
    assert_eq!(
        trickler.join().unwrap(),
        0,
        "trickling connections still open"
    );
}
