#include "bot.hpp"

#include "net/host_key.hpp"
#include "rapport/pairing/pairing.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace rapport::bots {
namespace {
// Reconnect backoff: 250 ms doubling to 4 s; give up after two minutes (the server's grace period).
constexpr std::chrono::milliseconds kMaxBackoff{4000};
constexpr std::chrono::seconds kGiveUpAfter{120};
}  // namespace

Bot::Bot(BotConfig config)
    : config_(std::move(config)), behaviour_(config_.style, config_.seed), rounds_(config_.style, config_.seed ^ 0x5EEDu) {}

void Bot::start() {
  std::string error;
  if (!connection_.connect(config_.server, &error)) fail(error);
}

void Bot::fail(std::string why) {
  if (failed_) return;
  failed_ = true;
  failure_ = std::move(why);
  ++errors_;
}

void Bot::leave() {
  leaving_ = true;
  if (connection_.connected()) {
    (void)connection_.send(Leave{});
    connection_.disconnect();
  }
}

std::int64_t Bot::game_ms(Clock::time_point now) const {
  return static_cast<std::int64_t>(std::chrono::duration<double, std::milli>(now - started_).count() *
                                   config_.time_scale);
}

void Bot::trace(const std::string& what) const {
  static const bool on = std::getenv("RAPPORT_BOTS_DEBUG") != nullptr;
  if (!on) return;
  static const auto start = Clock::now();
  std::fprintf(stderr, "%8.3f %s: %s\n", std::chrono::duration<double>(Clock::now() - start).count(),
               config_.name.c_str(), what.c_str());
}

void Bot::schedule(const std::vector<Planned>& plans) { plans_.insert(plans_.end(), plans.begin(), plans.end()); }

void Bot::try_reconnect(Clock::time_point now) {
  if (!reconnecting_ || now < next_reconnect_) return;
  if (now - disconnected_at_ > kGiveUpAfter) {
    fail("could not reconnect within " + std::to_string(kGiveUpAfter.count()) + " s");
    reconnecting_ = false;
    return;
  }
  std::string error;
  if (connection_.connect(config_.server, &error)) ++reconnects_;
  next_reconnect_ = now + backoff_;
  backoff_ = std::min(backoff_ * 2, kMaxBackoff);
}

void Bot::poll(Clock::time_point now) {
  std::vector<net::NetEvent> events;
  connection_.poll(events, 0);
  for (auto& event : events) {
    switch (event.kind) {
      case net::NetEvent::Kind::Connected: {
        Hello hello;
        hello.name = config_.name;
        hello.kind = config_.host ? ClientKind::Facilitator : ClientKind::Bot;
        hello.reconnect_token = reconnecting_ ? token_ : std::string{};
        (void)connection_.send(hello);
        break;
      }
      case net::NetEvent::Kind::ConnectFailed:
      case net::NetEvent::Kind::Disconnected:
        trace(std::string(event.kind == net::NetEvent::Kind::Disconnected ? "disconnected: " : "connect failed: ") +
              event.detail);
        if (leaving_ || session_over()) break;
        if (!token_.empty() && joined_) {
          // A drop: come back with the token, like the client does.
          if (!reconnecting_) {
            reconnecting_ = true;
            disconnected_at_ = now;
            backoff_ = std::chrono::milliseconds(250);
          }
          next_reconnect_ = now + backoff_;
        } else {
          fail(event.detail);
        }
        break;
      case net::NetEvent::Kind::Garbage:
        ++errors_;
        break;
      case net::NetEvent::Kind::Message:
        on_message(*event.message, now);
        break;
    }
  }
  try_reconnect(now);
  // Pings are paced below the server's request rate (20/s sustained), so a
  // long run of them is never refused and left waiting for its pong.
  constexpr auto kPingGap = std::chrono::milliseconds(60);
  if (pinging_ && joined_ && !ping_sent_at_ && !pings_done() && (!last_pong_at_ || now - *last_pong_at_ >= kPingGap)) {
    if (connection_.send(Ping{next_nonce_})) ping_sent_at_ = now;
  }
  if (config_.play && joined_ && !reconnecting_) act(now);
}

