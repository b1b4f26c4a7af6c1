//! Smoke tests of the real binary in a pseudo-terminal: the screen is read through a vt100 model and every wait
//! polls for a condition on it (with a deadline), never a bare sleep.

use std::{
    fs,
    path::Path,
    process::Command,
    time::{Duration, Instant},
};

use expectrl::{Session, WaitStatus};

const COLS: u16 = 120;
const ROWS: u16 = 40;
const DEADLINE: Duration = Duration::from_secs(20);

struct Pty {
    session: Session,
    screen: vt100::Parser,
}

impl Pty {
    fn spawn(dir: &Path) -> Pty {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_stagecraft"));
        cmd.arg(dir)
            .env("TERM", "xterm-256color")
            .env("XDG_CONFIG_HOME", dir.join(".no-config"));
        let mut session = Session::spawn(cmd).expect("spawn in a pty");
        session
            .get_process_mut()
            .set_window_size(COLS, ROWS)
            .expect("window size");
        Pty {
            session,
            screen: vt100::Parser::new(ROWS, COLS, 0),
        }
    }

    fn pump(&mut self) {
        let mut buf = [0u8; 16384];
        while let Ok(n) = self.session.try_read(&mut buf) {
            if n == 0 {
                break;
            }
            self.screen.process(&buf[..n]);
        }
    }

    fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    fn wait_for(&mut self, needle: &str) {
        let start = Instant::now();
        loop {
            self.pump();
            if self.contents().contains(needle) {
                return;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "`{needle}` never appeared; the screen is:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.session.send(bytes).expect("send keys");
    }

    fn exit_code(&mut self) -> i32 {
        let start = Instant::now();
        loop {
            self.pump();
            match self.session.get_process().status() {
                Ok(WaitStatus::Exited(_, code)) => return code,
                Ok(WaitStatus::Signaled(_, signal, _)) => panic!("killed by {signal:?}"),
                _ => {}
            }
            assert!(
                start.elapsed() < DEADLINE,
                "the wizard did not exit; the screen is:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn go_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/projects/go-basic");
    for f in ["go.mod", "main.go"] {
        fs::copy(fixture.join(f), dir.path().join(f)).expect("copy");
    }
    dir
}

fn enter_to_review(pty: &mut Pty) {
    pty.wait_for("1/7 Language");
    for next in ["2/7", "3/7", "4/7", "5/7", "6/7", "7/7"] {
        pty.send("\r");
        pty.wait_for(next);
    }
}

#[test]
fn enter_through_the_defaults_writes_what_generate_writes() {
    let dir = go_project();
    let mut pty = Pty::spawn(dir.path());
    enter_to_review(&mut pty);
    pty.send("\r");
    pty.wait_for("docker build");
    assert_eq!(pty.exit_code(), 0);
    let expected = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(["generate", "--stdout"])
        .arg(dir.path())
        .output()
        .expect("generate");
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).expect("written"),
        String::from_utf8_lossy(&expected.stdout)
    );
    assert!(dir.path().join(".dockerignore").exists());
}

#[test]
fn ctrl_c_writes_nothing_and_exits_130() {
    let dir = go_project();
    let mut pty = Pty::spawn(dir.path());
    pty.wait_for("1/7 Language");
    pty.send("\r");
    pty.wait_for("2/7");
    pty.send("\x03");
    assert_eq!(pty.exit_code(), 130);
    assert!(!dir.path().join("Dockerfile").exists());
}

#[test]
fn an_existing_dockerfile_is_not_overwritten_without_confirmation() {
    let dir = go_project();
    fs::write(dir.path().join("Dockerfile"), "FROM mine:1\n").expect("write");
    let mut pty = Pty::spawn(dir.path());
    enter_to_review(&mut pty);
    pty.send("\r");
    pty.wait_for("-FROM mine:1");
    pty.wait_for("Enter replaces them");
    pty.send("\x1b");
    pty.wait_for("not written");
    pty.send("\x03");
    assert_eq!(pty.exit_code(), 130);
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).expect("read"),
        "FROM mine:1\n"
    );
    assert!(!dir.path().join("Dockerfile.bak").exists());
}

#[test]
fn the_terminal_is_restored_after_exit() {
    let dir = go_project();
    let mut pty = Pty::spawn(dir.path());
    pty.wait_for("1/7 Language");
    assert!(
        pty.screen.screen().alternate_screen(),
        "the wizard runs on the alternate screen"
    );
    pty.send("\x03");
    assert_eq!(pty.exit_code(), 130);
    pty.pump();
    assert!(
        !pty.screen.screen().alternate_screen(),
        "the alternate screen is left on exit"
    );
    assert!(
        pty.contents().contains("cancelled, nothing was written"),
        "{}",
        pty.contents()
    );
}

#[test]
fn without_a_terminal_it_explains_generate_and_exits_2() {
    let dir = go_project();
    let out = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .arg(dir.path())
        .env("CI", "true")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("stagecraft generate") && stderr.contains("--answers"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "no escape codes on a pipe");
    assert!(!dir.path().join("Dockerfile").exists());
}

