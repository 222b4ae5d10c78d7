//! `oko serve`: a live preview. The site is built into memory (a [`Session`]), served on
//! 127.0.0.1, and rebuilt when config.yaml, data/, content/ or templates/ change; an edited plan
//! re-renders only its pages. Open pages reload through server-sent events. A build error is
//! shown in the browser in place of the page, and the server keeps running.
//!
//! The server survives floods: connections are bounded ([`MAX_PAGES`] being answered, [`MAX_EVENTS`]
//! event streams; more are closed at once), a request head must arrive within [`HEAD_TIMEOUT`],
//! every response is followed by closing the connection, and an accept error (out of file
//! descriptors) is reported and retried, never fatal. Request heads are parsed by httparse.

use crate::i18n::tr;
use crate::session::Session;
use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// Connections being answered at once; more are closed as they arrive.
const MAX_PAGES: usize = 64;
/// Open event streams (one per open page) at once.
const MAX_EVENTS: usize = 32;
/// How long a connection may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(2);
/// The largest request head read.
const MAX_HEAD: usize = 16 * 1024;

const EVENTS: &str = "/__oko/events";
const RELOAD: &str =
    "<script>new EventSource(\"/__oko/events\").onmessage=function(){location.reload()}</script>";

/// What the server shows: the site, or the error of the last build.
struct State {
    session: Option<Session>,
    error: Option<String>,
    /// Bumped on every rebuild; open pages reload when it changes.
    version: u64,
}

type Shared = Arc<Mutex<State>>;

