//! A real SSH server on 127.0.0.1 for the end-to-end tests: password and public-key login,
//! a host key derived from a seed (so tests can re-key it), one child process per channel
//! (exec with SSH_ORIGINAL_COMMAND, or an interactive shell), stderr as extended data, and
//! faults: hang on a command, drop the link on a command, flood stdout and stderr.

use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PublicKey};
use russh::server::{Auth, ChannelOpenHandle, Msg, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, Disconnect};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

pub struct ServerConfig {
    pub user: String,
    pub password: String,
    pub authorized_key: Option<PublicKey>,
    pub program: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
}

/// What the server saw and the faults it is told to play.
pub struct Shared {
    pub config: ServerConfig,
    key_seed: Mutex<[u8; 32]>,
    /// Authentication requests of any method.
    pub auth_attempts: AtomicUsize,
    pub channel_opens: AtomicUsize,
    /// Every exec command and every line typed into a shell channel.
    pub received: Mutex<Vec<String>>,
    pub hang_on: Mutex<Option<String>>,
    pub drop_on: Mutex<Option<String>>,
}

pub struct TestServer {
    pub port: u16,
    pub shared: Arc<Shared>,
    _thread: std::thread::JoinHandle<()>,
}

pub fn host_key(seed: [u8; 32]) -> PrivateKey {
    PrivateKey::from(Ed25519Keypair::from_seed(&seed))
}

impl TestServer {
    pub fn start(config: ServerConfig, seed: [u8; 32]) -> TestServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            config,
            key_seed: Mutex::new(seed),
            auth_attempts: AtomicUsize::new(0),
            channel_opens: AtomicUsize::new(0),
            received: Mutex::new(Vec::new()),
            hang_on: Mutex::new(None),
            drop_on: Mutex::new(None),
        });
        let loop_shared = shared.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(accept_loop(listener, loop_shared));
        });
        TestServer {
            port,
            shared,
            _thread: thread,
        }
    }

    /// New connections present the key derived from `seed` (an appliance re-keyed, or a
    /// man in the middle).
    pub fn rekey(&self, seed: [u8; 32]) {
        *self.shared.key_seed.lock().unwrap() = seed;
    }

    pub fn received(&self) -> Vec<String> {
        self.shared.received.lock().unwrap().clone()
    }

    pub fn set_hang_on(&self, command: Option<&str>) {
        *self.shared.hang_on.lock().unwrap() = command.map(str::to_string);
    }

    pub fn set_drop_on(&self, command: Option<&str>) {
        *self.shared.drop_on.lock().unwrap() = command.map(str::to_string);
    }
}

async fn accept_loop(listener: std::net::TcpListener, shared: Arc<Shared>) {
    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            continue;
        };
        // As OpenSSH's sshd does for sessions: without it, Nagle's algorithm and the client's
        // delayed ACK add ~40 ms to every reply written in more than one piece.
        let _ = socket.set_nodelay(true);
        let seed = *shared.key_seed.lock().unwrap();
        let config = Arc::new(russh::server::Config {
            keys: vec![host_key(seed)],
            auth_rejection_time: std::time::Duration::from_millis(10),
            auth_rejection_time_initial: Some(std::time::Duration::from_millis(0)),
            inactivity_timeout: Some(std::time::Duration::from_secs(120)),
            ..Default::default()
        });
        let handler = Conn {
            shared: shared.clone(),
            stdin: HashMap::new(),
            line: HashMap::new(),
            hung: Vec::new(),
        };
        tokio::spawn(async move {
            if let Ok(running) = russh::server::run_stream(config, socket, handler).await {
                let _ = running.await;
            }
        });
    }
}

enum Input {
    Data(Vec<u8>),
    Eof,
}

struct Conn {
    shared: Arc<Shared>,
    stdin: HashMap<ChannelId, mpsc::UnboundedSender<Input>>,
    line: HashMap<ChannelId, Vec<u8>>,
    hung: Vec<ChannelId>,
}

impl Conn {
    fn fault_for(&self, command: &str) -> (bool, bool) {
        let matches = |slot: &Mutex<Option<String>>| {
            slot.lock()
                .unwrap()
                .as_deref()
                .is_some_and(|c| command.trim() == c)
        };
        (matches(&self.shared.hang_on), matches(&self.shared.drop_on))
    }

