//! Output into a pipe that closes early (`tradeoff questions | head -c 1`) ends quietly: exit 0,
//! no panic, no backtrace.

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Megabytes of output, far more than a pipe holds, so the write meets the closed pipe.
    let big = dir.path().join("big.toml");
    std::fs::write(&big, tradeoff::questionnaire::synthetic(5000, 50)).unwrap();
    for format in ["json", "text"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
            .args(["questions", "--format", format, "-q"])
            .arg(&big)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 1];
        let mut stdout = child.stdout.take().unwrap();
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked"),
            "{format}: a closed pipe panicked: {stderr}"
        );
        assert!(out.status.success(), "{format}: {:?} {stderr}", out.status);
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}
