//! `tradeoff room`: a live workshop. The facilitator's screen tallies the room while
//! participants answer, each in the explorer in their own terminal, joined over SSH with the
//! room code as the password. Every change is saved in the state folder; `--resume` brings the
//! room back after a crash.

mod remote;
mod screen;
mod server;
mod state;

use anyhow::{Context, Result, bail};
use server::Shared;
use state::Room;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Where participants connect unless `--listen` says otherwise: every address, port 2222.
pub const DEFAULT_LISTEN: &str = "0.0.0.0:2222";

/// How the room was asked to start (`tradeoff room`'s options).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A bundled questionnaire id or a questionnaire file [default: fargate-vs-gke].
    #[arg(short, long, value_name = "Q")]
    pub questionnaire: Option<String>,
    /// A price book replacing the bundled list prices.
    #[arg(long, value_name = "FILE")]
    pub pricing: Option<PathBuf>,
    /// Where participants connect.
    #[arg(long, value_name = "ADDR:PORT", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// The room code participants give as their password [default: a generated one].
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// The room's name on everyone's screen [default: the questionnaire's title].
    #[arg(long, value_name = "ROOM")]
    pub name: Option<String>,
    /// Return to the room saved in the state folder, everyone's answers included.
    #[arg(long)]
    pub resume: bool,
    /// The folder `e` exports into [default: ./tradeoff-room-DATE].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// What the facilitator's screen shows about the running room.
pub(crate) struct Info {
    pub port: u16,
    pub listen: SocketAddr,
    pub fingerprint: String,
    pub state_path: PathBuf,
    pub out_dir: PathBuf,
    /// Said once at the start: where an earlier room's state was kept.
    pub note: Option<String>,
}

/// Runs a room until the facilitator quits (or, with no terminal, until standard input ends).
///
/// # Errors
/// The questionnaire, price book or room state cannot be read, the address cannot be
/// listened on, or the state folder cannot be written.
pub fn run(args: &Args) -> Result<ExitCode> {
    let dir = crate::session::state_dir()?;
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("{}: cannot create the state folder", dir.display()))?;
    let state_path = state::path_in(&dir);
    let (room, note) = open(args, &state_path)?;
    let key = host_key(&dir.join("room_host_key"))?;
    let fingerprint = key
        .public_key()
        .fingerprint(russh::keys::HashAlg::Sha256)
        .to_string();
    let config = server::config(key);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the room's network threads")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(args.listen))
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let port = listener.local_addr()?.port();
    let shared = Arc::new(Shared::new(room));
    shared.room().changed()?;
    runtime.spawn(server::serve(listener, config, shared.clone()));
    let info = Info {
        port,
        listen: args.listen,
        fingerprint,
        state_path,
        out_dir: args.out.clone().unwrap_or_else(|| {
            PathBuf::from(format!(
                "tradeoff-room-{}",
                jiff::Timestamp::now().strftime("%Y-%m-%d")
            ))
        }),
        note,
    };
    if std::io::IsTerminal::is_terminal(&std::io::stdout())
        && std::io::IsTerminal::is_terminal(&std::io::stdin())
    {
        screen::run(&shared, &info)?;
    } else {
        headless(&shared, &info)?;
    }
    // Participants' terminals back as they were before their sessions close.
    runtime.block_on(async {
        let _ = tokio::time::timeout(std::time::Duration::from_millis(500), shared.goodbye()).await;
    });
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    Ok(ExitCode::SUCCESS)
}

/// The room to run: the saved one (`--resume`), or a new one, keeping an earlier room's state
/// file beside it rather than replacing it.
fn open(args: &Args, state_path: &Path) -> Result<(Room, Option<String>)> {
    let q_ref = match (&args.questionnaire, args.resume) {
        (Some(q), _) => q.clone(),
        (None, true) if state_path.is_file() => Room::questionnaire_ref(state_path)?,
        (None, _) => crate::questionnaire::DEFAULT.to_owned(),
    };
    let model = crate::model::Model::new(
        crate::questionnaire::resolve(&q_ref)?,
        crate::pricing::resolve(args.pricing.as_deref())?,
    );
    if args.resume {
        if !state_path.is_file() {
            bail!(
                "{}: no room to resume; start one with `tradeoff room`",
                state_path.display()
            );
        }
        let mut room = Room::load(model, state_path)?;
        if let Some(code) = &args.code {
            room.code.clone_from(code);
        }
        if let Some(name) = &args.name {
            room.name.clone_from(name);
        }
        return Ok((room, None));
    }
    let note = if state_path.is_file() {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
        let kept = state_path.with_file_name(format!("room-{stamp}.toml"));
        std::fs::rename(state_path, &kept)
            .with_context(|| format!("{}: cannot keep the earlier room", state_path.display()))?;
        let answers = state::answers_dir(state_path);
        if answers.is_dir() {
            std::fs::rename(&answers, state::answers_dir(&kept))
                .with_context(|| format!("{}: cannot keep the earlier room", answers.display()))?;
        }
        Some(format!(
            "The earlier room was kept in {} (answers in {}); rename them back and `tradeoff room --resume` returns to it.",
            kept.display(),
            state::answers_dir(&kept).display()
        ))
    } else {
        None
    };
    let code = match &args.code {
        Some(code) if code.trim().is_empty() => {
            bail!("--code is empty; give a code, or leave it out for a generated one")
        }
        Some(code) => code.trim().to_owned(),
        None => generated_code(),
    };
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| model.questionnaire.title.clone());
    Ok((
        Room::new(model, name, code, q_ref, state_path.to_path_buf()),
        note,
    ))
}

