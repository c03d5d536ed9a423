//! `tradeoff room` end to end, over loopback only: the binary runs the room without a terminal
//! (on 127.0.0.1, port 0); in-process SSH clients (russh) and the real OpenSSH client join,
//! answer, drop and come back, and the room's state file and export show what they did.

use expectrl::Expect as _;
use russh::client;
use russh::{ChannelMsg, Disconnect};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CODE: &str = "111-222-333";
const WAIT: Duration = Duration::from_secs(20);

/// A room running in the background, stopped when dropped.
struct RoomProcess {
    child: Child,
    port: u16,
    state: PathBuf,
}

impl RoomProcess {
    fn start(state: &Path, out: &Path, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
            .args(["room", "--listen", "127.0.0.1:0", "--code", CODE, "--out"])
            .arg(out)
            .args(extra)
            .env("TRADEOFF_STATE_DIR", state)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let port = loop {
            let line = lines
                .next()
                .expect("the room says where it listens")
                .unwrap();
            if let Some(p) = line.strip_prefix("listening on port ") {
                break p.trim().parse().unwrap();
            }
        };
        // Keep reading what it says, so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self {
            child,
            port,
            state: state.join("room.toml"),
        }
    }

    fn say(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// The room's state file and every participant's answers file (`room/NAME.toml`), one
    /// after the other, each headed by its name.
    fn state(&self) -> String {
        let mut text = std::fs::read_to_string(&self.state).unwrap_or_default();
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.state.with_extension(""))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        for f in files {
            text.push_str("\n== ");
            text.push_str(&f.display().to_string());
            text.push('\n');
            text.push_str(&std::fs::read_to_string(&f).unwrap_or_default());
        }
        text
    }

    /// Waits until the state file holds `needle`.
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.state();
            if text.contains(needle) {
                return text;
            }
            assert!(
                start.elapsed() < WAIT,
                "the state never showed {needle:?}:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for RoomProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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

async fn connect(port: u16) -> client::Handle<Trusting> {
    let config = Arc::new(client::Config::default());
    client::connect(config, ("127.0.0.1", port), Trusting)
        .await
        .unwrap()
}

/// Joins as `name`, opens the explorer at 100x30, and returns the channel and what it drew.
async fn join(port: u16, name: &str) -> (client::Handle<Trusting>, russh::Channel<client::Msg>) {
    let mut session = connect(port).await;
    let auth = session.authenticate_password(name, CODE).await.unwrap();
    assert!(auth.success(), "{name} logs in with the code");
    let channel = session.channel_open_session().await.unwrap();
    channel
        .request_pty(false, "xterm-256color", 100, 30, 0, 0, &[])
        .await
        .unwrap();
    channel.request_shell(true).await.unwrap();
    (session, channel)
}

/// A participant's screen, rebuilt from what their channel sends (the explorer sends only the
/// cells that change).
struct Screen(vt100::Parser, Vec<u8>);

impl Screen {
    fn new() -> Self {
        Self(
            vt100::Parser::new(
                std::num::NonZeroU16::new(30).unwrap(),
                std::num::NonZeroU16::new(100).unwrap(),
                0,
            ),
            Vec::new(),
        )
    }
}

/// Reads what the channel sends until the screen shows `needle`.
async fn screen_shows(
    channel: &mut russh::Channel<client::Msg>,
    screen: &mut Screen,
    needle: &str,
) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let text = screen.0.screen().contents();
        if text.contains(needle) {
            return text;
        }
        let msg = tokio::time::timeout_at(deadline, channel.wait())
            .await
            .unwrap_or_else(|_| panic!("never saw {needle:?} in:\n{text}"));
        match msg {
            Some(ChannelMsg::Data { data }) => {
                screen.0.process(&data);
                screen.1.extend_from_slice(&data);
            }
            Some(_) => {}
            None => panic!("the channel closed before {needle:?}:\n{text}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn participants_join_answer_and_the_export_matches_compare() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("export");
    let mut room = RoomProcess::start(&tmp.path().join("state"), &out, &[]);
    let port = room.port;

    let (a, mut ana) = join(port, "ana").await;
    screen_shows(&mut ana, &mut Screen::new(), "you are ana").await;
    ana.data_bytes(&b"1"[..]).await.unwrap();
    let (b, mut ben) = join(port, "ben").await;
    screen_shows(&mut ben, &mut Screen::new(), "you are ben").await;
    // ben answers the first question, then the second with the arrow key and Enter.
    // 3 answers and moves on; ↓ selects the next choice, as a radio group does; Enter moves on.
    ben.data_bytes(&b"3\x1b[B\r"[..]).await.unwrap();
    let state = room.wait_for("k8s_expertise = \"strong\"");
    assert!(state.contains("ops_priority = \"critical\""), "{state}");
    assert!(state.contains("ops_priority = \"low\""), "{state}");

    // Export from the facilitator's side; the tally is compare's on the same answers.
    room.say("e");
    let exported = [
        "consensus/answers.toml",
        "comparison.md",
        "comparison.json",
        "participants/ana.toml",
        "participants/ben.toml",
    ];
    let start = Instant::now();
    while !exported.iter().all(|f| out.join(f).is_file()) {
        assert!(start.elapsed() < WAIT, "no export");
        std::thread::sleep(Duration::from_millis(20));
    }
    for f in [
        "comparison.md",
        "comparison.json",
        "participants/ana.toml",
        "participants/ben.toml",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let again = tmp.path().join("again");
    let status = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .arg("compare")
        .arg(out.join("participants/ana.toml"))
        .arg(out.join("participants/ben.toml"))
        .arg("--out")
        .arg(&again)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let json = |p: PathBuf| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let ours = json(out.join("comparison.json"));
    let theirs = json(again.join("comparison.json"));
    assert_eq!(ours["consensus"], theirs["consensus"]);
    assert_eq!(ours["consensus_answers"], theirs["consensus_answers"]);

    // q leaves: the channel closes and the room marks ana away.
    ana.data_bytes(&b"q"[..]).await.unwrap();
    let mut closed = false;
    while let Ok(Some(msg)) = tokio::time::timeout(WAIT, ana.wait()).await {
        if matches!(msg, ChannelMsg::Close | ChannelMsg::Eof) {
            closed = true;
            break;
        }
    }
    assert!(closed, "q closes the participant's session");
    let _ = a.disconnect(Disconnect::ByApplication, "", "").await;
    // ana comes back under the same name and finds her answer.
    let (_again, mut ana) = join(port, "ana").await;
    let screen = screen_shows(&mut ana, &mut Screen::new(), "you are ana").await;
    assert!(screen.contains("1/31"), "{screen}");
    let _ = b.disconnect(Disconnect::ByApplication, "", "").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_code_is_refused_and_exec_and_forwarding_get_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let room = RoomProcess::start(&tmp.path().join("state"), &tmp.path().join("o"), &[]);
    let mut session = connect(room.port).await;
    let auth = session
        .authenticate_password("mallory", "000-000-000")
        .await
        .unwrap();
    assert!(!auth.success(), "a wrong code is refused");
    let auth = session
        .authenticate_password("mallory", CODE)
        .await
        .unwrap();
    assert!(auth.success());
    // A command instead of the explorer: refused, and nothing runs.
    let mut channel = session.channel_open_session().await.unwrap();
    channel.exec(true, "cat /etc/passwd").await.unwrap();
    let mut data = Vec::new();
    let mut failed = false;
    while let Ok(Some(msg)) = tokio::time::timeout(WAIT, channel.wait()).await {
        match msg {
            ChannelMsg::Data { data: d } => data.extend_from_slice(&d),
            ChannelMsg::Failure => failed = true,
            ChannelMsg::Close | ChannelMsg::Eof => break,
            _ => {}
        }
    }
    assert!(failed, "exec is refused");
    assert!(data.is_empty(), "exec sent {data:?}");
    // A login that never opens the explorer is nobody's place in the room: no participant, no
    // answers file, no name taken.
    assert!(
        !tmp.path().join("state/room/mallory.toml").exists(),
        "an exec login became a participant"
    );
    let (_s, mut channel) = join(room.port, "mallory").await;
    let mut screen = Screen::new();
    screen_shows(&mut channel, &mut screen, "you are mallory ").await;
    assert!(tmp.path().join("state/room/mallory.toml").exists());
    // Port forwarding: the channel is not opened.
    let forward = session
        .channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 5000)
        .await;
    assert!(forward.is_err(), "a forwarding channel was opened");
    let remote = session.tcpip_forward("127.0.0.1", 0).await;
    assert!(remote.is_err(), "remote forwarding was granted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_kill_9_resume_restores_every_answer_and_a_returning_name_gets_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let out = tmp.path().join("o");
    let mut room = RoomProcess::start(&state, &out, &[]);
    let mut sessions = Vec::new();
    for (name, key) in [("ana", "1"), ("ben", "2"), ("cy", "3")] {
        let (s, mut c) = join(room.port, name).await;
        screen_shows(&mut c, &mut Screen::new(), &format!("you are {name}")).await;
        c.data_bytes(key.as_bytes().to_vec()).await.unwrap();
        sessions.push((s, c));
    }
    room.wait_for("ops_priority = \"low\"");
    room.wait_for("ops_priority = \"important\"");
    room.wait_for("ops_priority = \"critical\"");
    // kill -9, mid-session.
    room.child.kill().unwrap();
    room.child.wait().unwrap();
    drop(sessions);

    let room = RoomProcess::start(&state, &out, &["--resume"]);
    let text = room.state();
    for answer in ["\"critical\"", "\"important\"", "\"low\""] {
        assert!(text.contains(&format!("ops_priority = {answer}")), "{text}");
    }
    // ben comes back and finds his answer: 1 of 31 answered, and Important chosen.
    let (_s, mut ben) = join(room.port, "ben").await;
    let screen = screen_shows(&mut ben, &mut Screen::new(), "you are ben").await;
    assert!(screen.contains("1/31"), "{screen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_with_escape_sequences_are_cleaned_before_anyone_sees_them() {
    let tmp = tempfile::tempdir().unwrap();
    let room = RoomProcess::start(&tmp.path().join("state"), &tmp.path().join("o"), &[]);
    let (_s, mut c) = join(room.port, "\u{1b}]0;owned\u{7}eve\u{202e}").await;
    let mut sees = Screen::new();
    let screen = screen_shows(&mut c, &mut sees, "you are ]0;ownedeve").await;
    let raw = String::from_utf8_lossy(&sees.1);
    assert!(
        !raw.contains("\u{1b}]0;owned") && !raw.contains('\u{202e}'),
        "{screen}"
    );
    c.data_bytes(&b"1"[..]).await.unwrap();
    let text = room.wait_for("ops_priority");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(text.contains("]0;ownedeve"), "{text}");
}

/// The real OpenSSH client, in a pty, as a participant would run it.
#[test]
fn the_openssh_client_logs_in_with_the_code_and_answers() {
    if Command::new("ssh").arg("-V").output().is_err() {
        eprintln!("skipped: no ssh client (.ci/run installs openssh-client)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let room = RoomProcess::start(&tmp.path().join("state"), &tmp.path().join("o"), &[]);
    let ssh = |name: &str| {
        let mut cmd = Command::new("ssh");
        cmd.args(["-p", &room.port.to_string()])
            .args([
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
            ])
            .args([
                "-o",
                "PubkeyAuthentication=no",
                "-o",
                "NumberOfPasswordPrompts=1",
            ])
            .args(["-o", "LogLevel=ERROR"])
            .arg(format!("{name}@127.0.0.1"))
            .env("TERM", "xterm-256color");
        let mut session = expectrl::Session::spawn(cmd).expect("spawn ssh in a pty");
        session.set_expect_timeout(Some(WAIT));
        session
    };
    // A wrong code: refused, and ssh gives up.
    let mut wrong = ssh("zed");
    wrong.expect("password:").unwrap();
    wrong.send_line("999-999-999").unwrap();
    wrong.expect("Permission denied").unwrap();

    let mut zoe = ssh("zoe");
    zoe.expect("password:").unwrap();
    zoe.send_line(CODE).unwrap();
    zoe.expect("you are zoe").unwrap();
    // A digit answers and moves on to the next question.
    zoe.send("1").unwrap();
    zoe.send("3").unwrap();
    let state = room.wait_for("k8s_expertise = \"strong\"");
    assert!(state.contains("ops_priority = \"critical\""), "{state}");
    zoe.send("q").unwrap();
    zoe.expect(expectrl::Eof).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_wrong_codes_from_one_address_are_throttled() {
    let tmp = tempfile::tempdir().unwrap();
    let room = RoomProcess::start(&tmp.path().join("state"), &tmp.path().join("o"), &[]);
    let port = room.port;
    // 200 wrong codes from one address: 67 connections at once, three tries each (all a
    // connection gets), every answer a second late.
    let started = Instant::now();
    let tries: Vec<_> = (0..67)
        .map(|k| {
            tokio::spawn(async move {
                let mut s = connect(port).await;
                let mut refused = 0;
                for t in 0..3 {
                    match s
                        .authenticate_password(format!("guess{k}"), format!("{k:03}-{t:03}-000"))
                        .await
                    {
                        Ok(a) if a.success() => panic!("a wrong code logged in"),
                        Ok(_) => refused += 1,
                        Err(_) => break,
                    }
                }
                refused
            })
        })
        .collect();
    let mut refused = 0;
    for t in tries {
        refused += t.await.unwrap();
    }
    assert!(refused >= 67, "{refused}");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "wrong codes were answered at once: {:?}",
        started.elapsed()
    );
    // Now even the right code is refused from this address, without a check.
    let mut s = connect(port).await;
    let auth = s.authenticate_password("ana", CODE).await.unwrap();
    assert!(!auth.success(), "the address is throttled");
    assert!(!room.state().contains("ana"));
}

/// A program in a pty of 120x40 (the facilitator's screen, or a participant's ssh), read
/// through a vt100 parser.
struct PtyScreen {
    session: expectrl::session::OsSession,
    parser: vt100::Parser,
}

impl PtyScreen {
    /// The facilitator's screen on a port the system picks, and that port, read from the join
    /// line the screen shows (no port is grabbed and released first, which could race).
    fn start(state: &Path, out: &Path) -> (Self, u16) {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tradeoff"));
        cmd.args(["room", "--listen", "127.0.0.1:0"])
            .args(["--code", CODE, "--name", "Design review", "--out"])
            .arg(out)
            .env("TRADEOFF_STATE_DIR", state);
        let mut screen = Self::spawn(cmd);
        let text = screen.wait_for(" YOUR-NAME@127.0.0.1");
        let port = text
            .split("ssh -p ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in the join line:\n{text}"));
        (screen, port)
    }

    /// Any command in a 120x40 pty: the facilitator's screen, or a participant's ssh.
    fn spawn(mut cmd: Command) -> Self {
        cmd.env("TERM", "xterm-256color");
        let mut session = expectrl::Session::spawn(cmd).expect("spawn in a pty");
        session.get_process_mut().set_window_size(120, 40).unwrap();
        Self {
            session,
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(40).unwrap(),
                std::num::NonZeroU16::new(120).unwrap(),
                0,
            ),
        }
    }

    fn wait_for(&mut self, needle: &str) -> String {
        let start = Instant::now();
        let mut buf = [0u8; 8192];
        loop {
            let text = self.parser.screen().contents();
            if text.contains(needle) {
                return text;
            }
            assert!(start.elapsed() < WAIT, "never saw {needle:?}:\n{text}");
            match self.session.try_read(&mut buf) {
                Ok(n) if n > 0 => self.parser.process(&buf[..n]),
                _ => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }

    fn send(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).unwrap();
        self.session.flush().unwrap();
    }

    /// Reads until the program ends; returns whether the terminal was left as it was found:
    /// the main screen, no mouse reporting.
    fn ends_restored(&mut self) -> bool {
        let start = Instant::now();
        let mut buf = [0u8; 8192];
        loop {
            assert!(start.elapsed() < WAIT, "it did not end");
            match self.session.try_read(&mut buf) {
                Ok(n) if n > 0 => self.parser.process(&buf[..n]),
                Ok(_) => {
                    if !self.session.get_process().is_alive().unwrap_or(false) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    if !self.session.get_process().is_alive().unwrap_or(false) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(_) => break,
            }
        }
        let screen = self.parser.screen();
        !screen.alternate_screen() && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
    }

    fn text(&self) -> String {
        self.parser.screen().contents()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_facilitator_sees_the_room_spotlights_a_split_and_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("export");
    let (mut screen, port) = PtyScreen::start(&tmp.path().join("state"), &out);
    let text = screen.wait_for("code 111-222-333");
    assert!(
        text.contains(&format!("ssh -p {port} YOUR-NAME@127.0.0.1")),
        "{text}"
    );
    assert!(text.contains("host key SHA256:"), "{text}");

    // Five people join and answer the first question.
    let names = ["ana", "ben", "cy", "dee", "eli"];
    let mut people = Vec::new();
    for (name, key) in names.iter().zip(["1", "3", "1", "2", "1"]) {
        let (session, mut channel) = join(port, name).await;
        let mut sees = Screen::new();
        screen_shows(&mut channel, &mut sees, &format!("you are {name}")).await;
        channel.data_bytes(key.as_bytes().to_vec()).await.unwrap();
        people.push((session, channel, sees));
    }
    // A sixth joins and never reads again, and a seventh vanishes: neither holds anyone up.
    let (_silent, _never_read) = join(port, "zed").await;
    let (gone, _) = join(port, "yan").await;
    drop(gone);
    screen.wait_for("Critical ×3 (ana, cy, eli) · Important ×1 (dee) · Low ×1 (ben)");
    screen.wait_for("7 participants, 6 connected");

    // Everyone moves on; the spotlight brings the split back to every screen, and reveal
    // shows them the room's counts.
    for (_, channel, sees) in &mut people {
        // Their digit moved them to the second question; two more bring the workload's first.
        channel.data_bytes(&b"\t\t"[..]).await.unwrap();
        screen_shows(channel, sees, "Workload · 1 of 2").await;
    }
    screen.send("s");
    screen.wait_for("Spotlight on Minimizing operations");
    // Every participant is told why their screen moved.
    for (_, channel, sees) in &mut people {
        screen_shows(
            channel,
            sees,
            "The facilitator put “Minimizing operations” on everyone's screen",
        )
        .await;
    }
    // The facilitator steps the spotlight on to a question nobody has answered, and back.
    screen.send("n");
    screen.wait_for("Spotlight on Kubernetes experience (2 of 32");
    for (_, channel, sees) in &mut people {
        screen_shows(channel, sees, "put “Kubernetes experience” on everyone's").await;
    }
    screen.send("p");
    screen.wait_for("Spotlight on Minimizing operations (1 of 32");
    screen.send("v");
    for (_, channel, sees) in &mut people {
        screen_shows(
            channel,
            sees,
            "The room on Minimizing operations: Critical ×3 · Important ×1 · Low ×1",
        )
        .await;
    }
    // Answers still reach the shared screen.
    let (_, ben, _) = &mut people[1];
    ben.data_bytes(&b"1"[..]).await.unwrap();
    screen.wait_for("Critical ×4 (ana, ben, cy, eli) · Important ×1 (dee)");

    screen.send("e");
    screen.wait_for("Exported");
    assert!(out.join("consensus/recommendation.md").is_file());
    for name in names {
        assert!(
            out.join(format!("participants/{name}.toml")).is_file(),
            "{name}"
        );
    }
    screen.send("q");
    screen.wait_for("End the room for everyone?");
    screen.send("q");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_cannot_hold_more_connections_than_a_full_room() {
    let tmp = tempfile::tempdir().unwrap();
    let room = RoomProcess::start(&tmp.path().join("state"), &tmp.path().join("o"), &[]);
    // 64 participants and 16 spare: the 81st connection from one address is refused at login.
    let mut held = Vec::new();
    for _ in 0..80 {
        held.push(connect(room.port).await);
    }
    let mut extra = connect(room.port).await;
    let auth = extra.authenticate_password("ana", CODE).await.unwrap();
    assert!(!auth.success(), "the 81st connection logged in");
    let _ = extra.disconnect(Disconnect::ByApplication, "", "").await;
    drop(extra);
    // Once one closes, there is room again.
    let first = held.remove(0);
    first
        .disconnect(Disconnect::ByApplication, "", "")
        .await
        .unwrap();
    drop(first);
    let start = Instant::now();
    loop {
        let mut again = connect(room.port).await;
        if again
            .authenticate_password("ana", CODE)
            .await
            .unwrap()
            .success()
        {
            break;
        }
        assert!(start.elapsed() < WAIT, "no connection freed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The README's workshop, with the real client: five people join with `ssh`, answer, see the
/// spotlighted question with the room's counts, and the facilitator exports.
#[test]
fn five_people_join_with_openssh_see_the_spotlight_and_the_facilitator_exports() {
    if Command::new("ssh").arg("-V").output().is_err() {
        eprintln!("skipped: no ssh client (.ci/run installs openssh-client)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("export");
    let (mut facilitator, port) = PtyScreen::start(&tmp.path().join("state"), &out);
    facilitator.wait_for("code 111-222-333");
    let names = ["ana", "ben", "cy", "dee", "eli"];
    let mut people: Vec<PtyScreen> = names
        .iter()
        .map(|name| {
            let mut cmd = Command::new("ssh");
            cmd.args(["-p", &port.to_string()])
                .args([
                    "-o",
                    "StrictHostKeyChecking=no",
                    "-o",
                    "UserKnownHostsFile=/dev/null",
                ])
                .args(["-o", "PubkeyAuthentication=no", "-o", "LogLevel=ERROR"])
                .arg(format!("{name}@127.0.0.1"));
            PtyScreen::spawn(cmd)
        })
        .collect();
    for (person, (name, key)) in people
        .iter_mut()
        .zip(names.iter().zip(["1", "3", "1", "2", "1"]))
    {
        person.wait_for("password:");
        person.send(&format!("{CODE}\r"));
        person.wait_for(&format!("you are {name}"));
        person.send(key);
    }
    facilitator.wait_for("5 participants, 5 connected");
    facilitator.wait_for("Critical ×3 (ana, cy, eli) · Important ×1 (dee) · Low ×1 (ben)");
    for person in &mut people {
        person.send("\t");
        person.wait_for("Team & operations · 3 of 3");
    }
    facilitator.send("s");
    facilitator.wait_for("Spotlight on Minimizing operations");
    facilitator.send("v");
    for person in &mut people {
        person.wait_for("The room on Minimizing operations: Critical ×3 · Important ×1 · Low ×1");
    }
    facilitator.send("e");
    facilitator.wait_for("Exported");
    for name in names {
        assert!(
            out.join(format!("participants/{name}.toml")).is_file(),
            "{name}"
        );
    }
    assert!(out.join("consensus/answers.toml").is_file());
    // The facilitator ends the room, which asks first: everyone's terminal is given back as it
    // was only after the second q.
    facilitator.send("q");
    facilitator.wait_for("End the room for everyone?");
    facilitator.send("q");
    for (person, name) in people.iter_mut().zip(names) {
        assert!(person.ends_restored(), "{name}'s terminal was left changed");
        // And they are told why their session closed.
        assert!(
            person.text().contains("The room has ended"),
            "{name} was not told:\n{}",
            person.text()
        );
    }
}