    fn start_child(&mut self, channel: ChannelId, session: &mut Session, exec: Option<String>) {
        let handle = session.handle();
        let cfg = &self.shared.config;
        if let Some(cmd) = &exec
            && let Some(n) = cmd.strip_prefix("flood ")
        {
            let n: usize = n.trim().parse().unwrap_or(0);
            tokio::spawn(flood(handle, channel, n));
            return;
        }
        let mut command = tokio::process::Command::new(&cfg.program);
        command
            .args(&cfg.args)
            .envs(cfg.env.iter().cloned())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true);
        if let Some(cmd) = &exec {
            command.env("SSH_ORIGINAL_COMMAND", cmd);
        }
        let Ok(mut child) = command.spawn() else {
            return;
        };
        let (tx, mut rx) = mpsc::unbounded_channel::<Input>();
        self.stdin.insert(channel, tx);
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        tokio::spawn(async move {
            while let Some(input) = rx.recv().await {
                match input {
                    Input::Data(d) => {
                        if stdin.write_all(&d).await.is_err() {
                            break;
                        }
                        let _ = stdin.flush().await;
                    }
                    Input::Eof => break,
                }
            }
        });
        let out_handle = handle.clone();
        let out = tokio::spawn(async move {
            let mut buf = vec![0u8; 32 * 1024];
            while let Ok(n) = stdout.read(&mut buf).await {
                if n == 0 || out_handle.data(channel, buf[..n].to_vec()).await.is_err() {
                    break;
                }
            }
        });
        let err_handle = handle.clone();
        let err = tokio::spawn(async move {
            let mut buf = vec![0u8; 32 * 1024];
            while let Ok(n) = stderr.read(&mut buf).await {
                if n == 0
                    || err_handle
                        .extended_data(channel, 1, buf[..n].to_vec())
                        .await
                        .is_err()
                {
                    break;
                }
            }
        });
        tokio::spawn(async move {
            let status = child.wait().await.ok().and_then(|s| s.code()).unwrap_or(1);
            let _ = out.await;
            let _ = err.await;
            let _ = handle.exit_status_request(channel, status as u32).await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
        });
    }
}

async fn flood(handle: russh::server::Handle, channel: ChannelId, n: usize) {
    let chunk = vec![b'x'; 16 * 1024];
    let h2 = handle.clone();
    let out = tokio::spawn(async move {
        let mut sent = 0;
        while sent < n {
            let k = chunk.len().min(n - sent);
            if h2.data(channel, chunk[..k].to_vec()).await.is_err() {
                break;
            }
            sent += k;
        }
    });
    let chunk = vec![b'z'; 16 * 1024];
    let mut sent = 0;
    while sent < n {
        let k = chunk.len().min(n - sent);
        if handle
            .extended_data(channel, 1, chunk[..k].to_vec())
            .await
            .is_err()
        {
            break;
        }
        sent += k;
    }
    let _ = out.await;
    let _ = handle
        .data(channel, b"\nCommand Result : 0 (Success)\n".to_vec())
        .await;
    let _ = handle.exit_status_request(channel, 0).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
}

impl russh::server::Handler for Conn {
    type Error = russh::Error;

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        self.shared.auth_attempts.fetch_add(1, Ordering::SeqCst);
        let cfg = &self.shared.config;
        if user == cfg.user && password == cfg.password {
            Ok(Auth::Accept)
        } else {
            Ok(Auth::reject())
        }
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        self.shared.auth_attempts.fetch_add(1, Ordering::SeqCst);
        let cfg = &self.shared.config;
        let ok = user == cfg.user
            && cfg
                .authorized_key
                .as_ref()
                .is_some_and(|k| k.key_data() == key.public_key.key_data());
        Ok(if ok { Auth::Accept } else { Auth::reject() })
    }

    async fn channel_open_session(
        &mut self,
        _channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.shared.channel_opens.fetch_add(1, Ordering::SeqCst);
        reply.accept().await;
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let command = String::from_utf8_lossy(data).into_owned();
        self.shared.received.lock().unwrap().push(command.clone());
        session.channel_success(channel)?;
        let (hang, drop) = self.fault_for(&command);
        if drop {
            session.disconnect(Disconnect::ByApplication, "link dropped", "")?;
            return Ok(());
        }
        if !hang {
            self.start_child(channel, session, Some(command));
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        self.start_child(channel, session, None);
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.hung.contains(&channel) {
            return Ok(());
        }
        let mut forward = Vec::new();
        for &b in data {
            let line = self.line.entry(channel).or_default();
            line.push(b);
            if b != b'\n' {
                continue;
            }
            let text = String::from_utf8_lossy(line).trim_end().to_string();
            let bytes = std::mem::take(line);
            self.shared.received.lock().unwrap().push(text.clone());
            let (hang, drop) = self.fault_for(&text);
            if drop {
                session.disconnect(Disconnect::ByApplication, "link dropped", "")?;
                return Ok(());
            }
            if hang {
                self.hung.push(channel);
                break;
            }
            forward.extend_from_slice(&bytes);
        }
        if !forward.is_empty()
            && let Some(tx) = self.stdin.get(&channel)
        {
            let _ = tx.send(Input::Data(forward));
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(tx) = self.stdin.get(&channel) {
            let _ = tx.send(Input::Eof);
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.stdin.remove(&channel);
        Ok(())
    }
}
