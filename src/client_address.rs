//! Who is at the other end of a request: the TCP peer, unless the peer is a reverse proxy the
//! operator trusts (`DIALOGO_TRUSTED_PROXIES`), whose `Forwarded` or `X-Forwarded-For` header
//! then names the client. Anyone else's such headers are ignored, since any client can send
//! them. Rate limits and the consent record use this one answer.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::http::header::{self, HeaderName};
use forwarded_header_value::ForwardedHeaderValue;
use ipnet::IpNet;

static X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// The reverse proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and networks (`10.0.0.1, 192.168.0.0/16,
    /// ::1`); empty for none.
    pub fn parse(value: &str) -> Result<Self, String> {
        value
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("{item:?} is not an address or network such as 10.0.0.0/8")
                    })
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn contains(&self, address: &IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(address))
    }

    /// The client of a request from `peer` that carried these forwarding headers: walking
    /// from the nearest hop outwards, the first address that is not a trusted proxy. Headers
    /// from an untrusted peer, or that do not parse, are ignored; a hop that names no address
    /// (`for=unknown`) ends the walk at the last proxy that was trusted.
    pub fn client_of(
        &self,
        peer: IpAddr,
        forwarded: Option<&str>,
        x_forwarded_for: Option<&str>,
    ) -> IpAddr {
        if !self.contains(&peer) {
            return peer;
        }
        let chain = match (forwarded, x_forwarded_for) {
            (Some(value), _) => ForwardedHeaderValue::from_forwarded(value),
            (None, Some(value)) => ForwardedHeaderValue::from_x_forwarded_for(value),
            (None, None) => return peer,
        };
        let Ok(chain) = chain else {
            return peer;
        };
        let hops: Vec<Option<IpAddr>> = chain.iter().map(|hop| hop.forwarded_for_ip()).collect();
        let mut client = peer;
        for hop in hops.into_iter().rev() {
            let Some(address) = hop else {
                return client;
            };
            client = address;
            if !self.contains(&address) {
                return address;
            }
        }
        client
    }
}

/// All values of a header, joined as one list.
fn joined(req: &HttpRequest, name: &HeaderName) -> Option<String> {
    let values: Vec<&str> = req
        .headers()
        .get_all(name)
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// The client's address as [`TrustedProxies::client_of`] tells it; `None` without a peer
/// address (as in some unit tests).
pub fn client_address(req: &HttpRequest, proxies: &TrustedProxies) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    Some(proxies.client_of(
        peer,
        joined(req, &header::FORWARDED).as_deref(),
        joined(req, &X_FORWARDED_FOR).as_deref(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn headers_are_believed_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.0.2.1").unwrap();
        let xff = Some("203.0.113.9");
        assert_eq!(
            proxies.client_of(ip("198.51.100.4"), None, xff),
            ip("198.51.100.4")
        );
        assert_eq!(
            proxies.client_of(ip("10.1.2.3"), None, xff),
            ip("203.0.113.9")
        );
        assert_eq!(
            proxies.client_of(ip("192.0.2.1"), None, None),
            ip("192.0.2.1")
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let peer = ip("10.0.0.1");
        // A client that sends its own X-Forwarded-For cannot choose its address.
        let spoofed = Some("1.1.1.1, 203.0.113.9, 10.0.0.2");
        assert_eq!(proxies.client_of(peer, None, spoofed), ip("203.0.113.9"));
        let forwarded = Some(r#"for=1.1.1.1, for="[2001:db8::7]:4711";proto=https, for=10.0.0.2"#);
        assert_eq!(proxies.client_of(peer, forwarded, None), ip("2001:db8::7"));
        // Forwarded wins over X-Forwarded-For; garbage is ignored.
        assert_eq!(
            proxies.client_of(peer, forwarded, spoofed),
            ip("2001:db8::7")
        );
        assert_eq!(proxies.client_of(peer, None, Some("not an address")), peer);
        assert_eq!(proxies.client_of(peer, Some("for=unknown"), None), peer);
        // Only proxies all the way: the outermost one.
        assert_eq!(
            proxies.client_of(peer, None, Some("10.9.9.9, 10.0.0.2")),
            ip("10.9.9.9")
        );
    }

    #[test]
    fn lists_parse_and_bad_items_are_named() {
        assert_eq!(
            TrustedProxies::parse("").unwrap(),
            TrustedProxies::default()
        );
        let parsed = TrustedProxies::parse(" ::1 , 172.16.0.0/12 ").unwrap();
        assert!(parsed.contains(&ip("::1")) && parsed.contains(&ip("172.20.1.1")));
        let error = TrustedProxies::parse("10.0.0.0/8, proxy.local").unwrap_err();
        assert!(error.contains("proxy.local"), "{error}");
    }
}
