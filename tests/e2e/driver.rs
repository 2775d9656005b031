//! A small WebDriver client for the real Bearing window: starts tauri-driver (which starts
//! WebKitWebDriver and the app), keeps one HTTP connection alive for the whole session, and cleans
//! up by PID even when a test fails.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread::sleep;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

/// The element reference key defined by the WebDriver spec.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub type Result<T> = std::result::Result<T, String>;

/// Windows on one display share the keyboard focus. Sessions run side by side (each holds a
/// read guard) unless one asks to run alone (the write guard): a test that opens extra windows or
/// moves the focus would otherwise take key presses away from the others.
static DISPLAY_SHARE: RwLock<()> = RwLock::new(());

enum Share {
    Shared(#[allow(dead_code)] RwLockReadGuard<'static, ()>),
    Alone(#[allow(dead_code)] RwLockWriteGuard<'static, ()>),
}

pub struct Session {
    driver: Child,
    _share: Share,
    agent: ureq::Agent,
    base: String,
    id: Option<String>,
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// Finds tauri-driver on PATH or in cargo's bin folder.
fn tauri_driver() -> Result<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("tauri-driver"))
                .collect()
        })
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        candidates.push(Path::new(&home).join("bin/tauri-driver"));
    }
    candidates.push(PathBuf::from("/root/.cargo/bin/tauri-driver"));
    candidates.into_iter().find(|p| p.is_file()).ok_or_else(|| {
        "tauri-driver not found; run the tests with `bash .ci/test`, which installs it".into()
    })
}

impl Session {
    /// Starts tauri-driver with `env` for the app, and opens a session on `application`.
    pub fn start(application: &Path, env: &[(&str, &Path)]) -> Result<Session> {
        Session::start_with_args(application, &[], env)
    }

    /// Like `start`, with command-line arguments for the app (a `bearing:` link, say).
    pub fn start_with_args(
        application: &Path,
        args: &[&str],
        env: &[(&str, &Path)],
    ) -> Result<Session> {
        // A test that failed while holding the guard poisons it; the display is still usable.
        let share = Share::Shared(DISPLAY_SHARE.read().unwrap_or_else(|e| e.into_inner()));
        Session::start_sharing(application, args, env, share)
    }

    /// Like `start`, once no other session is open, and no other starts until this one ends.
    pub fn start_alone(application: &Path, env: &[(&str, &Path)]) -> Result<Session> {
        let share = Share::Alone(DISPLAY_SHARE.write().unwrap_or_else(|e| e.into_inner()));
        Session::start_sharing(application, &[], env, share)
    }

