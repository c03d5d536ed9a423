//! A live room under load, over loopback: the real binary runs the facilitator's screen in a
//! 120x40 pseudo-terminal, and PARTICIPANTS (50) russh clients join. Measured:
//! - the room's start: spawn to the first complete frame (SSH already listening);
//! - resident memory per connected participant;
//! - a participant's keystroke round trip (taken into the room and saved, their screen
//!   redrawn) while everyone types at `PACE_MS` (200: five keys a second);
//! - a participant's keystroke to the facilitator's screen showing it (the tally redrawn);
//! - the facilitator's own keystroke to the redrawn screen.
//!
//! Run: `cargo bench --bench room` (`PARTICIPANTS=50 KEYS=40 PACE_MS=200` by default).

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use russh::client;
use russh::{ChannelMsg, Disconnect};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const CODE: &str = "123-456-789";

struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;
    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Waits for the next data the server sends on the channel.
async fn next_frame(channel: &mut russh::Channel<client::Msg>) {
    loop {
        match tokio::time::timeout(Duration::from_secs(20), channel.wait()).await {
            Ok(Some(ChannelMsg::Data { .. })) => return,
            Ok(Some(_)) => {}
            _ => panic!("the room stopped answering"),
        }
    }
}

/// The facilitator's screen, rebuilt from the pty's output.
struct Screen {
    rx: mpsc::Receiver<Vec<u8>>,
    parser: vt100::Parser,
}

impl Screen {
    /// Reads the pty until `done` holds for the screen's text.
    fn until(&mut self, done: impl Fn(&str) -> bool) {
        loop {
            if done(&self.parser.screen().contents()) {
                return;
            }
            let chunk = self
                .rx
                .recv_timeout(Duration::from_secs(20))
                .expect("the facilitator's screen stopped changing");
            self.parser.process(&chunk);
        }
    }

    /// Reads the pty until the row starting with `prefix` is no longer `old`.
    fn until_row_differs(&mut self, prefix: &str, old: &str) {
        while self.row(prefix) == old {
            let chunk = self
                .rx
                .recv_timeout(Duration::from_secs(20))
                .expect("the facilitator's screen stopped changing");
            self.parser.process(&chunk);
        }
    }

    /// Takes in everything the screen has drawn so far.
    fn drain(&mut self) {
        while let Ok(chunk) = self.rx.try_recv() {
            self.parser.process(&chunk);
        }
    }

    /// Takes in everything the screen draws until it has been quiet for `quiet`.
    fn settle(&mut self, quiet: Duration) {
        while let Ok(chunk) = self.rx.recv_timeout(quiet) {
            self.parser.process(&chunk);
        }
    }

    /// The screen's row that starts with `prefix`.
    fn row(&self, prefix: &str) -> String {
        self.parser
            .screen()
            .rows(0, 120)
            .find(|r| r.starts_with(prefix))
            .unwrap_or_default()
    }
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let n = times.len();
    (ms(times[n / 2]), ms(times[n * 99 / 100]), ms(times[n - 1]))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::cast_precision_loss, clippy::too_many_lines)] // counts and KiB; one scenario
