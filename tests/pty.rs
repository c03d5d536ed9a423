//! The real binary in a pseudo-terminal: start-up, answering, exporting, quitting with the
//! terminal restored, and resuming. The screen is rebuilt from the output with a vt100 parser,
//! since ratatui only redraws the cells that change.

use expectrl::Session;
use std::io::ErrorKind;
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);

/// Spawns `cmd` in a pty of 120x40. The pty library sets 80x24 from the parent after the child
/// starts, racing the child's own `stty`; setting the size here has the last word, and a
/// program already drawing at 80x24 gets the resize.
fn spawn(cmd: Command) -> expectrl::session::OsSession {
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session
        .get_process_mut()
        .set_window_size(120, 40)
        .expect("size the pty");
    session
}

struct Screen {
    session: expectrl::session::OsSession,
    parser: vt100::Parser,
}

impl Screen {
    /// Runs `tradeoff ARGS` at 120x40 as the pty's own process (exec), so its pid is the
    /// session's and it can be killed directly.
    fn exec(state: &Path, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg("stty cols 120 rows 40; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_tradeoff"))
            .args(args)
            .env("TRADEOFF_STATE_DIR", state)
            .env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        Self {
            session: spawn(cmd),
            parser: vt100::Parser::new(
                NonZeroU16::new(40).unwrap(),
                NonZeroU16::new(120).unwrap(),
                0,
            ),
        }
    }

    /// Runs `tradeoff ARGS` at 120x40 in a shell that afterwards prints the exit code, whether the
    /// terminal settings are exactly what they were before (`stty -g`), and `stty -a`.
    fn start(state: &Path, args: &[&str]) -> Self {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(
                "stty cols 120 rows 40; before=$(stty -g); \"$0\" \"$@\"; echo EXIT=$?; \
                 [ \"$(stty -g)\" = \"$before\" ] && echo SETTINGS=SAME || echo SETTINGS=CHANGED; stty -a; echo END-OF-STTY",
            )
            .arg(env!("CARGO_BIN_EXE_tradeoff"))
            .args(args)
            .env("TRADEOFF_STATE_DIR", state)
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR");
        Self {
            session: spawn(cmd),
            parser: vt100::Parser::new(
                NonZeroU16::new(40).unwrap(),
                NonZeroU16::new(120).unwrap(),
                0,
            ),
        }
    }

    fn text(&self) -> String {
        self.parser.screen().contents()
    }

    /// Reads output until the screen shows `needle`, or fails with what it shows.
    fn wait_for(&mut self, needle: &str) -> String {
        let start = Instant::now();
        let mut buf = [0u8; 8192];
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {needle:?}; the screen shows:\n{text}"
            );
            match self.session.try_read(&mut buf) {
                Ok(0) => std::thread::sleep(Duration::from_millis(10)),
                Ok(n) => self.parser.process(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) => panic!("reading the pty: {e}; the screen shows:\n{text}"),
            }
        }
    }

    fn send(&mut self, keys: &str) {
        use std::io::Write;
        self.session.write_all(keys.as_bytes()).unwrap();
        self.session.flush().unwrap();
    }
}

#[test]
fn answer_export_quit_and_resume_in_a_real_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let out = tmp.path().join("bundle");
    let out_arg = out.display().to_string();

    let mut screen = Screen::start(&state, &["--out", &out_arg]);
    screen.wait_for("0/31 answered");
    screen.send("1");
    screen.wait_for("1/31 answered");
    screen.send("e");
    screen.wait_for("Write the bundle into this folder");
    screen.send("\r");
    screen.wait_for("✓ Written:");
    for file in [
        "recommendation.md",
        "recommendation.json",
        "answers.toml",
        "ecs/task-definition.json",
    ] {
        assert!(out.join(file).is_file(), "{file} was not written");
    }
    // Esc and q sent together would read as Alt+q: let the dialog close first.
    screen.send("\x1b");
    screen.wait_for("Exported 9 files");
    screen.send("q");
    let after = screen.wait_for("EXIT=0");
    assert!(after.contains("1 of 31 questions answered"), "{after}");
    // The shell's own checks after the explorer exits: every setting is as before, and the
    // terminal is in cooked mode (line editing and signals on) rather than raw.
    // Wait for the end of `stty -a`, not its start: the flags may arrive in a later read.
    let after = screen.wait_for("END-OF-STTY");
    assert!(
        after.contains("SETTINGS=SAME"),
        "terminal settings changed:\n{after}"
    );
    let stty = after.split("SETTINGS=SAME").nth(1).unwrap_or_default();
    let flags: Vec<&str> = stty.split_whitespace().collect();
    for wanted in ["icanon", "isig", "opost"] {
        assert!(
            flags.contains(&wanted),
            "terminal not restored: '{wanted}' is off in\n{stty}"
        );
    }

    let mut resumed = Screen::start(&state, &["--resume"]);
    // A frame arrives in pieces: wait for what is checked, not for the header above it.
    resumed.wait_for("1/31 answered");
    // It resumes where it was left, the question after the answered one: go back to it.
    resumed.wait_for("Team & operations · 2 of 3");
    resumed.send("\x1b[Z");
    let text = resumed.wait_for("(•) Critical");
    assert!(
        text.contains("(•) Critical"),
        "the earlier answer is back:\n{text}"
    );
    resumed.send("q");
    resumed.wait_for("EXIT=0");
}

