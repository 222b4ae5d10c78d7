//! `oko serve`: a live preview. The site is built into memory (a [`Session`]), served on
//! 127.0.0.1, and rebuilt when config.yaml, data/, content/ or templates/ change; an edited plan
//! re-renders only its pages. Open pages reload through server-sent events. A build error is
//! shown in the browser in place of the page, and the server keeps running.
//!
//! The server survives floods: connections are bounded ([`MAX_PAGES`] being answered, more wait
//! in the system's queue until one ends; [`MAX_EVENTS`] event streams), the whole request head
//! must arrive within [`HEAD_TIMEOUT`] (one deadline, not one per read, so a byte a second
//! cannot keep a connection), one client address keeps at most [`MAX_HEADS_PER_CLIENT`]
//! connections still sending their head (a newer one cuts its oldest, so a client trickling
//! bytes on many connections never makes a real request wait), every response is followed by
//! closing the connection, and an accept error (out of file descriptors) is reported and
//! retried, never fatal. Only requests addressed to the preview itself are answered (`Host`
//! `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT`): a page of another site whose name an
//! attacker points at 127.0.0.1 (DNS rebinding) gets 421. Request heads are parsed by httparse.

use crate::i18n::tr;
use crate::session::{Rebuilt, Session};
use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};
use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// Connections being answered at once; more wait to be accepted.
const MAX_PAGES: usize = 64;
/// Open event streams (one per open page) at once.
const MAX_EVENTS: usize = 32;
/// Connections of one client address still sending their request head.
const MAX_HEADS_PER_CLIENT: usize = 16;
/// How long a connection may take to send its whole request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(3);
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
        .with_context(|| crate::i18n::msg!("io.open", path = root.display()))?;
    let state: Shared = Arc::new(Mutex::new(State {
        session: None,
        error: None,
        version: 0,
    }));
    rebuild(&root, &state, &[], &report);
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!(crate::i18n::msg!("serve.listen", port = port, error = e)))?;
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
    let heads = Arc::new(Mutex::new(Heads::default()));
    let mut failing = false;
    loop {
        let Some(slot) = Slot::take(&pages, MAX_PAGES) else {
            std::thread::sleep(Duration::from_millis(10));
            continue; // every place taken: the connection waits in the system's queue
        };
        let (stream, client) = match listener.accept() {
            Ok((stream, peer)) => {
                failing = false;
                (stream, peer.ip())
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
        let head = Heads::enter(&heads, client, &stream);
        let (state, streams) = (state.clone(), streams.clone());
        let spawned = std::thread::Builder::new().spawn(move || {
            let _slot = slot;
            serve_connection(stream, head, port, &state, &streams);
        });
        if spawned.is_err() {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The connections of each client address still sending their request head, oldest first,
/// each with a handle that can cut it.
#[derive(Default)]
struct Heads {
    next: u64,
    by_client: HashMap<IpAddr, VecDeque<(u64, TcpStream)>>,
}

/// A connection's place in [`Heads`] while it sends its head; left when dropped.
struct InHead {
    heads: Arc<Mutex<Heads>>,
    client: IpAddr,
    id: u64,
}

impl Heads {
    /// Counts a new connection of `client`, cutting that client's oldest one still sending its
    /// head when it already has [`MAX_HEADS_PER_CLIENT`].
    fn enter(heads: &Arc<Mutex<Heads>>, client: IpAddr, stream: &TcpStream) -> InHead {
        let mut h = heads.lock().unwrap_or_else(|p| p.into_inner());
        h.next += 1;
        let id = h.next;
        let waiting = h.by_client.entry(client).or_default();
        if waiting.len() >= MAX_HEADS_PER_CLIENT {
            if let Some((_, oldest)) = waiting.pop_front() {
                let _ = oldest.shutdown(std::net::Shutdown::Both);
            }
        }
        // Without a handle (out of file descriptors) the connection still ends at its deadline.
        if let Ok(handle) = stream.try_clone() {
            waiting.push_back((id, handle));
        }
        InHead {
            heads: heads.clone(),
            client,
            id,
        }
    }
}

impl Drop for InHead {
    fn drop(&mut self) {
        let mut h = self.heads.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(waiting) = h.by_client.get_mut(&self.client) {
            waiting.retain(|(id, _)| *id != self.id);
            if waiting.is_empty() {
                h.by_client.remove(&self.client);
            }
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
fn serve_connection(
    mut stream: TcpStream,
    head: InHead,
    port: u16,
    state: &Shared,
    streams: &Arc<AtomicUsize>,
) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let Some(request) = read_head(&mut stream) else {
        return;
    };
    drop(head);
    let (status, text) = match &request {
        Err(status) => (*status, crate::i18n::msg!("serve.bad_request")),
        Ok(r) if !allowed_host(r.host.as_deref(), port) => {
            (421, crate::i18n::msg!("serve.wrong_host", port = port))
        }
        Ok(r) if r.method != "GET" && r.method != "HEAD" => {
            (405, crate::i18n::msg!("serve.bad_method"))
        }
        Ok(r) => {
            let path = r.url.split(['?', '#']).next().unwrap_or("/");
            if path == EVENTS {
                if let Some(_slot) = Slot::take(streams, MAX_EVENTS) {
                    events(stream, state);
                }
                return;
            }
            let (status, kind, body) = respond(path, state);
            return write_response(&mut stream, status, kind, &body, r.method == "HEAD");
        }
    };
    let kind = "text/plain; charset=utf-8";
    write_response(&mut stream, status, kind, text.as_bytes(), false);
}

/// A request head: its method, address and `Host`.
struct Request {
    method: String,
    url: String,
    host: Option<String>,
}

/// Reads a request head that must arrive whole before [`HEAD_TIMEOUT`] has passed; `None` when
/// the connection ends or the time runs out first, `Err(400)` for what is no request head.
fn read_head(stream: &mut TcpStream) -> Option<Result<Request, u16>> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return None;
        }
        let n = match stream.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => n,
        };
        head.extend_from_slice(&buf[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&head) {
            Ok(httparse::Status::Complete(_)) => {
                let host = request
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("host"))
                    .map(|h| String::from_utf8_lossy(h.value).into_owned());
                return Some(Ok(Request {
                    method: request.method.unwrap_or("").to_owned(),
                    url: request.path.unwrap_or("/").to_owned(),
                    host,
                }));
            }
            Ok(httparse::Status::Partial) if head.len() < MAX_HEAD => {}
            _ => return Some(Err(400)),
        }
    }
}

/// Whether a request's `Host` names the preview itself: `127.0.0.1`, `localhost` or `[::1]`
/// with the port it listens on.
fn allowed_host(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return false };
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host.eq_ignore_ascii_case(&format!("{name}:{port}")))
}

