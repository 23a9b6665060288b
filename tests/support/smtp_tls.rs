//! TLS for the test SMTP sink: a certificate authority made for the test, a sink offering
//! STARTTLS with a certificate it signed, and an implicit-TLS (`smtps`) relay in front of a
//! sink.

use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Once};

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::smtp_sink::SmtpSink;

/// A certificate authority, and a server certificate it signed for 127.0.0.1 and localhost.
pub struct TestCa {
    /// The authority's certificate, PEM: what the app must be told to trust.
    pub ca_pem: String,
    server_pem: String,
    server_der: CertificateDer<'static>,
    key: KeyPair,
}

impl TestCa {
    pub fn new() -> Self {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let key = KeyPair::generate().unwrap();
        let server = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap()
            .signed_by(&key, &ca)
            .unwrap();
        Self {
            ca_pem: ca.pem(),
            server_pem: server.pem(),
            server_der: server.der().clone(),
            key,
        }
    }

    /// Writes the authority's certificate to `dir`; its path.
    pub fn write_ca(&self, dir: &Path) -> String {
        let path = dir.join("ca.pem");
        std::fs::write(&path, &self.ca_pem).unwrap();
        path.display().to_string()
    }
}

/// mailin builds its TLS configuration with rustls's process-wide provider, which must be
/// chosen where two are compiled in.
fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A sink that offers STARTTLS with the server certificate of `ca`.
pub fn starttls_sink(ca: &TestCa, dir: &Path) -> SmtpSink {
    install_crypto_provider();
    let (cert_path, key_path) = (dir.join("server.pem"), dir.join("server.key"));
    std::fs::write(&cert_path, &ca.server_pem).unwrap();
    std::fs::write(&key_path, ca.key.serialize_pem()).unwrap();
    SmtpSink::start_with(
        TcpListener::bind("127.0.0.1:0").unwrap(),
        mailin_embedded::SslConfig::SelfSigned {
            cert_path: cert_path.display().to_string(),
            key_path: key_path.display().to_string(),
        },
    )
}

/// An `smtps://` URL: a relay that speaks TLS from the first byte with the server
/// certificate of `ca`, and passes what it decrypts on to `sink`.
pub fn smtps_relay(ca: &TestCa, sink: &SmtpSink) -> String {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(ca.key.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![ca.server_der.clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let upstream = format!("127.0.0.1:{}", sink.port);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            listener.set_nonblocking(true).unwrap();
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            while let Ok((client, _)) = listener.accept().await {
                let (acceptor, upstream) = (acceptor.clone(), upstream.clone());
                tokio::spawn(async move {
                    let Ok(mut client) = acceptor.accept(client).await else {
                        return;
                    };
                    let Ok(mut server) = tokio::net::TcpStream::connect(upstream).await else {
                        return;
                    };
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                });
            }
        });
    });
    format!("smtps://127.0.0.1:{port}")
}