/// A code people can say across a room: three groups of three digits, "482-193-075"
/// (a billion codes; wrong codes are slowed and counted per address).
fn generated_code() -> String {
    use rand::RngExt as _;
    let mut rng = rand::rng();
    let group = |rng: &mut rand::rngs::ThreadRng| format!("{:03}", rng.random_range(0..1000));
    format!(
        "{}-{}-{}",
        group(&mut rng),
        group(&mut rng),
        group(&mut rng)
    )
}

/// The room's host key, generated once and kept in the state folder (readable by its owner
/// only), so participants' SSH clients recognise the room next time.
fn host_key(path: &Path) -> Result<russh::keys::PrivateKey> {
    if path.is_file() {
        return russh::keys::load_secret_key(path, None).with_context(|| {
            format!(
                "{}: not a usable host key; delete it to make a new one",
                path.display()
            )
        });
    }
    let key = russh::keys::PrivateKey::random(&mut rand::rng(), russh::keys::Algorithm::Ed25519)
        .context("cannot generate a host key")?;
    let text = key
        .to_openssh(russh::keys::ssh_key::LineEnding::LF)
        .context("cannot encode the host key")?;
    crate::fsio::write_all_atomic(&[(path.to_path_buf(), text.as_bytes().to_vec())])?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("{}: cannot make the host key private", path.display()))?;
    }
    Ok(key)
}

/// How to join: `ssh -p PORT NAME@ADDRESS` for every address the room listens on.
pub(crate) fn join_lines(info: &Info) -> Vec<String> {
    let addresses: Vec<String> = if info.listen.ip().is_unspecified() {
        if_addrs::get_if_addrs()
            .unwrap_or_default()
            .into_iter()
            .filter(|i| i.ip().is_ipv4() == info.listen.is_ipv4())
            .map(|i| i.ip().to_string())
            .collect()
    } else {
        vec![info.listen.ip().to_string()]
    };
    addresses
        .iter()
        .map(|a| {
            let a = if a.contains(':') {
                format!("[{a}]")
            } else {
                a.clone()
            };
            format!("ssh -p {} YOUR-NAME@{a}", info.port)
        })
        .collect()
}

/// Without a terminal: say how to join, keep the room running, stop when standard input ends.
fn headless(shared: &Arc<Shared>, info: &Info) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    {
        let room = shared.room();
        writeln!(out, "Room {} · code {}", room.name, room.code)?;
    }
    writeln!(out, "listening on port {}", info.port)?;
    for line in join_lines(info) {
        writeln!(out, "  {line}")?;
    }
    writeln!(out, "host key {}", info.fingerprint)?;
    writeln!(out, "state {}", info.state_path.display())?;
    if let Some(note) = &info.note {
        writeln!(out, "{note}")?;
    }
    writeln!(
        out,
        "No terminal: the room runs until standard input closes; `e` and Enter exports."
    )?;
    out.flush()?;
    drop(out);
    let stdin = std::io::stdin();
    let mut line = String::new();
    loop {
        line.clear();
        if stdin.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line.trim() == "e" {
            let written = export(shared, &info.out_dir, true)?;
            println!(
                "exported {} files into {}",
                written.files.len(),
                info.out_dir.display()
            );
        }
    }
}

/// Writes what `compare --out` writes for the room's answers, plus `participants/NAME.toml`
/// for each participant.
///
/// # Errors
/// A refused or failed write.
pub(crate) fn export(shared: &Shared, out: &Path, force: bool) -> Result<crate::report::Written> {
    let room = shared.room();
    let columns = room.columns();
    if columns.is_empty() {
        bail!("nobody has joined yet: there is nothing to export");
    }
    let model = room.model.clone();
    drop(room);
    let cmp = crate::compare::compare(&model, &columns);
    let mut files = crate::report::comparison::files(&model, &cmp)?;
    for (name, answers) in &columns {
        files.push((
            Path::new("participants").join(format!("{name}.toml")),
            answers.to_toml(&model.questionnaire),
        ));
    }
    crate::report::write_bundle(out, &files, force)
}
