//! The operator's own wording (`DIALOGO_LOCALES_DIR`) in a real `dialogo serve`: an override
//! changes the signature of its mails (a broken one is refused at start: tests/cli.rs).

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, berlin_webinar};
use crate::processes::Shared;
use crate::registration_flow::{register, registrant};

for_both_backends!(an_override_changes_the_signature_of_the_mails,);

const SIGNATURE: &str = "Ihr Referat Internationale Zusammenarbeit";

/// A directory of overrides with `text` as `de/signature.ftl`.
fn overrides(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("de")).unwrap();
    std::fs::write(dir.path().join("de/signature.ftl"), text).unwrap();
    dir
}

async fn an_override_changes_the_signature_of_the_mails(backend: Backend) {
    let shared = Shared::new(backend).await;
    let dir = overrides(&format!("signature = {SIGNATURE} ({{ $org }})\n"));
    let locales = ("DIALOGO_LOCALES_DIR", dir.path().display().to_string());
    let served = shared.serve(&[locales]).await;
    let event = served.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    for (address, language) in [("ana@example.org", "de"), ("tamar@example.org", "pt")] {
        let mut body = registrant(address);
        body["language"] = json!(language);
        assert_eq!(register(&served, id, &body).await.status, 202);
    }
    let mails = shared.quiet_mails().await;
    let to = |address: &str| mails.iter().find(|m| m.to == address).unwrap();
    let german = to("ana@example.org");
    for part in [&german.text, &german.html] {
        assert!(part.contains(SIGNATURE), "{part}");
        assert!(!part.contains("Ihr Team von"), "{part}");
    }
    // Other languages keep the built-in wording.
    assert!(to("tamar@example.org").text.contains("A equipe de"));
}
