//! The `dialogo` binary as operators use it.

use std::process::{Command, Output};

use diesel::prelude::*;
use diesel::sql_types::Text;
use sha2::{Digest as _, Sha256};

#[derive(QueryableByName)]
struct StoredToken {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    token_hash: String,
}

fn dialogo(args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dialogo"));
    command.args(args).env("RUST_LOG", "warn");
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("DIALOGO_")) {
        command.env_remove(name);
    }
    for (name, value) in vars {
        command.env(name, value);
    }
    command.output().expect("the binary runs")
}

#[test]
fn token_create_prints_the_token_alone_on_the_last_line_and_stores_only_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let url = format!("sqlite://{}", db.display());
    let output = dialogo(
        &["token", "create", "--name", "ops"],
        &[("DIALOGO_DATABASE_URL", &url)],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let token = stdout.lines().last().unwrap();
    assert!(token.starts_with("dlg_") && token.len() > 40, "{token:?}");
    assert!(!token.contains(' '));

    // What SQLite reads (the database with its WAL): the SHA-256 of the printed token.
    let mut conn = SqliteConnection::establish(&db.display().to_string()).unwrap();
    let stored: Vec<(String, String)> =
        diesel::sql_query("SELECT name, token_hash FROM api_tokens")
            .load::<StoredToken>(&mut conn)
            .unwrap()
            .into_iter()
            .map(|row| (row.name, row.token_hash))
            .collect();
    let digest = hex::encode(Sha256::digest(token.as_bytes()));
    assert_eq!(stored, [("ops".to_owned(), digest)]);
    drop(conn);
    // Nor is it anywhere in the files, the WAL included (where a fresh row sits until a
    // checkpoint copies it back).
    let wal = dir.path().join("cli.db-wal");
    for file in [&db, &wal] {
        let bytes = std::fs::read(file).unwrap_or_default();
        let needle = token.as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the token is stored in clear in {}",
            file.display()
        );
    }

    let again = dialogo(
        &["token", "create", "--name", "ops"],
        &[("DIALOGO_DATABASE_URL", &url)],
    );
    assert!(
        !again.status.success(),
        "a second token with the same name was created"
    );

    let list = dialogo(&["token", "list"], &[("DIALOGO_DATABASE_URL", &url)]);
    let listed = String::from_utf8(list.stdout).unwrap();
    assert!(listed.contains("ops") && !listed.contains(token));
    let revoke = dialogo(
        &["token", "revoke", "--name", "ops"],
        &[("DIALOGO_DATABASE_URL", &url)],
    );
    assert!(revoke.status.success());
}

#[test]
fn a_bad_setting_is_a_one_line_error_naming_the_variable_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (variable, value) in [
        ("DIALOGO_DATABASE_URL", "mysql://localhost/dialogo"),
        ("DIALOGO_DATABASE_URL", "postgres-typo://localhost/dialogo"),
        ("DIALOGO_BIND", "everywhere"),
        ("DIALOGO_MAIL_URL", "carrier-pigeon://loft"),
        ("DIALOGO_MAIL_TLS_CA_FILE", "/nonexistent/ca.pem"),
        ("DIALOGO_MAIL_TLS_CA_FILE", "/etc/hostname"),
        ("DIALOGO_FRAME_ANCESTORS", "https://cms.example.org/embed"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_dialogo"))
            .arg("migrate")
            .current_dir(dir.path())
            .env(variable, value)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{variable}={value}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(variable), "{stderr}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a stray file was created"
    );
}

#[test]
fn migrate_creates_the_database_and_seed_loads_the_demo_events_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}",
        dir.path().join("nested/dir/demo.db").display()
    );
    let vars = [("DIALOGO_DATABASE_URL", url.as_str())];
    assert!(dialogo(&["migrate"], &vars).status.success());
    assert!(dir.path().join("nested/dir/demo.db").exists());

    let first = dialogo(&["seed", "--demo"], &vars);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(
        String::from_utf8(first.stdout).unwrap().trim(),
        "Loaded 6 demo events."
    );
    let second = dialogo(&["seed", "--demo"], &vars);
    assert_eq!(
        String::from_utf8(second.stdout).unwrap().trim(),
        "Loaded 0 demo events."
    );
}

