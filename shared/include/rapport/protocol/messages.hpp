#pragma once
// Every message on the wire: one struct each (in messages_*.hpp), one
// serialize template used for both reading and writing, listed once in
// MessageType (protocol_types.hpp) and once, in the same order, in Message.
#include "rapport/protocol/messages_lobby.hpp"
#include "rapport/protocol/messages_rounds.hpp"
#include "rapport/protocol/messages_session.hpp"

#include <variant>

namespace rapport {

// Order must follow MessageType (checked in codec.cpp).
using Message =
    std::variant<Hello, Welcome, Refuse, CreateSession, SessionCreated, JoinSession, JoinAccepted, RosterUpdate,
                 Leave, Error, Ping, Pong, HostCommand, SessionStatus, GroupAssigned, ChatPost, ChatLine,
                 GesturePost, GestureShown, Notice, ReflectionAnswer, BreakRequest, ReportPartner, RapportUpdate,
                 GroupTiles, Debrief, GroupSummary, BlueprintView, BlueprintAct, InStepInput, InStepSnapshot,
                 RolePlayView, RolePlayGuessPost, CommonGroundView, CommonGroundPropose, CommonGroundRespond,
                 ProfileAnswers, ProfileQuestions>;

[[nodiscard]] MessageType type_of(const Message& message);
[[nodiscard]] const char* name_of(MessageType type);

}  // namespace rapport

