//! Start-up of the real binary in a 120x40 pseudo-terminal: the time from spawning it to its
//! first complete frame, and its peak resident memory, over repeated runs.
//! Run: `cargo bench --bench startup` (RUNS=50 by default).

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Read;
use std::num::NonZeroU16;
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn main() {
    // `cargo bench` passes `--bench`; there is nothing to filter.
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(50);
    let state = tempfile::tempdir().expect("temporary state folder");
    let mut times = Vec::with_capacity(runs);
    let mut peaks = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (time, peak_kib) = once(state.path());
        times.push(time);
        peaks.push(peak_kib);
    }
    times.sort();
    peaks.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "startup to first frame (120x40 pty, {runs} runs): median {:.2} ms, p90 {:.2} ms, min {:.2} ms",
        ms(times[runs / 2]),
        ms(times[runs * 9 / 10]),
        ms(times[0])
    );
    println!(
        "peak resident memory (VmHWM): median {:.1} MiB, max {:.1} MiB",
        f64::from(peaks[runs / 2]) / 1024.0,
        f64::from(peaks[runs - 1]) / 1024.0
    );
}

/// One run: spawn, wait for the frame's last line, read the peak memory, quit.
fn once(state: &std::path::Path) -> (Duration, u32) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tradeoff"));
    cmd.env("TRADEOFF_STATE_DIR", state);
    cmd.env("TERM", "xterm-256color");
    let mut reader = pty.master.try_clone_reader().expect("pty reader");
    let mut writer = pty.master.take_writer().expect("pty writer");
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("spawn tradeoff");
    drop(pty.slave);
    let pid = child.process_id().expect("pid");
    let mut screen = vt100::Parser::new(
        NonZeroU16::new(40).unwrap(),
        NonZeroU16::new(120).unwrap(),
        0,
    );
    let elapsed = loop {
        let chunk = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the first frame within 10 s");
        screen.process(&chunk);
        // The key-hint line is the frame's last row: once it is there the frame is complete.
        // From the second run on it says where the earlier session was kept instead.
        let last_row = screen.screen().rows(0, 120).nth(39).unwrap_or_default();
        if last_row.contains("q quit") || last_row.contains("earlier session was kept") {
            break start.elapsed();
        }
    };
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let peak_kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    writer.write_all(b"q").expect("send q");
    let _ = child.wait();
    (elapsed, peak_kib)
}