#[test]
fn plain_mode_in_a_terminal_answers_and_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let out = tmp.path().join("bundle");
    let mut screen = Screen::start(&state, &["--plain"]);
    screen.wait_for("[1/31] Team & operations");
    screen.send("1\r");
    screen.wait_for("Scores: AWS ECS on Fargate 49.9 ★");
    screen.send("3\r");
    screen.wait_for("[3/30] Workload");
    screen.send("nine\r");
    screen.wait_for("✗ type a number from 1 to 3");
    screen.send("steady\r");
    screen.wait_for("[4/30]");
    screen.send("q\r");
    screen.wait_for("Export the bundle into which folder?");
    screen.send(&format!("{}\r", out.display()));
    let text = screen.wait_for("EXIT=0");
    assert!(text.contains("wrote "), "{text}");
    assert!(out.join("recommendation.md").is_file());
    let answers = std::fs::read_to_string(out.join("answers.toml")).unwrap();
    assert!(
        answers.contains("workload_pattern = \"steady\""),
        "{answers}"
    );
}

#[test]
fn without_a_terminal_the_explorer_falls_back_to_plain_prompts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .env("TRADEOFF_STATE_DIR", tmp.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("(plain mode)") && stdout.contains("[1/31]"),
        "{stdout}"
    );
    assert!(stdout.contains("Not exported"), "{stdout}");
}

#[test]
fn every_answer_survives_a_kill_9() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let mut screen = Screen::exec(&state, &[], &[]);
    screen.wait_for("0/31 answered");
    // Four answers: ops critical, k8s none, learning no, then a number typed into a field.
    screen.send("1");
    screen.wait_for("1/31 answered");
    screen.send("\t1");
    screen.wait_for("2/31 answered");
    screen.send("\t2");
    screen.wait_for("3/31 answered");
    screen.send("/services\r");
    screen.wait_for("Sizing · 1 of 6");
    screen.send("\x7f12");
    // "1" alone is already a valid answer: wait for the whole "12" before killing.
    screen.wait_for("› 12 ");
    screen.wait_for("4/31 answered");
    let pid = screen.session.get_process().pid();
    let killed = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let session = std::fs::read_to_string(state.join("session.toml")).unwrap();
    assert!(session.contains("services = 12"), "{session}");

    let mut resumed = Screen::start(&state, &["--resume"]);
    resumed.wait_for("4/31 answered");
    let text = resumed.wait_for("Sizing · 1 of 6");
    assert!(text.contains("Sizing"), "resumed where it was:\n{text}");
    // Ctrl-C quits from anywhere; a run that changed nothing wrote nothing.
    resumed.send("\x03");
    let after = resumed.wait_for("EXIT=0");
    assert!(
        after.contains("Nothing changed, so nothing was saved"),
        "{after}"
    );
    let again = std::fs::read_to_string(state.join("session.toml")).unwrap();
    assert_eq!(again, session, "the session is as the kill left it");
}

#[test]
fn a_panic_restores_the_terminal_and_says_where_the_answers_are() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let mut cmd_screen = {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(
                "stty cols 120 rows 40; before=$(stty -g); \"$0\"; echo EXIT=$?; \
                 [ \"$(stty -g)\" = \"$before\" ] && echo SETTINGS=SAME || echo SETTINGS=CHANGED; echo END-OF-RUN",
            )
            .arg(env!("CARGO_BIN_EXE_tradeoff"))
            .env("TRADEOFF_STATE_DIR", &state)
            .env("TRADEOFF_TEST_PANIC", "1")
            .env("TERM", "xterm-256color");
        Screen {
            session: spawn(cmd),
            parser: vt100::Parser::new(
                NonZeroU16::new(40).unwrap(),
                NonZeroU16::new(120).unwrap(),
                0,
            ),
        }
    };
    cmd_screen.wait_for("0/31 answered");
    cmd_screen.send("1");
    cmd_screen.wait_for("1/31 answered");
    cmd_screen.send("!");
    let text = cmd_screen.wait_for("END-OF-RUN");
    assert!(
        text.contains("SETTINGS=SAME"),
        "terminal settings restored after the panic:\n{text}"
    );
    assert!(text.contains("EXIT=101"), "{text}");
    assert!(text.contains("Your answers are saved in"), "{text}");
    assert!(text.contains("tradeoff --resume"), "{text}");
    let session = std::fs::read_to_string(state.join("session.toml")).unwrap();
    assert!(session.contains("ops_priority = \"critical\""), "{session}");
}

