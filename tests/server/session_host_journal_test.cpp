// "Journaled before anyone sees it" (issue 14), over an in-memory transport:
// when the journal cannot keep an action it is refused with a readable error
// and nothing about it is sent or applied; a partner-left notice goes out
// only after the departure is journaled.
#include "core_harness.hpp"

#include <gtest/gtest.h>

namespace rapport {
namespace {

using test::CoreHarness;

struct Started {
  CoreHarness h;
  std::string code, host_token;
  Started() {
    std::tie(code, host_token) = h.create(1);
    h.join(2, "Ada", code);
    h.join(3, "Ben", code);
    h.send(1, HostCommand{host_token, HostAction::Start, 0, 0, false, ""});
    h.advance(100);
  }
  const SessionState& state() { return h.core.session(code)->state(); }
  template <class T>
  std::size_t count(server::ConnectionId id) {
    std::size_t n = 0;
    for (const auto& m : h.transport.sent[id]) n += std::holds_alternative<T>(m) ? 1u : 0u;
    return n;
  }
};

TEST(SessionHostJournal, AnActionTheJournalCannotKeepIsRefusedAndNothingIsSent) {
  Started s;
  ASSERT_EQ(s.state().phase, SessionPhase::Round);
  const std::uint32_t ada = s.h.player_id(2);
  const std::size_t lines_before = s.state().group_of_player(ada)->chat_lines;
  const std::size_t ben_before = s.h.transport.sent[3].size();
  s.h.journal_fails = true;
  s.h.send(2, ChatPost{"hello there"});
  const Error* error = s.h.last<Error>(2);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, ErrorCode::Internal);
  EXPECT_EQ(error->text, server::kNotSavedText);
  EXPECT_EQ(s.count<ChatLine>(3), 0u) << "the partner saw nothing";
  EXPECT_EQ(s.count<ChatLine>(2), 0u);
  EXPECT_EQ(s.h.transport.sent[3].size(), ben_before) << "nothing at all went to the partner";
  EXPECT_EQ(s.state().group_of_player(ada)->chat_lines, lines_before) << "and nothing changed";

  // A host command is refused the same way.
  const std::uint16_t rotation = s.state().rotation;
  s.h.send(1, HostCommand{s.host_token, HostAction::Pause, 0, 0, false, ""});
  EXPECT_FALSE(s.state().paused);
  ASSERT_NE(s.h.last<Error>(1), nullptr);
  EXPECT_EQ(s.h.last<Error>(1)->text, server::kNotSavedText);
  // Timers that come due are not applied either; they happen once the journal works again.
  s.h.advance(200'000);
  EXPECT_EQ(s.state().rotation, rotation);
  EXPECT_EQ(s.state().round, 1u);
  s.h.journal_fails = false;
  s.h.send(2, ChatPost{"hello again"});
  EXPECT_EQ(s.count<ChatLine>(3), 1u);
  s.h.advance(100);
  EXPECT_GT(s.state().round, 1u) << "the overdue transition happens at the next tick";
}

TEST(SessionHostJournal, PartnerLeftIsSentOnlyAfterTheDepartureIsJournaled) {
  Started s;
  const std::uint32_t ada = s.h.player_id(2);
  const std::uint32_t ben = s.h.player_id(3);
  ASSERT_EQ(s.state().group_of_player(ada), s.state().group_of_player(ben));
  // The journal refuses Ada's departure: it is not kept, so Ben is not told (a
  // restart would bring Ada's seat back and the notice would have been false).
  bool refuse_departures = true;
  std::size_t sent_to_ben_when_journaled = 0;
  s.h.journal_hook = [&](std::span<const SessionEvent> batch) {
    for (const auto& e : batch) {
      if (!std::holds_alternative<PlayerLeft>(e.body)) continue;
      if (refuse_departures) return false;
      sent_to_ben_when_journaled = s.h.transport.sent[3].size();
    }
    return true;
  };
  s.h.send(2, Leave{});
  EXPECT_EQ(s.count<Notice>(3), 0u);
  // Ada's seat stays, shown as away; once the journal keeps departures the
  // grace period ends it, and only then is Ben told.
  ASSERT_NE(s.state().seat(ada), nullptr);
  EXPECT_FALSE(s.state().seat(ada)->connected);
  refuse_departures = false;
  s.h.advance(130'000);  // past the 120 s grace period
  EXPECT_EQ(s.state().seat(ada), nullptr);
  std::size_t notice_at = 0;
  const auto& to_ben = s.h.transport.sent[3];
  for (std::size_t i = 0; i < to_ben.size(); ++i) {
    if (const auto* n = std::get_if<Notice>(&to_ben[i]); n && n->kind == NoticeKind::PartnerLeft) notice_at = i + 1;
  }
  ASSERT_GT(notice_at, 0u) << "Ben is told";
  EXPECT_GE(notice_at, sent_to_ben_when_journaled + 1) << "after the journal kept the departure";
}

}  // namespace
}  // namespace rapport
