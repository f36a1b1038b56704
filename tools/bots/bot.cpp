#include "bot.hpp"

namespace rapport::bots {

Bot::Bot(BotConfig config) : config_(std::move(config)) {}

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
  if (connection_.connected()) {
    (void)connection_.send(Leave{});
    connection_.disconnect();
  }
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
        (void)connection_.send(hello);
        break;
      }
      case net::NetEvent::Kind::ConnectFailed:
      case net::NetEvent::Kind::Disconnected:
        fail(event.detail);
        break;
      case net::NetEvent::Kind::Garbage:
        ++errors_;
        break;
      case net::NetEvent::Kind::Message:
        on_message(*event.message, now);
        break;
    }
  }
  if (pinging_ && joined_ && !ping_sent_at_ && !pings_done()) {
    if (connection_.send(Ping{next_nonce_})) ping_sent_at_ = now;
  }
}

void Bot::on_message(const Message& message, Clock::time_point) {
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Welcome>) {
          welcomed_ = true;
          if (config_.host) {
            CreateSession create;
            create.program = config_.program;
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
          joined_ = true;
        } else if constexpr (std::is_same_v<T, JoinAccepted>) {
          session_code_ = m.join_code;
          joined_ = true;
        } else if constexpr (std::is_same_v<T, RosterUpdate>) {
          roster_.apply(m);
        } else if constexpr (std::is_same_v<T, Refuse>) {
          fail("refused: " + m.text);
        } else if constexpr (std::is_same_v<T, Error>) {
          ++errors_;
        } else if constexpr (std::is_same_v<T, Pong>) {
          if (ping_sent_at_ && m.nonce == next_nonce_) {
            rtts_ms_.push_back(std::chrono::duration<double, std::milli>(Clock::now() - *ping_sent_at_).count());
            ping_sent_at_.reset();
            ++next_nonce_;
          }
        }
      },
      message);
}

}  // namespace rapport::bots
