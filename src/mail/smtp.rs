//! A small pool of SMTP connections with `TCP_NODELAY`.
//!
//! lettre writes a message and its final `.` line in two writes. With Nagle's algorithm on,
//! the second write waits for the server to acknowledge the first, and servers delay that
//! acknowledgement (about 40 ms on Linux) until they have something to say — capping each
//! connection at one mail per delayed acknowledgement. Connections made here switch Nagle off and are
//! then driven by lettre's own SMTP client (EHLO, STARTTLS, AUTH, MAIL/RCPT/DATA).

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::{ClientId, Extension};
use tokio::sync::{Mutex, Semaphore};

/// How to talk to the server after connecting.
#[derive(Clone)]
pub enum Security {
    Plain,
    /// STARTTLS, verifying the server's certificate as these parameters say.
    StartTls(TlsParameters),
}

pub struct SmtpPool {
    host: String,
    port: u16,
    security: Security,
    credentials: Option<Credentials>,
    hello: ClientId,
    timeout: Duration,
    idle: Mutex<Vec<AsyncSmtpConnection>>,
    slots: Semaphore,
}

/// Why a mail was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum SmtpError {
    #[error("{0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("cannot connect to {0}: {1}")]
    Connect(String, std::io::Error),
    #[error("connecting to {0} timed out")]
    Timeout(String),
}

impl SmtpError {
    /// A 5xx answer: the same mail will not be accepted later either.
    pub fn is_permanent(&self) -> bool {
        matches!(self, Self::Smtp(error) if error.is_permanent())
    }
}

impl SmtpPool {
    pub fn new(
        host: &str,
        port: u16,
        security: Security,
        credentials: Option<Credentials>,
        connections: usize,
    ) -> Self {
        Self {
            host: host.to_owned(),
            port,
            security,
            credentials,
            hello: ClientId::default(),
            timeout: Duration::from_secs(30),
            idle: Mutex::new(Vec::new()),
            slots: Semaphore::new(connections.max(1)),
        }
    }

    /// Sends one message on an idle connection, or a new one when none is idle; re-encoded as
    /// 7-bit for a server that does not take 8-bit mail.
    pub async fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), SmtpError> {
        let _slot = self
            .slots
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let reused = self.idle.lock().await.pop();
        let mut connection = match reused {
            Some(connection) if !connection.has_broken() => connection,
            _ => self.connect().await?,
        };
        let re_encoded = (!message.is_ascii()
            && !connection
                .server_info()
                .supports_feature(Extension::EightBitMime))
        .then(|| super::seven_bit::seven_bit(message))
        .flatten();
        let result = connection
            .send(envelope, re_encoded.as_deref().unwrap_or(message))
            .await;
        match &result {
            // After a refusal of this one mail the session is still good (RSET follows).
            Err(error) if !error.is_permanent() || connection.has_broken() => {
                connection.abort().await
            }
            _ => self.idle.lock().await.push(connection),
        }
        result.map(drop).map_err(SmtpError::from)
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SmtpError> {
        let address = format!("{}:{}", self.host, self.port);
        let tcp = tokio::time::timeout(self.timeout, tokio::net::TcpStream::connect(&address))
            .await
            .map_err(|_| SmtpError::Timeout(address.clone()))?
            .map_err(|e| SmtpError::Connect(address.clone(), e))?;
        tcp.set_nodelay(true)
            .map_err(|e| SmtpError::Connect(address.clone(), e))?;
        let mut connection =
            AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello).await?;
        if let Security::StartTls(tls) = &self.security {
            connection.starttls(tls.clone(), &self.hello).await?;
        }
        if let Some(credentials) = &self.credentials {
            connection
                .auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await?;
        }
        Ok(connection)
    }
}
