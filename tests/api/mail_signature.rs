//! The organisation's voice at the end of every mail: its name signs the mail and its footer
//! names it with the imprint line, privacy notice and contact address the operator set.

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, berlin_webinar};
use crate::mails::Mail;
use crate::newsletter_flow::{subscribe, subscription};
use crate::registration_flow::{app_with_sink, register, registrant};

for_both_backends!(mails_carry_the_configured_name_imprint_privacy_notice_and_contact,);

const NAME: &str = "Agência de Cooperação Exemplo";
const IMPRINT: &str = "SAUS Quadra 1, 70070-010 Brasília";
const PRIVACY: &str = "https://agency.example.org/privacidade";
const CONTACT: &str = "dialogos@agency.example.org";

/// Fails unless both parts of `mail` sign with the organisation and its footer names it.
fn assert_signed(mail: &Mail, signature: &str, footer: &str) {
    for part in [&mail.text, &mail.html] {
        assert!(part.contains(signature), "no signature in {part}");
        assert!(part.contains(footer), "no footer in {part}");
        for line in [IMPRINT, PRIVACY, CONTACT] {
            assert!(part.contains(line), "{line} missing in {part}");
        }
    }
    assert!(
        mail.html.contains(&format!("<a href=\"mailto:{CONTACT}\"")),
        "{}",
        mail.html
    );
}

async fn mails_carry_the_configured_name_imprint_privacy_notice_and_contact(backend: Backend) {
    let settings = [
        ("DIALOGO_ORG_NAME", NAME),
        ("DIALOGO_ORG_IMPRINT", IMPRINT),
        ("DIALOGO_PRIVACY_URL", PRIVACY),
        ("DIALOGO_CONTACT_EMAIL", CONTACT),
    ]
    .map(|(name, value)| (name, value.to_owned()));
    let Some((app, sink)) = app_with_sink(backend, &settings).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let mut body = registrant("tamar@example.org");
    body["language"] = json!("pt");
    let reply = register(&app, event["id"].as_str().unwrap(), &body).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    let reply = subscribe(&app, &subscription("ana@example.org", "de")).await;
    assert_eq!(reply.status, 202, "{}", reply.text);

    let mails = app.quiet_mails(&sink).await;
    assert_eq!(mails.len(), 2, "{mails:?}");
    let to = |address: &str| mails.iter().find(|m| m.to == address).unwrap();
    assert_signed(
        to("tamar@example.org"),
        &format!("A equipe de {NAME}"),
        &format!("Esta mensagem foi enviada em nome de {NAME}."),
    );
    assert_signed(
        to("ana@example.org"),
        &format!("Ihr Team von {NAME}"),
        &format!("Diese Nachricht wurde im Auftrag von {NAME} versandt."),
    );
}