fn lock(state: &Shared) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Serves the project at `root` on `port` until the process ends; `report` receives one line per
/// event (the address, each rebuild, each error).
pub fn serve(
    root: &Path,
    port: u16,
    report: impl Fn(String) + Send + Sync + 'static,
) -> Result<()> {
    let root = root
        .canonicalize()
        .with_context(|| crate::msg!("io.open", path = root.display()))?;
    let state: Shared = Arc::new(Mutex::new(State {
        session: None,
        error: None,
        version: 0,
    }));
    rebuild(&root, &state, &[], &report);
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!(crate::msg!("serve.listen", port = port, error = e)))?;
    report(tr(
        "serve.serving",
        &[("root", &root.display()), ("port", &port)],
    ));

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(&root, RecursiveMode::Recursive)?;
    let report = Arc::new(report);
    {
        let (root, state, report) = (root.clone(), state.clone(), report.clone());
        std::thread::spawn(move || watch(&root, &state, &rx, &*report));
    }
    let _watcher = watcher;
    let pages = Arc::new(AtomicUsize::new(0));
    let streams = Arc::new(AtomicUsize::new(0));
    let mut failing = false;
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => {
                failing = false;
                stream
            }
            Err(e) => {
                if !failing {
                    report(tr("serve.accept_retry", &[("error", &e)]));
                    failing = true;
                }
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        let Some(slot) = Slot::take(&pages, MAX_PAGES) else {
            continue; // over the bound: the connection is closed as it is dropped
        };
        let (state, streams) = (state.clone(), streams.clone());
        let spawned = std::thread::Builder::new().spawn(move || {
            let _slot = slot;
            serve_connection(stream, &state, &streams);
        });
        if spawned.is_err() {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// One of a bounded number of places; freed when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        count
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(count.clone()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Reads one request head within the limits; answers it and closes the connection.
fn serve_connection(mut stream: TcpStream, state: &Shared, streams: &Arc<AtomicUsize>) {
    let _ = stream.set_read_timeout(Some(HEAD_TIMEOUT));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    let (method, url) = loop {
        let n = match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        head.extend_from_slice(&buf[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&head) {
            Ok(httparse::Status::Complete(_)) => {
                break (
                    request.method.unwrap_or("").to_owned(),
                    request.path.unwrap_or("/").to_owned(),
                )
            }
            Ok(httparse::Status::Partial) if head.len() < MAX_HEAD => {}
            _ => {
                return write_response(
                    &mut stream,
                    400,
                    "text/plain; charset=utf-8",
                    b"bad request",
                    false,
                )
            }
        }
    };
    if method != "GET" && method != "HEAD" {
        return write_response(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed",
            false,
        );
    }
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS {
        if let Some(_slot) = Slot::take(streams, MAX_EVENTS) {
            events(stream, state);
        }
        return;
    }
    let (status, kind, body) = respond(path, state);
    write_response(&mut stream, status, kind, &body, method == "HEAD");
}

fn write_response(stream: &mut TcpStream, status: u16, kind: &str, body: &[u8], head_only: bool) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
}

/// Whether a changed path is an input: config.yaml, or a CSV, YAML, Markdown or template file
/// below data/, content/ or templates/ (not the output, not editors' swap and temporary files).
fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    first == "config.yaml"
        || (["data", "content", "templates"].contains(&first.as_str())
            && ["csv", "yaml", "yml", "md", "html"].contains(&extension.as_str()))
}

/// Collects file events, waits for a quiet moment, then rebuilds with the changed inputs.
fn watch(
    root: &Path,
    state: &Shared,
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    report: &impl Fn(String),
) {
    while let Ok(first) = rx.recv() {
        let mut changed: Vec<PathBuf> = Vec::new();
        // Only changes of content count: reading the inputs (as every rebuild does) raises
        // access events, which would otherwise trigger rebuilds forever.
        let mut take = |event: notify::Result<notify::Event>| {
            use notify::event::{EventKind, ModifyKind};
            if let Ok(e) = event {
                let content = matches!(
                    e.kind,
                    EventKind::Create(_)
                        | EventKind::Remove(_)
                        | EventKind::Modify(
                            ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any
                        )
                );
                if content {
                    changed.extend(e.paths.into_iter().filter(|p| is_input(root, p)));
                }
            }
        };
        take(first);
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(150)) {
            take(more);
        }
        changed.sort();
        changed.dedup();
        if !changed.is_empty() {
            rebuild(root, state, &changed, report);
        }
    }
}

fn rebuild(root: &Path, state: &Shared, changed: &[PathBuf], report: &impl Fn(String)) {
    let started = std::time::Instant::now();
    let mut s = lock(state);
    let result = match (s.session.as_mut(), changed.is_empty()) {
        (Some(session), false) => session.update(changed).map(|r| format!("{r:?}")),
        _ => Session::open(root).map(|session| {
            s.session = Some(session);
            "All".to_owned()
        }),
    };
    match result {
        Ok(what) => {
            s.error = None;
            let ms = format!("{:.0}", started.elapsed().as_secs_f64() * 1000.0);
            report(tr("serve.rebuilt", &[("what", &what), ("ms", &ms)]));
        }
        Err(e) => {
            let message = match e.downcast_ref::<crate::diag::InputErrors>() {
                Some(errors) => errors.to_string(),
                None => format!("{e:#}"),
            };
            report(format!("{}\n{message}", tr("serve.failed", &[])));
            s.error = Some(message);
        }
    }
    s.version += 1;
}

/// Streams server-sent events on the raw connection: one `data:` line whenever the site's
/// version changes, a comment every 15 s to keep the connection open.
fn events(mut out: TcpStream, state: &Shared) {
    let mut seen = lock(state).version;
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    let mut quiet = 0;
    loop {
        std::thread::sleep(Duration::from_millis(100));
        quiet += 100;
        let version = lock(state).version;
        let message = if version != seen {
            seen = version;
            format!("data: {version}\n\n")
        } else if quiet >= 15_000 {
            ": keep-alive\n\n".to_owned()
        } else {
            continue;
        };
        quiet = 0;
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Status, content type and body for a page of the site (or the last build's error).
fn respond(url: &str, state: &Shared) -> (u16, &'static str, Vec<u8>) {
    let mut path = url.trim_start_matches('/').to_owned();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    let s = lock(state);
    let (status, kind, mut body) = if let Some(error) = &s.error {
        // In the command line's language, as the problems in it are.
        let page = format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><h1>{}</h1><p>{}</p><pre>{}</pre></body></html>",
            crate::i18n::current().code(),
            crate::msg!("serve.error_title"),
            crate::msg!("serve.error_heading"),
            crate::msg!("serve.error_fix"),
            escape(error)
        );
        (500, "text/html; charset=utf-8", page.into_bytes())
    } else {
        match s
            .session
            .as_ref()
            .and_then(|session| session.output().get(&path))
        {
            Some(bytes) => (200, content_type(&path), bytes.to_vec()),
            None => {
                let missing = s
                    .session
                    .as_ref()
                    .and_then(|session| session.output().get("404.html"))
                    .unwrap_or(b"not found");
                (404, "text/html; charset=utf-8", missing.to_vec())
            }
        }
    };
    drop(s);
    if kind.starts_with("text/html") {
        let html = String::from_utf8_lossy(&body).into_owned();
        body = match html.rfind("</body>") {
            Some(i) => format!("{}{RELOAD}{}", &html[..i], &html[i..]).into_bytes(),
            None => format!("{html}{RELOAD}").into_bytes(),
        };
    }
    (status, kind, body)
}