#[test]
fn term_dumb_is_not_a_terminal_for_the_wizard() {
    let dir = go_project();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stagecraft"));
    cmd.arg(dir.path()).env("TERM", "dumb");
    let mut pty = Pty {
        session: Session::spawn(cmd).expect("spawn in a pty"),
        screen: vt100::Parser::new(ROWS, COLS, 0),
    };
    pty.wait_for("stagecraft generate");
    assert_eq!(pty.exit_code(), 2);
    assert!(!pty.screen.screen().alternate_screen());
    assert!(!dir.path().join("Dockerfile").exists());
}

#[test]
fn resizes_are_followed_down_to_a_too_small_notice_and_back() {
    let dir = go_project();
    let mut pty = Pty::spawn(dir.path());
    pty.wait_for("1/7 Language");
    // Wide: the preview sits beside the form (waited for: a frame can arrive in more than one read).
    pty.wait_for("Dockerfile ·");
    for (cols, rows, needle) in [
        (30, 10, "needs at least"),
        (80, 24, "f preview"),
        (COLS, ROWS, "Dockerfile ·"),
    ] {
        pty.session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("resize");
        pty.screen.screen_mut().set_size(rows, cols);
        pty.wait_for(needle);
    }
    pty.send("\x03");
    assert_eq!(pty.exit_code(), 130);
}

#[test]
fn an_answers_file_prefills_and_enter_writes_what_generate_answers_writes() {
    let dir = go_project();
    let answers = dir.path().join("answers.toml");
    fs::write(
        &answers,
        "base = \"alpine\"\nport = 7000\n\n[[arg]]\nname = \"APP_VERSION\"\ndefault = \"1.2.3\"\nscope = \"builder\"\n",
    )
    .expect("answers");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stagecraft"));
    cmd.arg(dir.path())
        .arg("--answers")
        .arg(&answers)
        .env("TERM", "xterm-256color")
        .env("XDG_CONFIG_HOME", dir.path().join(".no-config"));
    let mut pty = Pty {
        session: Session::spawn(cmd).expect("spawn in a pty"),
        screen: vt100::Parser::new(ROWS, COLS, 0),
    };
    pty.session
        .get_process_mut()
        .set_window_size(COLS, ROWS)
        .expect("window size");
    enter_to_review(&mut pty);
    // The written file is compared with generate's below; here the review is up and ready to write.
    pty.wait_for("Enter writes the files");
    pty.send("\r");
    pty.wait_for("docker run --rm -p 7000:7000");
    assert_eq!(pty.exit_code(), 0);
    let expected = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(["generate", "--stdout", "--answers"])
        .arg(&answers)
        .arg(dir.path())
        .output()
        .expect("generate");
    assert!(expected.status.success());
    let written = fs::read_to_string(dir.path().join("Dockerfile")).expect("written");
    assert_eq!(written, String::from_utf8_lossy(&expected.stdout));
    assert!(written.contains("ARG APP_VERSION=1.2.3") && written.contains("EXPOSE 7000"));
}

#[test]
fn f_toggles_the_full_screen_preview_and_long_lines_wrap_with_a_mark() {
    let dir = go_project();
    let mut pty = Pty::spawn(dir.path());
    pty.wait_for("1/7 Language");
    pty.send("\r");
    pty.wait_for("2/7 Build system");
    // The form is shown (waited for: the header arrives before the rest of the frame).
    pty.wait_for("Start command");
    pty.send("f");
    pty.wait_for("Esc back to the form");
    let full = pty.contents();
    assert!(
        !full.contains("Start command"),
        "the form is hidden:\n{full}"
    );
    // Narrow: the health check's long CMD line wraps onto rows that start with the continuation mark.
    pty.session
        .get_process_mut()
        .set_window_size(60, 30)
        .expect("resize");
    pty.screen.screen_mut().set_size(30, 60);
    pty.wait_for("↪");
    for _ in 0..4 {
        pty.send("\x1b[6~");
    }
    pty.wait_for("HEALTHCHECK");
    let narrow = pty.contents();
    let rows: Vec<&str> = narrow.lines().collect();
    let cmd = rows
        .iter()
        .position(|r| r.contains("CMD [\"/usr/local/bin/busybox\""))
        .unwrap_or_else(|| panic!("{narrow}"));
    assert!(
        rows[cmd + 1]
            .trim_start_matches(['│', '▌', '›', ' '])
            .starts_with('↪'),
        "the CMD line continues on a marked row:\n{narrow}"
    );
    pty.send("\x1b");
    pty.wait_for("Start command");
    pty.send("\x03");
    assert_eq!(pty.exit_code(), 130);
}

#[test]
fn the_review_footer_says_enter_writes_and_then_confirms_a_replacement() {
    let dir = go_project();
    fs::write(dir.path().join("Dockerfile"), "FROM mine:1\n").expect("write");
    let mut pty = Pty::spawn(dir.path());
    enter_to_review(&mut pty);
    pty.wait_for("Enter write");
    assert!(!pty.contents().contains("Enter next"), "{}", pty.contents());
    pty.send("\r");
    pty.wait_for("Enter confirm replace");
    pty.send("\x1b");
    pty.wait_for("not written");
    pty.send("\x03");
    assert_eq!(pty.exit_code(), 130);
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).expect("kept"),
        "FROM mine:1\n"
    );
}
