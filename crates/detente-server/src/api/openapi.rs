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
        talks::propose_agent, talks::party_view, talks::replace_profile, talks::hand_over_profile,
        talks::withdraw_profile, talks::attach_own_agent, talks::remove_agent,
        talks::wizard_view, talks::wizard_step, talks::finish_wizard, talks::answer,
        talks::walk_out,
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

    /// The `type` tags a tagged enum's schema lists, one per variant.
    fn type_tags(schema: &serde_json::Value) -> Vec<String> {
        schema["oneOf"]
            .as_array()
            .expect("a oneOf")
            .iter()
            .flat_map(|variant| {
                let tag = &variant["properties"]["type"]["enum"];
                tag.as_array().cloned().unwrap_or_default()
            })
            .filter_map(|tag| tag.as_str().map(str::to_string))
            .collect()
    }

    #[test]
    fn documents_every_question_and_answer_kind() {
        let doc = serde_json::to_value(super::document()).unwrap();
        let schemas = &doc["components"]["schemas"];
        let questions = type_tags(&schemas["QuestionDto"]);
        for kind in [
            "test",
            "propose",
            "rank_issues",
            "compare",
            "joint_session",
            "extremes",
            "rate",
            "split_points",
            "position_test",
            "rate_walk_away",
        ] {
            assert!(questions.iter().any(|q| q == kind), "{kind}: {questions:?}");
        }
        let answers = type_tags(&schemas["AnswerDto"]);
        for kind in [
            "extremes",
            "ratings",
            "points",
            "position",
            "rating",
            "cannot_say",
        ] {
            assert!(answers.iter().any(|a| a == kind), "{kind}: {answers:?}");
        }
        let option = &schemas["OptionDto"]["properties"];
        assert!(option["issue"].is_object() && option["value"].is_object());
        let rate = schemas["QuestionDto"]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["properties"]["type"]["enum"][0] == "rate")
            .unwrap();
        assert_eq!(rate["properties"]["options"]["maxItems"], 24);
        let text = doc.to_string();
        assert!(
            text.contains("#/components/schemas/OptionDto"),
            "a rating question's options refer to OptionDto"
        );
    }
}
