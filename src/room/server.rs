//! The room's SSH server (russh): password authentication with the room code, one session
//! channel with a pty and a shell per connection, and nothing else: exec, subsystems, agent and
//! port forwarding are refused.

use super::remote::Remote;
use super::state::Room;
use crate::tui::app::App;
use anyhow::Result;
use russh::server::{Auth, Handler, Msg, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Wrong codes one address may send in [`FAILURE_WINDOW`] before it is refused without a check.
pub(crate) const MAX_FAILURES_PER_ADDRESS: u32 = 20;
/// How long an address's wrong codes count against it: a room behind one NAT whose people
/// mistype the code is locked out for at most this long.
const FAILURE_WINDOW: Duration = Duration::from_secs(10 * 60);
/// Wrong codes one connection may send.
const MAX_TRIES: usize = 3;
/// A wrong code waits this long before the answer, so codes cannot be tried quickly.
const REJECTION_TIME: Duration = Duration::from_secs(1);
/// Connections with nothing received for this long are closed.
const IDLE: Duration = Duration::from_secs(30 * 60);
/// The most bytes of one read a participant's explorer handles; a paste longer than this is
/// cut, never a reason to stall the room.
const MAX_INPUT: usize = 4096;
/// How often a participant's screen looks for the facilitator's changes (spotlight, reveal,
/// lock).
const TICK: Duration = Duration::from_millis(200);
/// Connections one address may hold at once, logged in or not: a room behind one office NAT
/// fits, a flood from one machine does not.
pub(crate) const MAX_CONNECTIONS_PER_ADDRESS: usize = super::state::MAX_PARTICIPANTS + 16;
/// What a participant may type, in bytes a second (bursts up to the same): far above any
/// typing, a paste included; beyond it input is dropped, never queued.
const INPUT_PER_SECOND: f64 = 16_384.0;

/// What every connection shares.
pub(crate) struct Shared {
    pub room: Mutex<Room>,
    /// Every participant's open explorer, to say goodbye to when the room ends.
    sessions: Mutex<Vec<(russh::server::Handle, ChannelId)>>,
    /// Wrong codes per address, and when the first of them counted.
    failures: Mutex<HashMap<IpAddr, (u32, std::time::Instant)>>,
    connections: Mutex<HashMap<IpAddr, usize>>,
}

impl Shared {
    pub(crate) fn new(room: Room) -> Self {
        Self {
            room: Mutex::new(room),
            failures: Mutex::new(HashMap::new()),
            connections: Mutex::new(HashMap::new()),
            sessions: Mutex::new(Vec::new()),
        }
    }

    /// Gives every participant's terminal back as it was and closes their session: the room
    /// is ending.
    pub(crate) async fn goodbye(&self) {
        let sessions =
            std::mem::take(&mut *self.sessions.lock().unwrap_or_else(PoisonError::into_inner));
        let open = !sessions.is_empty();
        for (handle, channel) in sessions {
            let _ = handle.data(channel, Remote::goodbye()).await;
            let _ = handle.close(channel).await;
        }
        // The messages are queued; give the connections a moment to send them.
        if open {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    fn connections(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, usize>> {
        self.connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The room, whoever panicked holding it: its state is plain data, always whole.
    pub(crate) fn room(&self) -> std::sync::MutexGuard<'_, Room> {
        self.room.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether `ip` has sent too many wrong codes lately.
    fn throttled(&self, ip: IpAddr) -> bool {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        match failures.get(&ip) {
            Some((_, since)) if since.elapsed() > FAILURE_WINDOW => {
                failures.remove(&ip);
                false
            }
            Some((n, _)) => *n >= MAX_FAILURES_PER_ADDRESS,
            None => false,
        }
    }

    fn failed(&self, ip: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        failures
            .entry(ip)
            .or_insert((0, std::time::Instant::now()))
            .0 += 1;
    }
}

/// The server's settings: the host key, the code's delay and tries, the idle timeout.
pub(crate) fn config(key: russh::keys::PrivateKey) -> russh::server::Config {
    russh::server::Config {
        methods: MethodSet::from(&[MethodKind::Password][..]),
        auth_rejection_time: REJECTION_TIME,
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: MAX_TRIES,
        inactivity_timeout: Some(IDLE),
        // A connection that died without closing (a laptop asleep, Wi-Fi gone) is noticed
        // within a minute, so its name is free for the participant's return.
        keepalive_interval: Some(Duration::from_secs(15)),
        keepalive_max: 3,
        keys: vec![key],
        nodelay: true,
        ..Default::default()
    }
}

/// Accepts connections on `listener` until it is dropped.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    config: russh::server::Config,
    shared: Arc<Shared>,
) -> std::io::Result<()> {
    use russh::server::Server as _;
    let mut server = Server { shared };
    server.run_on_socket(Arc::new(config), &listener).await
}

struct Server {
    shared: Arc<Shared>,
}

impl russh::server::Server for Server {
    type Handler = Connection;
    fn new_client(&mut self, peer: Option<SocketAddr>) -> Connection {
        let peer = peer.map(|p| p.ip());
        let over_limit = peer.is_some_and(|ip| {
            let mut counts = self.shared.connections();
            let n = counts.entry(ip).or_insert(0);
            *n += 1;
            *n > MAX_CONNECTIONS_PER_ADDRESS
        });
        Connection {
            shared: self.shared.clone(),
            peer,
            over_limit,
            user: None,
            name: None,
            size: None,
            channel: None,
            remote: Arc::new(Mutex::new(None)),
            budget: Budget::new(),
        }
    }
}

/// One participant's connection.
pub(crate) struct Connection {
    shared: Arc<Shared>,
    peer: Option<IpAddr>,
    /// One connection too many from its address: it is refused at login.
    over_limit: bool,
    budget: Budget,
    /// The name asked for at login, with the right code: it becomes a participant's only when
    /// the explorer opens (a pty and a shell), so exec, sftp and `-N` logins never count.
    user: Option<String>,
    name: Option<String>,
    size: Option<(u16, u16)>,
    channel: Option<ChannelId>,
    remote: Arc<Mutex<Option<Remote>>>,
}

/// Compares the code without stopping at the first difference.
fn same_code(given: &str, code: &str) -> bool {
    let (a, b) = (given.trim().as_bytes(), code.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Answers a request on the channel with a failure and closes it: anything but the explorer.
fn refuse(session: &mut Session, channel: ChannelId) -> anyhow::Result<()> {
    session.channel_failure(channel)?;
    session.close(channel)?;
    Ok(())
}

fn reject() -> Auth {
    Auth::Reject {
        proceed_with_methods: Some(MethodSet::from(&[MethodKind::Password][..])),
        partial_success: false,
    }
}

impl Connection {
    fn remote(&self) -> std::sync::MutexGuard<'_, Option<Remote>> {
        self.remote.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The participant's explorer, on their answers in the room.
    fn explorer(&self, size: (u16, u16)) -> Result<Remote> {
        let room = self.shared.room();
        let name = self.name.clone().unwrap_or_default();
        let answers = room.participants.get(&name).map_or_else(
            || crate::answers::Answers::new(&room.model.questionnaire),
            |p| p.answers.clone(),
        );
        let mut app = App::new(room.model.clone(), answers, std::path::PathBuf::new());
        app.room = Some(room.name.clone());
        app.status = Some(format!(
            "Room {} · you are {name} · the facilitator sees your answers as you give them",
            room.name
        ));
        if let Some(q) = room.spotlight {
            app.focus_question(q);
        }
        drop(room);
        Remote::new(app, size)
    }

    /// Takes the participant's answers into the room, unless it is locked, in which case
    /// their explorer goes back to what the room holds. Returns their answers file to write.
    fn sync(&self, remote: &mut Remote) -> Option<super::state::Write> {
        let name = self.name.as_ref()?;
        let mut room = self.shared.room();
        let p = room.participants.get(name)?;
        if p.answers == remote.app.answers {
            return None;
        }
        if room.locked {
            remote.app.answers = p.answers.clone();
            remote.app.status = Some("The room is locked: answers no longer change.".to_owned());
            return None;
        }
        room.answered(name, remote.app.answers.clone())
    }

    /// Marks the participant away, once: the name is free again from here on, and a later
    /// call (the connection's drop after a `q`) must not mark away someone who took it since.
    fn leave(&mut self) {
        if let Some(name) = self.name.take() {
            let mut room = self.shared.room();
            if let Some(p) = room.participants.get_mut(&name) {
                p.connected = false;
            }
            room.version += 1;
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        // The screen's ticker stops when the explorer is gone.
        *self.remote() = None;
        self.leave();
        if let Some(ip) = self.peer {
            let mut counts = self.shared.connections();
            if let Some(n) = counts.get_mut(&ip) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    counts.remove(&ip);
                }
            }
        }
    }
}

/// A token bucket for a participant's input: [`INPUT_PER_SECOND`] bytes a second.
struct Budget {
    bytes: f64,
    at: std::time::Instant,
}

impl Budget {
    fn new() -> Self {
        Self {
            bytes: INPUT_PER_SECOND,
            at: std::time::Instant::now(),
        }
    }

    /// How many of `wanted` bytes may be handled now.
    fn take(&mut self, wanted: usize) -> usize {
        let now = std::time::Instant::now();
        self.bytes = (self.bytes + now.duration_since(self.at).as_secs_f64() * INPUT_PER_SECOND)
            .min(INPUT_PER_SECOND);
        self.at = now;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // at most 16 KiB
        let allowed = (self.bytes.max(0.0) as usize).min(wanted);
        #[allow(clippy::cast_precision_loss)]
        {
            self.bytes -= allowed as f64;
        }
        allowed
    }
}

impl Handler for Connection {
    type Error = anyhow::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(reject())
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        if self.over_limit {
            return Ok(reject());
        }
        if self.peer.is_some_and(|ip| self.shared.throttled(ip)) {
            return Ok(reject());
        }
        let right = same_code(password, &self.shared.room().code);
        if !right {
            if let Some(ip) = self.peer {
                self.shared.failed(ip);
            }
            return Ok(reject());
        }
        self.user.get_or_insert_with(|| user.to_owned());
        Ok(Auth::Accept)
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One session channel per connection; a second is refused by dropping the reply.
        if self.channel.is_none() {
            self.channel = Some(channel.id());
            reply.accept().await;
        }
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.size = Some((
            u16::try_from(cols).unwrap_or(u16::MAX),
            u16::try_from(rows).unwrap_or(u16::MAX),
        ));
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The explorer needs a terminal: a shell without a pty is refused.
        let Some(size) = self.size.filter(|_| Some(channel) == self.channel) else {
            return refuse(session, channel);
        };
        // Only now, with the explorer about to open, does the login become a participant.
        if self.name.is_none() {
            let asked = self.user.clone().unwrap_or_default();
            let claimed = {
                let mut room = self.shared.room();
                room.claim(&asked)
                    .map(|name| (room.answers_file(&name), name))
            };
            let Some((file, name)) = claimed else {
                session.data(channel, &b"The room is full: every place is taken.\r\n"[..])?;
                return refuse(session, channel);
            };
            save(file).await;
            self.name = Some(name);
        }
        let mut remote = self.explorer(size)?;
        let frame = remote.frame()?;
        *self.remote() = Some(remote);
        session.channel_success(channel)?;
        session.data(channel, frame)?;
        self.shared
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((session.handle(), channel));
        tick(
            self.shared.clone(),
            self.remote.clone(),
            session.handle(),
            channel,
        );
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        refuse(session, channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        refuse(session, channel)
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let allowed = self.budget.take(data.len().min(MAX_INPUT));
        let data = &data[..allowed];
        if data.is_empty() {
            return Ok(());
        }
        let (stays, file) = {
            let mut guard = self.remote();
            let Some(remote) = guard.as_mut() else {
                return Ok(());
            };
            let stays = remote.feed(data);
            (stays, self.sync(remote))
        };
        // Saved before the participant's screen shows the answer taken.
        if let Some(file) = file
            && let Some(why) = save(file).await
            && let Some(remote) = self.remote().as_mut()
        {
            remote.app.status = Some(why);
        }
        if stays {
            let frame = match self.remote().as_mut() {
                Some(remote) => remote.frame()?,
                None => return Ok(()),
            };
            session.data(channel, frame)?;
        } else {
            *self.remote() = None;
            session.data(channel, Remote::goodbye())?;
            session.close(channel)?;
            self.leave();
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let size = (
            u16::try_from(cols).unwrap_or(u16::MAX),
            u16::try_from(rows).unwrap_or(u16::MAX),
        );
        let mut guard = self.remote();
        if let Some(remote) = guard.as_mut() {
            remote.resize(size)?;
            let frame = remote.frame()?;
            drop(guard);
            session.data(channel, frame)?;
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        *self.remote() = None;
        self.leave();
        Ok(())
    }
}

/// Writes a file atomically on a blocking thread, so that many participants' saves run side
/// by side and none holds up the network threads. Returns why it failed, if it did.
async fn save((path, bytes): super::state::Write) -> Option<String> {
    let written =
        tokio::task::spawn_blocking(move || crate::fsio::write_all_atomic(&[(path, bytes)])).await;
    match written {
        Ok(Ok(_)) => None,
        Ok(Err(e)) => Some(format!("Your answer could not be saved: {e:#}")),
        Err(e) => Some(format!("Your answer could not be saved: {e}")),
    }
}

/// Redraws a participant's screen when the facilitator changes the room (a spotlight, the
/// counts revealed, a lock), until the channel is gone.
fn tick(
    shared: Arc<Shared>,
    remote: Arc<Mutex<Option<Remote>>>,
    handle: russh::server::Handle,
    channel: ChannelId,
) {
    tokio::spawn(async move {
        let mut seen = (None, false, None);
        loop {
            tokio::time::sleep(TICK).await;
            let frame = {
                let mut guard = remote.lock().unwrap_or_else(PoisonError::into_inner);
                let Some(remote) = guard.as_mut() else {
                    return;
                };
                let room = shared.room();
                let counts = room.reveal.then(|| counts(&room, remote.app.focus));
                let now = (room.spotlight, room.reveal, counts.clone());
                drop(room);
                if now == seen {
                    continue;
                }
                // The screen moves only with a word of why, which stays until Esc.
                if now.0 != seen.0 {
                    let q = &remote.app.model.questionnaire;
                    remote.app.notice = Some(match now.0 {
                        Some(i) => format!(
                            "The facilitator put “{}” on everyone's screen",
                            q.questions[i].driver
                        ),
                        None => "The facilitator turned the spotlight off: move freely".to_owned(),
                    });
                    if let Some(i) = now.0 {
                        remote.app.focus_question(i);
                    }
                }
                seen = now;
                if let Some(counts) = counts {
                    remote.app.status = Some(counts);
                }
                match remote.frame() {
                    Ok(frame) => frame,
                    Err(_) => return,
                }
            };
            if frame.is_empty() {
                continue;
            }
            if handle.data(channel, frame).await.is_err() {
                return;
            }
        }
    });
}

/// The room's answers to question `i`, as participants see them once revealed: counts only,
/// by the tally's rule of what is a vote.
pub(crate) fn counts(room: &Room, i: usize) -> String {
    let q = &room.model.questionnaire;
    let question = &q.questions[i];
    let columns: Vec<(&str, &crate::answers::Answers)> = room
        .participants
        .iter()
        .map(|(name, p)| (name.as_str(), &p.answers))
        .collect();
    let votes = crate::compare::votes_on(q, &columns, i);
    let parts: Vec<String> = votes
        .groups
        .iter()
        .map(|(v, by)| format!("{} ×{}", question.short_value(v), by.len()))
        .collect();
    format!(
        "The room on {}: {}",
        question.driver,
        if parts.is_empty() {
            "no answers yet".to_owned()
        } else {
            parts.join(" · ")
        }
    )
}

#[cfg(test)]
mod tests {
    use super::{Budget, INPUT_PER_SECOND, same_code};

    #[test]
    fn input_beyond_the_budget_is_dropped_and_the_budget_refills() {
        let mut budget = Budget::new();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let full = INPUT_PER_SECOND as usize;
        assert_eq!(budget.take(full + 1000), full, "a burst up to the budget");
        assert!(budget.take(100) < 100, "then almost nothing");
        budget.at -= std::time::Duration::from_millis(500);
        let refilled = budget.take(full);
        assert!(
            refilled >= full / 2 - 1 && refilled <= full / 2 + 200,
            "{refilled}"
        );
    }

    #[test]
    fn the_code_must_match_exactly() {
        assert!(same_code("482-193", "482-193"));
        assert!(same_code(" 482-193\n", "482-193"));
        assert!(!same_code("482-194", "482-193"));
        assert!(!same_code("482-19", "482-193"));
    }
}