fn write_response(stream: &mut TcpStream, status: u16, kind: &str, body: &[u8], head_only: bool) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
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
    let result = crate::session::rebuild(&mut s.session, root, changed);
    match result {
        Ok(what) => {
            s.error = None;
            let ms = format!("{:.0}", started.elapsed().as_secs_f64() * 1000.0);
            report(match what {
                Rebuilt::All => crate::i18n::msg!("serve.rebuilt", ms = ms),
                Rebuilt::Plan(files) => {
                    crate::i18n::msg!("serve.rebuilt_plan", files = files, ms = ms)
                }
            });
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
            crate::i18n::msg!("serve.error_title"),
            crate::i18n::msg!("serve.error_heading"),
            crate::i18n::msg!("serve.error_fix"),
            crate::format::escape(error)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line the preview prints, for a first build, an edited plan and a broken one, is in
    /// words: no Rust names such as «(All)» or «(Plan(5))».
    #[test]
    fn the_log_lines_are_words_without_debug_names() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("p");
        let small = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
        for entry in walkdir::WalkDir::new(&small) {
            let entry = entry.unwrap();
            let to = root.join(entry.path().strip_prefix(&small).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let root = root.canonicalize().unwrap();
        let state: Shared = Arc::new(Mutex::new(State {
            session: None,
            error: None,
            version: 0,
        }));
        let lines = Mutex::new(Vec::new());
        let report = |line: String| lines.lock().unwrap().push(line);
        rebuild(&root, &state, &[], &report);
        let plan = walkdir::WalkDir::new(root.join("content"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            .unwrap()
            .into_path();
        let text = std::fs::read_to_string(&plan).unwrap();
        std::fs::write(&plan, text.replacen("title: ", "title: Новый ", 1)).unwrap();
        rebuild(&root, &state, std::slice::from_ref(&plan), &report);
        std::fs::write(&plan, format!("{text}\nunknown: 1\n")).unwrap();
        rebuild(&root, &state, std::slice::from_ref(&plan), &report);
        let lines = lines.into_inner().unwrap();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(
            lines[0].starts_with("сайт пересобран целиком за "),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("план пересобран: обновлено файлов "),
            "{}",
            lines[1]
        );
        assert!(lines[2].starts_with("сборка не удалась:\n"), "{}", lines[2]);
        for line in &lines {
            assert_eq!(
                crate::i18n::debug_names(line),
                Vec::<String>::new(),
                "{line}"
            );
        }
    }
}
