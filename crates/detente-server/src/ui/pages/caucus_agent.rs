//! The caucus room's agent consent panel: the agent the mediator proposed, if any (the
//! delegation seats it or ignores it), the agent seated (the delegation removes it), and the
//! delegation's own choice of an aspiration agent. Only the delegation seats or removes an agent;
//! an agent answers from the delegation's own preferences, so seating one needs them stated.

use crate::engine::agent::Curve;
use crate::engine::AgentDto;
use crate::views::PartyView;

/// The agent consent panel.
#[derive(Debug, Clone)]
pub struct AgentPanel {
    /// The agent answering for the delegation, described.
    pub seated: Option<String>,
    /// The agent the mediator proposed, described.
    pub proposed: Option<String>,
    /// Whether the delegation has preferences an agent can answer from.
    pub can_seat: bool,
    /// Whether the talks still take actions from this delegation.
    pub active: bool,
}

/// What an agent does, in a phrase.
pub fn describe(agent: &AgentDto) -> String {
    match agent {
        AgentDto::Aspiration { curve, .. } => format!(
            "an aspiration agent that {} (accepts a package once it reaches its aspiration, which falls from your best package towards your walk-away point as the deadline nears)",
            match curve {
                Curve::Boulware => "concedes late",
                Curve::Linear => "concedes steadily",
                Curve::Conceder => "concedes early",
            }
        ),
        AgentDto::Engine { agent, .. } => format!("the negotiation engine's `{agent}` agent"),
        AgentDto::Scripted { .. } => "a scripted agent holding a fixed position".into(),
    }
}

/// The panel for the delegation whose view is `view`.
pub fn agent_panel(view: &PartyView) -> AgentPanel {
    AgentPanel {
        seated: view.agent.as_ref().map(describe),
        proposed: view.proposed_agent.as_ref().map(describe),
        can_seat: view.reservation.is_some(),
        active: view.at_table && view.public.conclusion.is_none(),
    }
}