/// The `--resume PATH` a line names.
fn resume_path(text: &str) -> String {
    let at = text
        .find("--resume ")
        .unwrap_or_else(|| panic!("no --resume line in:\n{text}"));
    text[at + "--resume ".len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn a_fresh_start_keeps_the_earlier_session_with_its_answers_and_scenarios() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    // First session: two answers and a named scenario.
    let mut first = Screen::start(&state, &[]);
    first.wait_for("0/31 answered");
    first.send("1");
    first.wait_for("1/31 answered");
    first.send("\t2");
    first.wait_for("2/31 answered");
    first.send("s");
    first.wait_for("Save as scenario");
    first.send(&"\x7f".repeat(20));
    first.send("before-the-workshop\r");
    first.wait_for("as scenario 'before-the-workshop'");
    first.send("q");
    first.wait_for("EXIT=0");

    // A fresh start without --resume says the last session stays until an answer changes;
    // the first answer keeps it aside, and the way out says where.
    let mut fresh = Screen::start(&state, &[]);
    fresh.wait_for("0/31 answered");
    fresh.wait_for("the last stays what tradeoff --resume opens");
    fresh.send("3");
    fresh.wait_for("1/31 answered");
    fresh.send("q");
    let after = fresh.wait_for("EXIT=0");
    assert!(after.contains("Earlier session kept"), "{after}");
    // The kept file is named by itself, short enough for one line: --resume finds it in the
    // sessions' folder.
    let kept = resume_path(after.split("questions answered").nth(1).unwrap_or(&after));
    assert!(
        !kept.contains('/') && state.join(&kept).is_file(),
        "{kept} is not a kept session:\n{after}"
    );

    // The kept session resumes with every answer and the scenario.
    let mut resumed = Screen::start(&state, &["--resume", &kept]);
    resumed.wait_for("2/31 answered");
    resumed.send("S");
    let text = resumed.wait_for("before-the-workshop");
    assert!(text.contains("Scenarios"), "{text}");
    // The view's own hint line replaces the status line: wait for it, so that the note waited
    // for below is the one drawn after Esc. Resuming a kept session is a new session beside the
    // current one, and the note that says so stays until dismissed.
    resumed.wait_for("d delete · Esc close");
    // Esc and q sent together would read as Alt+q: let the view close first.
    resumed.send("\x1b");
    resumed.wait_for("Esc hides");
    resumed.send("q");
    resumed.wait_for("EXIT=0");
}

#[test]
fn plain_mode_takes_scenarios_and_answers_by_id_to_an_export() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let out = tmp.path().join("bundle");
    let alice = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/room/alice.toml");
    let mut screen = Screen::start(
        &state,
        &[
            "--plain",
            "--scenario",
            alice.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    screen.wait_for("[1/31] Team & operations");
    // Answers by id, from the first prompt: the question they name, wherever it comes.
    screen.send("k8s_expertise = \"strong\"\r");
    screen.wait_for("✓ Kubernetes experience: Strong");
    screen.send("gpu = yes\r");
    screen.wait_for("✓ GPUs: Yes");
    screen.send("gpu = maybe\r");
    screen.wait_for("✗ gpu: ");
    screen.send("q\r");
    let text = screen.wait_for("Export the bundle into which folder?");
    assert!(text.contains("Scenario alice: "), "{text}");
    screen.send("y\r");
    let text = screen.wait_for("EXIT=0");
    assert!(text.contains("wrote "), "{text}");
    let answers = std::fs::read_to_string(out.join("answers.toml")).unwrap();
    assert!(
        answers.contains("k8s_expertise = \"strong\"") && answers.contains("gpu = \"yes\""),
        "{answers}"
    );
    let md = std::fs::read_to_string(out.join("recommendation.md")).unwrap();
    assert!(md.contains("### Scenarios") && md.contains("alice"), "{md}");
}

#[test]
fn a_second_explorer_on_the_same_session_saves_to_a_copy_and_says_where() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let mut first = Screen::start(&state, &[]);
    first.wait_for("0/31 answered");
    first.send("1");
    first.wait_for("1/31 answered");
    // A second explorer while the first runs: it says so, and saves to a copy.
    let second = assert_cmd::Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .arg("--plain")
        .env("TRADEOFF_STATE_DIR", &state)
        .write_stdin("cloud = gcp\n")
        .assert()
        .success();
    let said = String::from_utf8_lossy(&second.get_output().stdout).into_owned();
    assert!(
        said.contains("Another tradeoff has this session open"),
        "{said}"
    );
    let copy = resume_path(&said);
    // The first explorer goes on saving to its own session, untouched by the second.
    first.send("2");
    first.wait_for("2/31 answered");
    first.send("q");
    first.wait_for("EXIT=0");
    let mine = std::fs::read_to_string(state.join("session.toml")).unwrap();
    assert!(
        mine.contains("ops_priority = \"critical\"") && !mine.contains("cloud = \"gcp\""),
        "{mine}"
    );
    let theirs = std::fs::read_to_string(state.join(&copy)).unwrap();
    assert!(theirs.contains("cloud = \"gcp\""), "{theirs}");
}
