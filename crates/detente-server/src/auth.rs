//! Who is asking: the bearer token of a request, resolved against one talk's token hashes.

use axum::http::HeaderMap;

use crate::engine::Reader;
use crate::error::ApiError;
use crate::store::TalkRow;
use crate::token;

/// The bearer token of a request: `Authorization: Bearer …`, or for event streams (which browsers
/// open without headers) the `access_token` query parameter.
pub fn bearer(headers: &HeaderMap, query_token: Option<&str>) -> Result<Option<String>, ApiError> {
    if let Some(value) = headers.get(axum::http::header::AUTHORIZATION) {
        let text = value
            .to_str()
            .map_err(|_| ApiError::Unauthorized("the Authorization header is not text".into()))?;
        let token = text
            .strip_prefix("Bearer ")
            .ok_or_else(|| ApiError::Unauthorized("use `Authorization: Bearer <token>`".into()))?;
        return Ok(Some(token.trim().to_string()));
    }
    Ok(query_token.map(str::to_string))
}

/// Resolves a token against `talk`: no token reads as the public; a token that matches neither the
/// mediator's nor a seat's hash is refused. Every stored hash is compared, in constant time each.
pub fn resolve(talk: &TalkRow, presented: Option<&str>) -> Result<Reader, ApiError> {
    let Some(presented) = presented else {
        return Ok(Reader::Public);
    };
    let hash = token::hash(presented);
    let mut found = None;
    if token::hashes_match(&hash, &talk.mediator_token_hash) {
        found = Some(Reader::Mediator);
    }
    for (seat, row) in talk.seats.iter().enumerate() {
        if token::hashes_match(&hash, &row.token_hash) && found.is_none() {
            found = Some(Reader::Party(seat));
        }
    }
    found.ok_or_else(|| ApiError::Unauthorized("the token is not valid for this talk".into()))
}

/// Requires the mediator.
pub fn mediator(reader: Reader) -> Result<(), ApiError> {
    match reader {
        Reader::Mediator => Ok(()),
        Reader::Public => Err(ApiError::Unauthorized(
            "this needs the mediator's token".into(),
        )),
        Reader::Party(_) => Err(ApiError::Forbidden("only the mediator may do this".into())),
    }
}

/// Requires a party; returns its seat.
pub fn party(reader: Reader) -> Result<usize, ApiError> {
    match reader {
        Reader::Party(seat) => Ok(seat),
        Reader::Public => Err(ApiError::Unauthorized(
            "this needs a party's invitation token".into(),
        )),
        Reader::Mediator => Err(ApiError::Forbidden("only a party may do this".into())),
    }
}