void Bot::act(Clock::time_point now) {
  const std::int64_t t = game_ms(now);
  if (config_.host) {
    const std::size_t participants = roster_.size() > 0 ? roster_.size() - 1 : 0;
    if (!started_session_ && !host_token_.empty() && participants >= config_.expected_participants &&
        now >= start_again_at_) {
      started_session_ = connection_.send(HostCommand{host_token_, HostAction::Start, 0, 0, false, ""});
    }
    return;
  }
  if (phase_ == SessionPhase::Round && group_id_ != 0 && !partners_.empty()) {
    if (plans_.empty()) schedule(behaviour_.on_idle(t, t - last_room_activity_ms_));
  }
  // Carry out what is due, in time order.
  std::sort(plans_.begin(), plans_.end(), [](const Planned& a, const Planned& b) { return a.at_ms < b.at_ms; });
  std::size_t done = 0;
  for (; done < plans_.size() && plans_[done].at_ms <= t; ++done) {
    const Planned& p = plans_[done];
    if (group_id_ == 0 || partners_.empty()) continue;
    if (p.kind == Planned::Kind::Chat) {
      if (connection_.send(ChatPost{p.text.substr(0, kMaxChatBytes)})) {
        ++chats_sent_;
        last_room_activity_ms_ = t;
      }
    } else {
      (void)connection_.send(GesturePost{p.gesture});
    }
  }
  plans_.erase(plans_.begin(), plans_.begin() + static_cast<std::ptrdiff_t>(done));
  // Round modules.
  auto more = rounds_.on_tick(t);
  outgoing_.insert(outgoing_.end(), more.begin(), more.end());
  std::stable_sort(outgoing_.begin(), outgoing_.end(), [](const Outgoing& a, const Outgoing& b) { return a.at_ms < b.at_ms; });
  std::size_t sent = 0;
  for (; sent < outgoing_.size() && outgoing_[sent].at_ms <= t; ++sent) {
    const Outgoing& o = outgoing_[sent];
    if (std::holds_alternative<ChatPost>(o.message)) {
      ++chats_sent_;
      last_room_activity_ms_ = t;
    }
    (void)connection_.send(o.message, o.motion ? Channel::Motion : Channel::Reliable);
  }
  outgoing_.erase(outgoing_.begin(), outgoing_.begin() + static_cast<std::ptrdiff_t>(sent));
}

void Bot::check_roster_order(const RosterUpdate& update) {
  // A snapshot (reset) sets the baseline; after it every delta carries the
  // next revision, and the chunks of one delta (more = true) share theirs.
  ++ordered_checked_;
  if (!update.reset && roster_revision_) {
    const std::uint32_t expected = roster_more_ ? *roster_revision_ : *roster_revision_ + 1;
    if (update.revision != expected) {
      ++order_violations_;
      trace("roster revision " + std::to_string(update.revision) + " after " + std::to_string(*roster_revision_));
    }
  }
  roster_revision_ = update.revision;
  roster_more_ = update.more;
}

