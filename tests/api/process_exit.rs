//! A process that exits while PostgreSQL connections are being opened and closed exits
//! cleanly. libpq's OpenSSL used to free its global state in an `atexit` handler under the
//! feet of such threads; the test binary then died with SIGSEGV after all tests had passed.

use std::process::Command;
use std::time::Duration;

use dialogo::config::DatabaseUrl;
use dialogo::db::establish;
use diesel::RunQueryDsl;

use crate::helpers::create_pg_database;

/// Set in the environment of the child processes this test starts: the database to use.
const CHILD_DATABASE: &str = "DIALOGO_TEST_EXITING_CHILD_DATABASE";
/// How many children exit mid-connection; without the fix about one in seven crashed.
const CHILDREN: usize = 30;

crate::postgres_test!(exiting_while_connections_open_and_close_is_clean);

fn exiting_while_connections_open_and_close_is_clean() {
    if let Ok(url) = std::env::var(CHILD_DATABASE) {
        exit_while_connecting(url);
    }
    let database = create_pg_database();
    let url = database.url().to_owned();
    let this_test = "process_exit::exiting_while_connections_open_and_close_is_clean";
    let mut crashes = Vec::new();
    for _ in 0..CHILDREN {
        let output = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", this_test, "--nocapture", "--test-threads=1"])
            .env(CHILD_DATABASE, &url)
            .output()
            .expect("cannot start the test binary again");
        if !output.status.success() {
            crashes.push(format!(
                "{}: {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
    }
    assert!(
        crashes.is_empty(),
        "{} of {CHILDREN} exits failed: {crashes:#?}",
        crashes.len()
    );
}

/// The child: four threads open a connection, use it and drop it, over and over, until the
/// process exits under them.
fn exit_while_connecting(url: String) -> ! {
    let url = DatabaseUrl::Postgres(url);
    for _ in 0..4 {
        let url = url.clone();
        std::thread::spawn(move || {
            loop {
                let mut conn = establish(&url).expect("cannot connect");
                diesel::sql_query("SELECT 1")
                    .execute(&mut conn)
                    .expect("cannot query");
            }
        });
    }
    std::thread::sleep(Duration::from_millis(150));
    std::process::exit(0)
}