async fn main() {
    let participants = env_or("PARTICIPANTS", 50);
    let keys = env_or("KEYS", 40);
    let pace = Duration::from_millis(u64::try_from(env_or("PACE_MS", 200)).unwrap_or(200));
    let state = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tradeoff"));
    cmd.args([
        "room",
        "--listen",
        &format!("127.0.0.1:{port}"),
        "--code",
        CODE,
    ]);
    cmd.arg("--out");
    cmd.arg(state.path().join("export"));
    cmd.env("TRADEOFF_STATE_DIR", state.path());
    cmd.env("TERM", "xterm-256color");
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut keyboard = pty.master.take_writer().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    let pid = child.process_id().unwrap();
    let mut screen = Screen {
        rx,
        parser: vt100::Parser::new(
            NonZeroU16::new(40).unwrap(),
            NonZeroU16::new(120).unwrap(),
            0,
        ),
    };
    screen.until(|t| t.contains(CODE) && t.contains("q quit"));
    let start = started.elapsed();
    let before = rss_kib(pid);

    let config = Arc::new(client::Config::default());
    let mut clients = Vec::new();
    for k in 0..participants {
        let mut session = client::connect(config.clone(), ("127.0.0.1", port), Trusting)
            .await
            .unwrap();
        let auth = session
            .authenticate_password(format!("p{k}"), CODE)
            .await
            .unwrap();
        assert!(auth.success());
        let mut channel = session.channel_open_session().await.unwrap();
        channel
            .request_pty(false, "xterm-256color", 120, 40, 0, 0, &[])
            .await
            .unwrap();
        channel.request_shell(false).await.unwrap();
        next_frame(&mut channel).await;
        clients.push((session, channel));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = rss_kib(pid);

    // Everyone but p0 types at the pace: 1, 2, 3, 1, ... on the first question, each key
    // timed until the participant's own screen shows it.
    let (p0_session, mut p0) = clients.remove(0);
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(p, (session, mut channel))| {
            tokio::spawn(async move {
                let mut times = Vec::with_capacity(keys);
                let offset = pace.mul_f64(p as f64 / participants as f64);
                let mut next = tokio::time::Instant::now() + offset;
                for k in 0..keys {
                    tokio::time::sleep_until(next).await;
                    next += pace;
                    let sent = Instant::now();
                    channel.data_bytes(vec![b"123"[k % 3]]).await.unwrap();
                    next_frame(&mut channel).await;
                    times.push(sent.elapsed());
                }
                (times, session)
            })
        })
        .collect();

    // Meanwhile, p0's keystroke to the facilitator's screen: p0's row (only p0's answers
    // change it) shows each new answer: Critical, then Important, and so on.
    let mut to_screen = Vec::new();
    for k in 0..keys {
        tokio::time::sleep(Duration::from_millis(60)).await;
        screen.drain();
        let old = screen.row("p0 ");
        let sent = Instant::now();
        p0.data_bytes(vec![if k % 2 == 0 { b'1' } else { b'2' }])
            .await
            .unwrap();
        screen.until_row_differs("p0 ", &old);
        to_screen.push(sent.elapsed());
        next_frame(&mut p0).await;
    }
    let mut round_trips = Vec::new();
    let mut sessions = vec![p0_session];
    for t in tasks {
        let (times, session) = t.await.unwrap();
        round_trips.extend(times);
        sessions.push(session);
    }

    // The facilitator's own key: v toggles the reveal, the status line says so.
    let mut own = Vec::new();
    for k in 0..keys {
        screen.settle(Duration::from_millis(60));
        let want = if k % 2 == 0 { "On:" } else { "Off:" };
        let sent = Instant::now();
        keyboard.write_all(b"v").unwrap();
        keyboard.flush().unwrap();
        screen.until(|t| t.lines().last().is_some_and(|l| l.starts_with(want)));
        own.push(sent.elapsed());
    }

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "room start (spawn to the first frame, SSH listening): {:.1} ms",
        ms(start)
    );
    let per = (after.saturating_sub(before)) as f64 / participants as f64 / 1024.0;
    println!(
        "resident memory: {:.1} MiB before joins, {:.1} MiB with {participants} participants: {per:.2} MiB each",
        before as f64 / 1024.0,
        after as f64 / 1024.0
    );
    let n = round_trips.len();
    let (median, p99, max) = percentiles(round_trips);
    println!(
        "participant keystroke round trip, {} typing a key every {} ms each ({n} keys): median {median:.2} ms, p99 {p99:.2} ms, max {max:.2} ms",
        participants - 1,
        pace.as_millis()
    );
    let (median, p99, max) = percentiles(to_screen);
    println!(
        "participant keystroke to the facilitator's screen, the other {} typing ({keys} keys): median {median:.2} ms, p99 {p99:.2} ms, max {max:.2} ms",
        participants - 1
    );
    let (median, p99, max) = percentiles(own);
    println!(
        "facilitator keystroke to the redrawn screen ({participants} participants, {keys} keys): median {median:.2} ms, p99 {p99:.2} ms, max {max:.2} ms"
    );
    for session in sessions {
        let _ = session.disconnect(Disconnect::ByApplication, "", "").await;
    }
    keyboard.write_all(b"q").unwrap();
    let _ = child.wait();
}