    fn start_sharing(
        application: &Path,
        args: &[&str],
        env: &[(&str, &Path)],
        share: Share,
    ) -> Result<Session> {
        if std::env::var_os("DISPLAY").is_none() {
            return Err(
                "no DISPLAY: run the end-to-end tests under Xvfb (`bash .ci/test` does)".into(),
            );
        }
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .max_idle_connections(1)
            .build();
        let (driver, port) = spawn_driver(&agent, env)?;
        let mut session = Session {
            driver,
            _share: share,
            agent,
            base: format!("http://127.0.0.1:{port}"),
            id: None,
        };
        let created = session.post(
            "/session",
            json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": application, "args": args}}}}),
        )?;
        let id = created["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {created}"))?;
        session.id = Some(id.to_string());
        Ok(session)
    }

    fn answer(response: std::result::Result<ureq::Response, ureq::Error>) -> Result<Value> {
        match response {
            Ok(r) => {
                let body: Value = r
                    .into_json()
                    .map_err(|e| format!("bad WebDriver reply: {e}"))?;
                Ok(body["value"].clone())
            }
            Err(ureq::Error::Status(code, r)) => Err(format!(
                "WebDriver error {code}: {}",
                r.into_string().unwrap_or_default()
            )),
            Err(e) => Err(format!("WebDriver request failed: {e}")),
        }
    }

    fn post(&self, path: &str, body: Value) -> Result<Value> {
        let url = format!("{}{path}", self.base);
        Self::answer(self.agent.post(&url).send_json(body)).map(|v| {
            if path == "/session" {
                json!({"sessionId": v["sessionId"]})
            } else {
                v
            }
        })
    }

    fn session_path(&self, tail: &str) -> String {
        format!("/session/{}{tail}", self.id.as_deref().unwrap_or(""))
    }

    fn get(&self, tail: &str) -> Result<Value> {
        let url = format!("{}{}", self.base, self.session_path(tail));
        Self::answer(self.agent.get(&url).call())
    }

    fn post_s(&self, tail: &str, body: Value) -> Result<Value> {
        let url = format!("{}{}", self.base, self.session_path(tail));
        Self::answer(self.agent.post(&url).send_json(body))
    }

    /// Runs a script in the page and returns its value.
    pub fn script(&self, script: &str, args: Value) -> Result<Value> {
        self.post_s("/execute/sync", json!({"script": script, "args": args}))
    }

    /// Finds the first element matching a CSS selector.
    pub fn find(&self, css: &str) -> Result<String> {
        let found = self.post_s("/element", json!({"using": "css selector", "value": css}))?;
        found[ELEMENT_KEY]
            .as_str()
            .map(String::from)
            .ok_or_else(|| format!("no element `{css}` ({found})"))
    }

    pub fn click(&self, css: &str) -> Result<()> {
        let element = self.find(css)?;
        self.post_s(&format!("/element/{element}/click"), json!({}))
            .map(drop)
    }

    pub fn text(&self, css: &str) -> Result<String> {
        let element = self.find(css)?;
        let text = self.get(&format!("/element/{element}/text"))?;
        Ok(text.as_str().unwrap_or_default().to_string())
    }

    /// Types `text` into the element matching `css`, key by key, as a person would.
    pub fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let element = self.find(css)?;
        self.post_s(&format!("/element/{element}/value"), json!({"text": text}))
            .map(drop)
    }

    /// Empties a text field (WebDriver's Element Clear), so what is typed next is all it holds.
    pub fn clear(&self, css: &str) -> Result<()> {
        let element = self.find(css)?;
        self.post_s(&format!("/element/{element}/clear"), json!({}))
            .map(drop)
    }

    /// Runs an asynchronous script: it ends by calling `arguments[arguments.length - 1]` with
    /// its value.
    pub fn script_async(&self, script: &str, args: Value) -> Result<Value> {
        self.post_s("/execute/async", json!({"script": script, "args": args}))
    }

    /// Presses and releases one key, sent to whatever has focus (like a person typing).
    pub fn press(&self, key: &str) -> Result<()> {
        self.post_s(
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}
            ]}]}),
        )
        .map(drop)
    }

    /// Sets the window's size in CSS pixels (Xvfb has no window manager, so no frame either).
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.post_s("/window/rect", json!({"width": width, "height": height}))
            .map(drop)
    }

    /// Polls `check` until it gives a value, or fails after `timeout` naming `what`.
    pub fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&Session) -> Result<Option<T>>,
    ) -> Result<T> {
        let deadline = Instant::now() + timeout;
        let mut last_error = String::new();
        loop {
            match check(self) {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(e) => last_error = e,
            }
            if Instant::now() > deadline {
                return Err(format!("timed out waiting for {what} {last_error}"));
            }
            sleep(Duration::from_millis(50));
        }
    }

    /// Waits until `js` (a script returning a value) returns something truthy, and returns it.
    pub fn wait_for_js(&self, what: &str, js: &str) -> Result<Value> {
        self.wait_for(what, Duration::from_secs(15), |s| {
            let v = s.script(js, json!([]))?;
            let truthy = !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0));
            Ok(truthy.then_some(v))
        })
    }

    /// Saves a screenshot of the window, after two animation frames so it shows the latest DOM.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        self.post_s(
            "/execute/async",
            json!({"script": "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));", "args": []}),
        )?;
        let data = self.get("/screenshot")?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap_or_default())
            .map_err(|e| format!("screenshot is not base64: {e}"))?;
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            let _ = self
                .agent
                .delete(&format!("{}/session/{id}", self.base))
                .call();
        }
        stop_group(&mut self.driver);
    }
}

/// Ends a driver's process group (the driver, WebKitWebDriver and the app) and reaps the driver.
fn stop_group(driver: &mut Child) {
    let group = format!("-{}", driver.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    sleep(Duration::from_millis(300));
    let _ = Command::new("kill")
        .args(["-KILL", "--", &group])
        .stderr(Stdio::null())
        .status();
    let _ = driver.wait();
}

/// Starts tauri-driver, with `env` for the app, on two free ports, and waits until it answers.
/// A port is free when chosen but can be taken before the driver binds it (another test's driver
/// or WebKitWebDriver starting at the same moment): a driver that leaves, or does not answer
/// within 20 s, is stopped and started again on new ports, three times at most.
fn spawn_driver(agent: &ureq::Agent, env: &[(&str, &Path)]) -> Result<(Child, u16)> {
    let mut failed = String::new();
    for _ in 0..3 {
        let port = free_port()?;
        let native_port = free_port()?;
        let mut command = Command::new(tauri_driver()?);
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            // WebKitWebDriver's screenshot never answers with WEBKIT_DISABLE_DMABUF_RENDERER set
            // (measured here), so make sure it is not inherited.
            .env_remove("WEBKIT_DISABLE_DMABUF_RENDERER")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (name, value) in env {
            command.env(name, value);
        }
        // Its own process group, so the driver, WebKitWebDriver and the app all end together.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut driver = command
            .spawn()
            .map_err(|e| format!("cannot start tauri-driver: {e}"))?;
        match wait_for_driver(agent, port, &mut driver) {
            Ok(()) => return Ok((driver, port)),
            Err(e) => {
                stop_group(&mut driver);
                failed = e;
            }
        }
    }
    Err(format!("{failed} (three tries)"))
}

/// Waits until the driver on `port` answers its status, it leaves, or 20 s pass.
fn wait_for_driver(agent: &ureq::Agent, port: u16, driver: &mut Child) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if agent
            .get(&format!("http://127.0.0.1:{port}/status"))
            .call()
            .is_ok()
        {
            return Ok(());
        }
        if let Ok(Some(status)) = driver.try_wait() {
            return Err(format!("tauri-driver left at start ({status})"));
        }
        if Instant::now() > deadline {
            return Err("tauri-driver did not start within 20 s".into());
        }
        sleep(Duration::from_millis(100));
    }
}
