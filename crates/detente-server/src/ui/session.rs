//! Browser sessions: an invitation key, taken from the link's URL fragment, exchanged for a cookie.
//!
//! Why a fragment and a cookie, not a query string: invitation links look like
//! `/talks/{id}/caucus#key=…`. Browsers never send the fragment to the server, never put it in the
//! `Referer` header, and proxies and server logs never see it. The page's script posts the key once (a same-origin
//! form POST), the server checks it and answers with a cookie that is
//! - `HttpOnly` (page scripts cannot read it),
//! - `SameSite=Strict` (no other site can make the browser send it: together with the `Origin`
//!   check on every POST this is the CSRF defence),
//! - scoped by `Path` to one talk and one role (`/talks/{id}/caucus` or `/talks/{id}/mediator`), so
//!   one browser can hold the mediator's and a delegation's keys for different talks at once,
//! - `Secure` when the request came over HTTPS (directly or through a proxy saying so).
//!
//! The script then removes the fragment from the address bar (`history.replaceState`). Pages carry
//! `Referrer-Policy: same-origin`: no address of a talk's pages reaches another site (and the
//! browser still sends a real `Origin` on our own form posts, which `no-referrer` would blank).
//! Without script, the page offers a form to paste the key.

use axum::http::{header, HeaderMap, HeaderValue};

use crate::engine::Reader;

/// Name of the session cookie; its `Path` tells which talk and role it is for.
pub const COOKIE: &str = "detente_key";
/// A talk runs over days: the cookie lasts 30 days.
const MAX_AGE_SECONDS: u64 = 30 * 24 * 3600;
/// Longest key accepted from a form (tokens are 64 hex digits).
const MAX_KEY: usize = 256;

/// The role a page is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The mediator's desk: `/talks/{id}/mediator`.
    Mediator,
    /// A delegation's caucus room: `/talks/{id}/caucus`.
    Delegation,
}

impl Role {
    /// Whether a key that resolved to `reader` opens this role's pages.
    pub fn admits(self, reader: Reader) -> bool {
        matches!(
            (self, reader),
            (Role::Mediator, Reader::Mediator) | (Role::Delegation, Reader::Party(_))
        )
    }

    /// The path segment after the talk id.
    pub fn segment(self) -> &'static str {
        match self {
            Role::Mediator => "mediator",
            Role::Delegation => "caucus",
        }
    }

    /// The page (and cookie path) of this role in talk `id`.
    pub fn path(self, id: &str) -> String {
        format!("/talks/{id}/{}", self.segment())
    }
}

/// The session key the browser sent for this page, if any.
pub fn key_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty() && v.len() <= MAX_KEY)
}

/// Cleans a key typed or pasted by a person (or taken from a fragment like `key=…`).
pub fn clean_key(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let raw = raw.rsplit('#').next().unwrap_or(raw);
    let raw = raw.strip_prefix("key=").unwrap_or(raw).trim();
    let ok = !raw.is_empty()
        && raw.len() <= MAX_KEY
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then(|| raw.to_string())
}

fn secure(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The `Set-Cookie` value that stores `key` for `role` in talk `id`.
pub fn set_cookie(headers: &HeaderMap, role: Role, id: &str, key: &str) -> HeaderValue {
    let value = format!(
        "{COOKIE}={key}; Path={}; Max-Age={MAX_AGE_SECONDS}; HttpOnly; SameSite=Strict{}",
        role.path(id),
        if secure(headers) { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The `Set-Cookie` value that forgets the key for `role` in talk `id`.
pub fn clear_cookie(role: Role, id: &str) -> HeaderValue {
    let value = format!(
        "{COOKIE}=; Path={}; Max-Age=0; HttpOnly; SameSite=Strict",
        role.path(id)
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Whether a state-changing request comes from this site: its `Origin`, when the browser sends
/// one, must name the host the request was sent to.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    !host.is_empty() && origin_host == host
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; detente_key=abc123; other=1"),
        );
        assert_eq!(key_from(&headers).as_deref(), Some("abc123"));
        headers.insert(header::COOKIE, HeaderValue::from_static("detente_keyx=1"));
        assert_eq!(key_from(&headers), None);
    }

    #[test]
    fn pasted_links_and_fragments_give_the_key() {
        assert_eq!(clean_key(" abc ").as_deref(), Some("abc"));
        assert_eq!(clean_key("key=abc").as_deref(), Some("abc"));
        assert_eq!(
            clean_key("http://h/talks/t/caucus#key=abc").as_deref(),
            Some("abc")
        );
        assert_eq!(clean_key("a b"), None);
        assert_eq!(clean_key(""), None);
    }

    #[test]
    fn cookies_are_scoped_to_one_talk_and_role_and_hidden_from_scripts() {
        let plain = set_cookie(&HeaderMap::new(), Role::Delegation, "t1", "k");
        let text = plain.to_str().unwrap();
        assert!(text.contains("Path=/talks/t1/caucus;"));
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Strict"));
        assert!(!text.contains("Secure"));
        let mut proxied = HeaderMap::new();
        proxied.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        let text = set_cookie(&proxied, Role::Mediator, "t1", "k");
        assert!(text.to_str().unwrap().ends_with("; Secure"));
        assert!(clear_cookie(Role::Mediator, "t1")
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
    }

    #[test]
    fn cross_site_posts_are_refused() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&headers));
    }
}
