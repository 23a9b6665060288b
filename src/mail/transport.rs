//! Where mails go: a directory of `.eml` files, or an SMTP server through a pooled, async
//! lettre transport.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use lettre::address::Envelope;
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::outbox::Delivery;
use super::smtp::{Security, SmtpPool};

pub enum MailTransport {
    /// `file://DIR`: one `.eml` file per mail, for development and inspection.
    File(PathBuf),
    /// `smtp://` and `smtp+starttls://`: connections without Nagle's delay.
    Smtp(Box<SmtpPool>),
    /// `smtps://`: lettre's pooled transport over implicit TLS.
    Smtps(AsyncSmtpTransport<Tokio1Executor>),
}

impl MailTransport {
    /// Builds the transport `DIALOGO_MAIL_URL` names, with up to `connections` SMTP connections;
    /// TLS trusts the public roots and `tls_ca` (`DIALOGO_MAIL_TLS_CA_FILE`'s PEM).
    pub fn from_url(value: &str, connections: u32, tls_ca: Option<&[u8]>) -> anyhow::Result<Self> {
        if let Some(dir) = value.strip_prefix("file://") {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create mail directory {dir}"))?;
            return Ok(Self::File(dir.into()));
        }
        let url = url::Url::parse(value).context("DIALOGO_MAIL_URL is not a URL")?;
        let host = url.host_str().context("DIALOGO_MAIL_URL has no host")?;
        let credentials = (!url.username().is_empty()).then(|| {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            Credentials::new(decode(url.username()), decode(url.password().unwrap_or("")))
        });
        let tls = || -> anyhow::Result<TlsParameters> {
            let mut builder = TlsParameters::builder(host.to_owned());
            if let Some(pem) = tls_ca {
                builder = builder.add_root_certificate(Certificate::from_pem(pem)?);
            }
            Ok(builder.build()?)
        };
        let pool = |port, security| {
            Box::new(SmtpPool::new(
                host,
                port,
                security,
                credentials.clone(),
                connections as usize,
            ))
        };
        Ok(match url.scheme() {
            "smtp" => Self::Smtp(pool(url.port().unwrap_or(25), Security::Plain)),
            "smtp+starttls" => {
                Self::Smtp(pool(url.port().unwrap_or(587), Security::StartTls(tls()?)))
            }
            "smtps" => {
                let builder = AsyncSmtpTransport::<Tokio1Executor>::relay(host)?
                    .port(url.port().unwrap_or(465))
                    .tls(Tls::Wrapper(tls()?));
                let builder = match credentials {
                    Some(credentials) => builder.credentials(credentials),
                    None => builder,
                };
                Self::Smtps(
                    builder
                        .timeout(Some(Duration::from_secs(30)))
                        .pool_config(PoolConfig::new().max_size(connections.max(1)))
                        .build(),
                )
            }
            other => bail!("unsupported mail scheme {other}"),
        })
    }

    /// Hands one formatted message to the transport.
    pub async fn deliver(&self, envelope: &Envelope, message: &[u8]) -> Delivery {
        match self {
            Self::File(dir) => {
                let id = crate::db::new_id();
                let (partial, path) = (
                    dir.join(format!(".{id}.eml.tmp")),
                    dir.join(format!("{id}.eml")),
                );
                let message = message.to_vec();
                // Written under a hidden name and renamed into place, so that whoever reads the
                // directory sees each mail whole or not at all.
                let written = tokio::task::spawn_blocking(move || {
                    std::fs::write(&partial, &message)?;
                    std::fs::rename(&partial, &path)
                })
                .await;
                match written {
                    Ok(Ok(())) => Delivery::Sent,
                    Ok(Err(error)) => Delivery::Transient(format!("{error:#}")),
                    Err(error) => Delivery::Transient(format!("{error:#}")),
                }
            }
            Self::Smtp(pool) => match pool.send(envelope, message).await {
                Ok(()) => Delivery::Sent,
                Err(error) if error.is_permanent() => Delivery::Permanent(error_chain(&error)),
                Err(error) => Delivery::Transient(error_chain(&error)),
            },
            // lettre's pool does not tell what the server announced: 7-bit to be safe.
            Self::Smtps(transport) => match transport
                .send_raw(
                    envelope,
                    &super::seven_bit::seven_bit(message).unwrap_or_else(|| message.to_vec()),
                )
                .await
            {
                Ok(_) => Delivery::Sent,
                Err(error) if error.is_permanent() => Delivery::Permanent(error_chain(&error)),
                Err(error) => Delivery::Transient(error_chain(&error)),
            },
        }
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
