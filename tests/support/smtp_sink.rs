//! A real SMTP server on loopback for tests and benchmarks (mailin-embedded), recording what
//! it accepts and able to refuse on demand.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use mailin_embedded::{Handler, Response, Server, SslConfig, response};

#[derive(Default)]
struct SinkState {
    mails: Mutex<Vec<Vec<u8>>>,
    /// For each of `mails`: whether its sender announced 8-bit content (`BODY=8BITMIME`).
    announced_8bit: Mutex<Vec<bool>>,
    accepted: AtomicUsize,
    refuse_temporarily: AtomicBool,
    refused_recipients: Mutex<Vec<String>>,
    delay_ms: AtomicU64,
    keep_messages: AtomicBool,
    /// While true, each mail waits at the end of its DATA, unanswered.
    held: Mutex<bool>,
    release: Condvar,
    /// Mails waiting so.
    holding: AtomicUsize,
}

#[derive(Clone)]
struct SinkHandler {
    state: Arc<SinkState>,
    buffer: Vec<u8>,
    is_8bit: bool,
}

impl Handler for SinkHandler {
    fn rcpt(&mut self, to: &str) -> Response {
        let refused = self.state.refused_recipients.lock().unwrap();
        if refused.iter().any(|r| to.contains(r.as_str())) {
            return response::NO_MAILBOX;
        }
        response::OK
    }

    fn data_start(&mut self, _domain: &str, _from: &str, is8bit: bool, _to: &[String]) -> Response {
        if self.state.refuse_temporarily.load(Ordering::SeqCst) {
            return response::INTERNAL_ERROR;
        }
        self.buffer.clear();
        self.is_8bit = is8bit;
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if self.state.keep_messages.load(Ordering::Relaxed) {
            self.buffer.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mut held = self.state.held.lock().unwrap();
        if *held {
            self.state.holding.fetch_add(1, Ordering::SeqCst);
            while *held {
                held = self.state.release.wait(held).unwrap();
            }
            self.state.holding.fetch_sub(1, Ordering::SeqCst);
        }
        drop(held);
        let delay = self.state.delay_ms.load(Ordering::Relaxed);
        if delay > 0 {
            std::thread::sleep(Duration::from_millis(delay));
        }
        if self.state.keep_messages.load(Ordering::Relaxed) {
            let mut mails = self.state.mails.lock().unwrap();
            mails.push(std::mem::take(&mut self.buffer));
            self.state.announced_8bit.lock().unwrap().push(self.is_8bit);
        }
        self.state.accepted.fetch_add(1, Ordering::SeqCst);
        response::OK
    }
}

pub struct SmtpSink {
    pub port: u16,
    state: Arc<SinkState>,
}

#[allow(dead_code)]
impl SmtpSink {
    /// Starts a sink on a free loopback port.
    pub fn start() -> Self {
        Self::start_on(TcpListener::bind("127.0.0.1:0").expect("no free port"))
    }

    /// Starts a sink on `listener`, e.g. on a port a test kept free.
    pub fn start_on(listener: TcpListener) -> Self {
        Self::start_with(listener, SslConfig::None)
    }

    /// Starts a sink on `listener` that offers STARTTLS as `ssl` says.
    pub fn start_with(listener: TcpListener, ssl: SslConfig) -> Self {
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(SinkState::default());
        state.keep_messages.store(true, Ordering::SeqCst);
        let handler = SinkHandler {
            state: state.clone(),
            buffer: Vec::new(),
            is_8bit: false,
        };
        std::thread::spawn(move || {
            let mut server = Server::new(handler);
            server
                .with_name("sink.test")
                .with_num_threads(16)
                .with_ssl(ssl)
                .expect("the sink's TLS settings")
                .with_tcp_listener(listener);
            server.serve().expect("the SMTP sink runs");
        });
        Self { port, state }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The URL of a relay in front of this sink that does not announce 8BITMIME (RFC 6152),
    /// as some still do not: its EHLO answer has the keyword replaced, all else passes as is.
    pub fn url_without_8bitmime(&self) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("no free port");
        let port = listener.local_addr().unwrap().port();
        let upstream = ("127.0.0.1", self.port);
        std::thread::spawn(move || {
            for client in listener.incoming().map_while(Result::ok) {
                let Ok(server) = TcpStream::connect(upstream) else {
                    continue;
                };
                let (mut to_server, mut from_client) =
                    (server.try_clone().unwrap(), client.try_clone().unwrap());
                std::thread::spawn(move || std::io::copy(&mut from_client, &mut to_server));
                std::thread::spawn(move || {
                    let mut to_client = client;
                    for line in BufReader::new(server).split(b'\n').map_while(Result::ok) {
                        let line = String::from_utf8_lossy(&line).replace("8BITMIME", "X-NO-8BIT");
                        if to_client.write_all(format!("{line}\n").as_bytes()).is_err() {
                            break;
                        }
                    }
                });
            }
        });
        format!("smtp://127.0.0.1:{port}")
    }

    /// Answer DATA with 451 (try again later) while `refuse` holds.
    pub fn refuse_temporarily(&self, refuse: bool) {
        self.state
            .refuse_temporarily
            .store(refuse, Ordering::SeqCst);
    }

    /// Answer RCPT TO for `address` with 550 (no such mailbox), or stop doing so.
    pub fn refuse_recipient(&self, address: &str, refuse: bool) {
        let mut refused = self.state.refused_recipients.lock().unwrap();
        refused.retain(|r| r != address);
        if refuse {
            refused.push(address.to_owned());
        }
    }

    /// Wait this long before accepting each mail.
    pub fn delay_each(&self, delay: Duration) {
        self.state
            .delay_ms
            .store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    /// Keeps each mail that arrives from now on waiting, unanswered, at the end of its DATA
    /// until [`release`](Self::release): the sender is stuck mid-send for as long as a test
    /// needs.
    pub fn hold(&self) {
        *self.state.held.lock().unwrap() = true;
    }

    /// Answers the mails held, and those that come after.
    pub fn release(&self) {
        *self.state.held.lock().unwrap() = false;
        self.state.release.notify_all();
    }

    /// Waits until a mail is held.
    pub async fn wait_until_holding(&self, timeout: Duration) {
        let started = Instant::now();
        while self.state.holding.load(Ordering::SeqCst) == 0 {
            assert!(started.elapsed() < timeout, "no mail came to be held");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Count mails only, without keeping them (for benchmarks).
    pub fn count_only(&self) {
        self.state.keep_messages.store(false, Ordering::SeqCst);
    }

    pub fn accepted(&self) -> usize {
        self.state.accepted.load(Ordering::SeqCst)
    }

    pub fn mails(&self) -> Vec<Vec<u8>> {
        self.state.mails.lock().unwrap().clone()
    }

    /// For each mail kept, in order: whether its sender announced 8-bit content.
    pub fn announced_8bit(&self) -> Vec<bool> {
        let _mails = self.state.mails.lock().unwrap();
        self.state.announced_8bit.lock().unwrap().clone()
    }

    /// Waits until at least `count` mails have been accepted, polling the count.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Vec<u8>> {
        let started = Instant::now();
        while self.accepted() < count {
            assert!(
                started.elapsed() < timeout,
                "the sink accepted {} mails, not {count}, within {timeout:?}",
                self.accepted()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.mails()
    }
}