void Bot::on_message(const Message& message, Clock::time_point now) {
  const std::int64_t t = game_ms(now);
  if (config_.play && !config_.host) {
    auto more = rounds_.on_message(message, t);
    outgoing_.insert(outgoing_.end(), more.begin(), more.end());
  }
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Welcome>) {
          const bool was_reconnect = reconnecting_;
          welcomed_ = true;
          my_id_ = m.player_id;
          rounds_.set_me(m.player_id);
          token_ = m.reconnect_token;
          key_challenge_ = m.key_challenge;
          if (was_reconnect) {
            reconnecting_ = false;
            // Nothing acknowledges these, and the server may have restarted
            // before it kept them: send them again (the server keeps one
            // answer per partner, and refuses a second start).
            reflected_rotation_ = 0;
            if (phase_ == SessionPhase::Lobby) started_session_ = false;
            return;  // the server puts us back in our seat
          }
          if (config_.host) {
            CreateSession create;
            create.program = config_.program;
            create.keep_chat = config_.keep_chat;
            net::add_key_proof(create, config_.facilitator_key, key_challenge_);
            (void)connection_.send(create);
          } else if (!config_.code.empty()) {
            JoinSession join;
            join.join_code = config_.code;
            join.name = config_.name;
            join.team = config_.team;
            join.role = config_.role;
            join.avatar = config_.avatar;
            (void)connection_.send(join);
          }
        } else if constexpr (std::is_same_v<T, SessionCreated>) {
          session_code_ = m.join_code;
          host_token_ = m.host_token;
          joined_ = true;
        } else if constexpr (std::is_same_v<T, JoinAccepted>) {
          session_code_ = m.join_code;
          joined_ = true;
        } else if constexpr (std::is_same_v<T, RosterUpdate>) {
          check_roster_order(m);
          roster_.apply(m);
          if (config_.host && !host_token_.empty()) {
            // The host bot confirms everyone who asks to be a mentor (a person
            // hosting decides this on the lobby or dashboard).
            for (const auto& entry : m.upserts) {
              if (entry.role == kRequestedVeteranRole) {
                (void)connection_.send(HostCommand{host_token_, HostAction::SetRole, entry.player_id, 0, false, kVeteranRole});
              }
            }
          }
        } else if constexpr (std::is_same_v<T, Refuse>) {
          if (m.reason != RefuseReason::BadToken) fail("refused: " + m.text);
        } else if constexpr (std::is_same_v<T, Error>) {
          ++rejections_;
          trace("refused: " + m.text);
          // A refused session or start is not a game-time race: waiting on
          // would only end at --timeout with no reason, so stop and say why.
          if (config_.host && !joined_) {
            fail("the server would not create the session: " + m.text);
          } else if (config_.host && started_session_ && phase_ == SessionPhase::Lobby) {
            // Not yet (people away after a drop, or too few here): ask again
            // a few times, then say why it did not start.
            if (m.code == ErrorCode::OutOfState && ++start_refusals_ < kStartAttempts) {
              started_session_ = false;
              start_again_at_ = now + std::chrono::seconds(1);
            } else {
              fail("the server would not start the session: " + m.text);
            }
          } else if (!config_.host && !joined_) {
            fail("could not join: " + m.text);
          }
        } else if constexpr (std::is_same_v<T, Pong>) {
          ++ordered_checked_;
          if (!ping_sent_at_ || m.nonce != next_nonce_) ++order_violations_;  // a duplicate or stray pong
          if (ping_sent_at_ && m.nonce == next_nonce_) {
            rtts_ms_.push_back(std::chrono::duration<double, std::milli>(Clock::now() - *ping_sent_at_).count());
            ping_sent_at_.reset();
            last_pong_at_ = now;
            ++next_nonce_;
          }
        } else if constexpr (std::is_same_v<T, SessionStatus>) {
          if (m.round != round_ || m.rotation != rotation_ || m.phase != phase_) {
            // A new round: what the last module showed no longer applies.
            rounds_.new_round();
            std::erase_if(outgoing_, [](const Outgoing& o) { return !std::holds_alternative<ProfileAnswers>(o.message); });
          }
          if (m.phase != phase_ || m.rotation != rotation_ || m.round != round_) {
            trace("phase " + std::to_string(static_cast<int>(m.phase)) + ", rotation " + std::to_string(m.rotation) +
                  ", round " + std::to_string(m.round));
          }
          round_ = m.round;
          rotation_ = m.rotation;
          phase_ = m.phase;
          const bool acting = m.phase == SessionPhase::Round && m.round_kind == RoundKind::RolePlay;
          if (acting && !behaviour_.in_character()) {
            // Small talk planned before the scene began would break character.
            std::erase_if(plans_, [](const Planned& p) { return p.kind == Planned::Kind::Chat; });
            last_room_activity_ms_ = t;
          }
          behaviour_.set_in_character(acting);
          if (m.phase == SessionPhase::Ended) ended_ = true;
          if (m.phase == SessionPhase::Reflection && reflected_rotation_ != m.rotation && !config_.host) {
            reflected_rotation_ = m.rotation;
            trace("reflection of rotation " + std::to_string(m.rotation) + ": answering about " +
                  std::to_string(partners_.size()) + " partner(s)");
            for (auto partner : partners_) {
              (void)connection_.send(ReflectionAnswer{partner, behaviour_.ios_answer(), behaviour_.kudos_answer()});
            }
          }
        } else if constexpr (std::is_same_v<T, GroupAssigned>) {
          trace("group " + std::to_string(m.group_id) + " for rotation " + std::to_string(m.rotation) + " with " +
                std::to_string(m.members.size()) + " members");
          const bool new_room = m.group_id != group_id_;
          group_id_ = m.group_id;
          partners_.clear();
          for (auto id : m.members) {
            if (id != my_id_) partners_.push_back(id);
          }
          if (new_room) {
            rounds_.new_round();
            outgoing_.clear();
          }
          if (new_room && !partners_.empty()) {
            plans_.clear();
            last_room_activity_ms_ = t;
            const bool opener = std::all_of(partners_.begin(), partners_.end(), [&](auto id) { return my_id_ < id; });
            schedule(behaviour_.on_new_group(t, opener, m.prompt));
          }
        } else if constexpr (std::is_same_v<T, ChatLine>) {
          if (m.from != my_id_ && m.group_id == group_id_) {
            last_room_activity_ms_ = t;
            // One pending reply at a time: a new line replaces an unsent answer,
            // and in a trio only one of the two listeners answers each line.
            std::erase_if(plans_, [](const Planned& p) { return p.kind == Planned::Kind::Chat; });
            const bool my_turn = partners_.size() < 2 || (m.from + my_id_ + static_cast<std::uint32_t>(t / 1000)) % 2 == 0;
            if (my_turn) schedule(behaviour_.on_partner_chat(t, m.text));
          } else if (m.from == my_id_) {
            last_room_activity_ms_ = t;
          }
        } else if constexpr (std::is_same_v<T, GestureShown>) {
          if (m.from != my_id_ && m.group_id == group_id_) schedule(behaviour_.on_partner_gesture(t, m.gesture));
        } else if constexpr (std::is_same_v<T, Debrief>) {
          trace("debrief received");
          debrief_received_ = true;
          ended_ = true;
        } else if constexpr (std::is_same_v<T, GroupSummary>) {
          summary_received_ = true;
          ended_ = true;
          report_path_ = m.report_path;
        } else if constexpr (std::is_same_v<T, Notice>) {
          if (m.kind == NoticeKind::Kicked) fail("kicked by the host");
        }
      },
      message);
}

}  // namespace rapport::bots