#[test]
fn accounts_get_tokens_of_their_own_and_a_disabled_one_gets_none() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let vars = [("DIALOGO_DATABASE_URL", url.as_str())];
    let run = |args: &[&str]| {
        let output = dialogo(args, &vars);
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        (
            output.status.success(),
            text(&output.stdout),
            text(&output.stderr),
        )
    };
    let account = [
        "user",
        "create",
        "--email",
        "Mia@Example.org",
        "--name",
        "Mia Koch",
        "--role",
        "viewer",
    ];
    let (ok, stdout, stderr) = run(&account);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("mia@example.org"), "{stdout}");
    let (ok, _, stderr) = run(&account);
    assert!(!ok && stderr.contains("already"), "{stderr}");
    let (ok, _, stderr) = run(&[
        "user",
        "create",
        "--email",
        "a@example.org",
        "--name",
        "A",
        "--role",
        "boss",
    ]);
    assert!(!ok && stderr.contains("is not a role"), "{stderr}");

    let (ok, stdout, stderr) = run(&[
        "token",
        "create",
        "--name",
        "mia",
        "--user",
        "mia@example.org",
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.lines().last().unwrap().starts_with("dlg_"),
        "{stdout}"
    );
    run(&["token", "create", "--name", "ops"]);
    let (_, listed, _) = run(&["token", "list", "--user", "mia@example.org"]);
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.starts_with("mia\tmia@example.org\t"), "{listed}");
    let (_, users, _) = run(&["user", "list"]);
    assert!(
        users.contains("mia@example.org\tMia Koch\tviewer\ten\tactive"),
        "{users}"
    );

    let (ok, _, stderr) = run(&["user", "disable", "--email", "MIA@example.org"]);
    assert!(ok, "{stderr}");
    let (ok, _, stderr) = run(&[
        "token",
        "create",
        "--name",
        "late",
        "--user",
        "mia@example.org",
    ]);
    assert!(!ok && stderr.contains("disabled"), "{stderr}");
    let (ok, _, stderr) = run(&["token", "revoke", "--name", "mia"]);
    assert!(ok, "{stderr}");

    // Each change is on record, done on the command line (no account, no token).
    let mut conn = SqliteConnection::establish(url.trim_start_matches("sqlite://")).unwrap();
    let actions: Vec<String> = diesel::sql_query(
        "SELECT action AS name FROM audit_log WHERE user_id IS NULL AND token_name IS NULL \
         ORDER BY at, id",
    )
    .load::<Named>(&mut conn)
    .unwrap()
    .into_iter()
    .map(|row| row.name)
    .collect();
    assert_eq!(
        actions,
        [
            "user_created",
            "password_link_issued",
            "token_created",
            "token_created",
            "user_disabled",
            "token_revoked"
        ]
    );
}

#[derive(QueryableByName)]
struct Named {
    #[diesel(sql_type = Text)]
    name: String,
}

#[test]
fn retention_dry_run_prints_one_line_per_kind_of_data_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let output = dialogo(
        &["retention", "--dry-run"],
        &[("DIALOGO_DATABASE_URL", &url)],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let kinds: Vec<&str> = stdout
        .lines()
        .map(|line| line.split(':').next().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "registrants",
            "invitees",
            "unconfirmed_registrations",
            "unconfirmed_subscribers",
            "mails",
            "link_tokens",
            "consent_records"
        ]
    );
    assert!(
        stdout.contains("registrants: 0 would be anonymised"),
        "{stdout}"
    );
}

#[test]
fn a_broken_message_override_stops_start_up_naming_its_file_and_line() {
    let overrides = tempfile::tempdir().unwrap();
    let file = overrides.path().join("de/signature.ftl");
    std::fs::create_dir(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "# ours\nsignature = Ihr Referat { $organisation }\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let url = format!("sqlite://{}", db.display());
    let locales = overrides.path().display().to_string();
    let output = dialogo(
        &["serve"],
        &[
            ("DIALOGO_DATABASE_URL", &url),
            ("DIALOGO_BIND", "127.0.0.1:0"),
            ("DIALOGO_LOCALES_DIR", &locales),
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = format!(
        "DIALOGO_LOCALES_DIR: {}:2: \"signature\" is not given $organisation (its arguments: $org)",
        file.display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(!db.exists(), "nothing was set up");
}

/// Runs `dialogo` with `input` on its standard input.
fn dialogo_with_input(args: &[&str], vars: &[(&str, &str)], input: &str) -> Output {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut command = Command::new(env!("CARGO_BIN_EXE_dialogo"));
    command.args(args).env("RUST_LOG", "warn");
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("DIALOGO_")) {
        command.env_remove(name);
    }
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn accounts_get_a_password_link_or_a_strong_password_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let vars = [
        ("DIALOGO_DATABASE_URL", url.as_str()),
        ("DIALOGO_PUBLIC_URL", "https://events.example.org"),
    ];
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let create = |email: &str| {
        vec![
            "user".to_owned(),
            "create".into(),
            "--email".into(),
            email.into(),
            "--name".into(),
            "Lena Ruiz".into(),
            "--role".into(),
            "coordinator".into(),
        ]
    };

    let args = create("lena@example.org");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = dialogo(&args, &vars);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let link = stdout.lines().last().unwrap();
    assert!(
        link.starts_with("https://events.example.org/console/password/dlgp_"),
        "{stdout}"
    );
    let output = dialogo(
        &["user", "reset-password", "--email", "lena@example.org"],
        &vars,
    );
    let again = text(&output.stdout);
    let second = again.lines().last().unwrap();
    assert!(
        second.contains("/console/password/dlgp_") && second != link,
        "{again}"
    );

    let mut args = create("omar@example.org");
    args.push("--password-stdin".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let weak = dialogo_with_input(&args, &vars, "password1234\n");
    assert!(!weak.status.success());
    assert!(
        text(&weak.stderr).contains("too easy to guess"),
        "{}",
        text(&weak.stderr)
    );
    let listed = text(&dialogo(&["user", "list"], &vars).stdout);
    assert!(!listed.contains("omar@"), "nothing written: {listed}");
    let strong = dialogo_with_input(&args, &vars, "Tlaxcala-mesa-verde-2027\n");
    assert!(strong.status.success(), "{}", text(&strong.stderr));
    let listed = text(&dialogo(&["user", "list"], &vars).stdout);
    let omar = listed.lines().find(|l| l.starts_with("omar@")).unwrap();
    assert!(omar.contains("password set"), "{omar}");
    let lena = listed.lines().find(|l| l.starts_with("lena@")).unwrap();
    assert!(lena.contains("no password"), "{lena}");

    let output = dialogo(
        &["user", "require-two-factor", "--email", "omar@example.org"],
        &vars,
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let listed = text(&dialogo(&["user", "list"], &vars).stdout);
    assert!(
        listed.contains("two-factor required, not set up"),
        "{listed}"
    );
}
