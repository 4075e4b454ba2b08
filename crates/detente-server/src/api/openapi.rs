//! The OpenAPI document served at `/openapi.json`, derived from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{stream, talks};

#[derive(OpenApi)]
#[openapi(
    info(title = "detente mediation service", description = "Proximity talks over HTTP: a mediator's caucuses with each delegation, confidential profiles, margin series, disclosure ledger, public communiqué and a hash-chained audit log. Authenticate with `Authorization: Bearer <token>`: the mediator's token or a party's invitation token."),
    paths(
        talks::create_talk, talks::list_examples, talks::list_talks, talks::public_view,
        talks::mediator_view, talks::ask, talks::close_caucus, talks::end_round, talks::attach_agent,
        talks::party_view, talks::replace_profile, talks::answer, talks::walk_out,
        talks::audit_record, stream::events,
    ),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

#[cfg(test)]
mod tests {
    #[test]
    fn documents_every_way_to_upload_a_scenario() {
        let doc = serde_json::to_value(super::document()).unwrap();
        let schemas = &doc["components"]["schemas"];
        let create = &schemas["CreateTalkRequest"]["properties"];
        for field in ["example", "scenario", "scenario_toml", "scenario_genius"] {
            assert!(create[field].is_object(), "{field} missing: {create}");
        }
        let genius = &schemas["GeniusScenarioDto"]["properties"];
        assert!(genius["domain"].is_object() && genius["profiles"].is_object());
        assert!(schemas["GeniusProfileDto"]["properties"]["xml"].is_object());
    }
}
