//! A live room under load, over loopback: the real binary runs the room (headless), and
//! PARTICIPANTS (50) russh clients join and type at once. Measured: the room's start (spawn to
//! listening), resident memory per connected participant, and each keystroke's round trip
//! (sent, taken into the room's state and saved, the participant's screen redrawn), median
//! and p99. Each participant types at `PACE_MS` (200: five keys a second, a fast pace in the
//! explorer); `PACE_MS=0` has everyone type flat out, each key as soon as the last one shows.
//! Run: `cargo bench --bench room` (`PARTICIPANTS=50 KEYS=40 PACE_MS=200` by default).

use russh::client;
use russh::{ChannelMsg, Disconnect};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
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

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::cast_precision_loss)] // counts and KiB, far below 2^52
async fn main() {
    let participants = env_or("PARTICIPANTS", 50);
    let keys = env_or("KEYS", 40);
    let pace = Duration::from_millis(u64::try_from(env_or("PACE_MS", 200)).unwrap_or(200));
    let state = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(["room", "--listen", "127.0.0.1:0", "--code", CODE])
        .env("TRADEOFF_STATE_DIR", state.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port: u16 = loop {
        let line = lines.next().unwrap().unwrap();
        if let Some(p) = line.strip_prefix("listening on port ") {
            break p.trim().parse().unwrap();
        }
    };
    let start = started.elapsed();
    std::thread::spawn(move || for _ in lines {});
    let before = rss_kib(child.id());

    let config = Arc::new(client::Config::default());
    let mut clients = Vec::new();
    for k in 0..participants {
        let mut session = client::connect(config.clone(), ("127.0.0.1", port), Trusting)
            .await
            .unwrap();
        assert!(
            session
                .authenticate_password(format!("p{k}"), CODE)
                .await
                .unwrap()
                .success()
        );
        let mut channel = session.channel_open_session().await.unwrap();
        channel
            .request_pty(false, "xterm-256color", 120, 40, 0, 0, &[])
            .await
            .unwrap();
        channel.request_shell(false).await.unwrap();
        next_frame(&mut channel).await;
        clients.push((session, channel));
    }
    // Let the first frames settle before reading the memory.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = rss_kib(child.id());

    // Everyone types at once: 1, 2, 3, 1, ... on the first question, each waiting for their
    // screen to show the keystroke before the next.
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(p, (session, mut channel))| {
            tokio::spawn(async move {
                let mut times = Vec::with_capacity(keys);
                // Spread the participants over the pace, as people are.
                let offset = pace.mul_f64(p as f64 / participants as f64);
                let mut next = tokio::time::Instant::now() + offset;
                for k in 0..keys {
                    tokio::time::sleep_until(next).await;
                    next += pace;
                    let key = [b"123"[k % 3]];
                    let sent = Instant::now();
                    channel.data_bytes(key.to_vec()).await.unwrap();
                    next_frame(&mut channel).await;
                    times.push(sent.elapsed());
                }
                let _ = session.disconnect(Disconnect::ByApplication, "", "").await;
                times
            })
        })
        .collect();
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await.unwrap());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let n = times.len();
    println!("room start (spawn to listening): {:.1} ms", ms(start));
    let per = (after.saturating_sub(before)) as f64 / participants as f64 / 1024.0;
    println!(
        "resident memory: {:.1} MiB before joins, {:.1} MiB with {participants} participants: {per:.2} MiB each",
        before as f64 / 1024.0,
        after as f64 / 1024.0
    );
    println!(
        "keystroke round trip, {participants} participants each typing a key every {} ms ({n} keystrokes): median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        pace.as_millis(),
        ms(times[n / 2]),
        ms(times[n * 99 / 100]),
        ms(times[n - 1])
    );
    let _ = child.kill();
    let _ = child.wait();
}
