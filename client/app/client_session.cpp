#include "app/client_session.hpp"

#include "net/host_key.hpp"

#include "rapport/session/kudos.hpp"
#include "rapport/text/names.hpp"

#include <algorithm>
#include <vector>

namespace rapport::client {
namespace {

constexpr std::int64_t kMsPerSecond = 1000;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Trims spaces and cuts to `max_bytes` without splitting a UTF-8 character.
std::string clean_line(const std::string& text, std::size_t max_bytes) {
  std::size_t first = 0;
  std::size_t last = text.size();
  while (first < last && is_space(text[first])) ++first;
  while (last > first && is_space(text[last - 1])) --last;
  std::string out = text.substr(first, last - first);
  if (out.size() > max_bytes) {
    std::size_t cut = max_bytes;
    // Continuation bytes look like 10xxxxxx; back up to the start of a character.
    constexpr unsigned char kContinuationMask = 0xC0;
    constexpr unsigned char kContinuation = 0x80;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & kContinuationMask) == kContinuation) --cut;
    out.resize(cut);
  }
  return out;
}

}  // namespace

const char* status_name(SessionStatus status) {
  switch (status) {
    case SessionStatus::Idle: return "idle";
    case SessionStatus::Connecting: return "connecting";
    case SessionStatus::Entering: return "entering";
    case SessionStatus::InSession: return "in session";
    case SessionStatus::Reconnecting: return "reconnecting";
    case SessionStatus::Failed: return "failed";
  }
  return "unknown";
}

ClientSession::ClientSession(ClientSessionConfig config) : config_(config) {}

ClientSession::~ClientSession() {
  if (connection_ && connection_->connected()) connection_->disconnect();
}

bool ClientSession::host(const std::string& server, const Profile& profile, const std::string& program,
                         std::int64_t now_ms) {
  wanted_program_ = program;
  return start(Intent::Host, server, profile, now_ms);
}

bool ClientSession::join(const std::string& server, const std::string& code, const Profile& profile,
                         std::int64_t now_ms) {
  const auto normalised = normalise_join_code(code);
  if (!normalised) {
    fail(code.empty() ? "Please type the join code shown on the host's screen."
                      : "The join code '" + code +
                            "' does not look right: it has 6 letters and digits, like K7MQXR. Check the host's "
                            "screen.");
    return false;
  }
  wanted_code_ = *normalised;
  return start(Intent::Join, server, profile, now_ms);
}

bool ClientSession::start(Intent intent, const std::string& server, const Profile& profile, std::int64_t now_ms) {
  if (status_ != SessionStatus::Idle && status_ != SessionStatus::Failed) leave();
  NameProblem problem;
  const auto name = clean_display_name(profile.name, &problem);
  if (!name) {
    fail(profile.name.empty() ? "Please type your name so others know who you are." : problem.text);
    return false;
  }
  const auto endpoint = net::parse_endpoint(server);
  if (!endpoint) {
    fail("The server address '" + server + "' does not look right. Use a name or IP, optionally with a port, like "
         "192.168.1.20:7777.");
    return false;
  }
  key_.reset();
  if (intent == Intent::Host) {
    auto key = net::find_host_key(key_file_, endpoint->port);
    if (!key.error.empty()) {
      fail("Cannot use the facilitator key: " + key.error + ".");
      return false;
    }
    key_ = key.key;
  }
  intent_ = intent;
  profile_ = profile;
  profile_.name = *name;
  endpoint_ = *endpoint;
  server_text_ = server;
  hosting_ = intent == Intent::Host;
  my_id_ = 0;
  token_.clear();
  session_code_.clear();
  host_token_.clear();
  program_.clear();
  my_name_ = *name;
  roster_ = RosterView{};
  view_.reset();
  last_error_.clear();
  notice_.clear();
  refused_ = false;
  retry_attempt_ = 0;
  next_retry_ms_.reset();
  std::string error;
  if (!open_transport(error)) {
    fail(error);
    return false;
  }
  (void)now_ms;
  status_ = SessionStatus::Connecting;
  return true;
}

bool ClientSession::open_transport(std::string& error) {
  connection_ = std::make_unique<net::Connection>();
  return connection_->connect(endpoint_, &error);
}

void ClientSession::leave() {
  if (connection_) {
    if (connection_->connected() && status_ == SessionStatus::InSession) (void)connection_->send(Leave{});
    connection_->disconnect();
    connection_.reset();
  }
  status_ = SessionStatus::Idle;
  hosting_ = false;
  session_code_.clear();
  host_token_.clear();
  token_.clear();
  roster_ = RosterView{};
  view_.reset();
  next_retry_ms_.reset();
  retry_attempt_ = 0;
}

void ClientSession::acknowledge_error() {
  last_error_.clear();
  if (status_ == SessionStatus::Failed) status_ = SessionStatus::Idle;
}

void ClientSession::fail(std::string text) {
  if (connection_) {
    connection_->disconnect();
    connection_.reset();
  }
  last_error_ = std::move(text);
  status_ = SessionStatus::Failed;
  next_retry_ms_.reset();
}

void ClientSession::simulate_connection_drop(std::int64_t now_ms) {
  // Destroying the Connection closes the socket without a goodbye.
  connection_.reset();
  on_lost("The connection to the server was lost.", now_ms);
}

void ClientSession::update(std::int64_t now_ms) {
  if (status_ == SessionStatus::Reconnecting && next_retry_ms_ && now_ms >= *next_retry_ms_) {
    next_retry_ms_.reset();
    std::string error;
    if (!open_transport(error)) schedule_retry(now_ms);
  }
  if (!connection_) return;
  std::vector<net::NetEvent> events;
  connection_->poll(events);
  for (auto& event : events) {
    switch (event.kind) {
      case net::NetEvent::Kind::Connected: {
        Hello hello;
        hello.protocol_version = config_.protocol_version;
        hello.name = profile_.name;
        hello.kind = intent_ == Intent::Host ? ClientKind::Facilitator : ClientKind::Participant;
        hello.reconnect_token = status_ == SessionStatus::Reconnecting ? token_ : std::string{};
        if (config_.protocol_version == kProtocolVersion) {
          (void)connection_->send(hello);
        } else {
          // Only tests speak another version; the envelope carries it too.
          (void)connection_->send_raw(encode_with_version(hello, config_.protocol_version));
        }
        break;
      }
      case net::NetEvent::Kind::ConnectFailed:
      case net::NetEvent::Kind::Disconnected:
        on_lost(event.detail, now_ms);
        break;
      case net::NetEvent::Kind::Message:
        if (event.message) on_message(*event.message, now_ms);
        break;
      case net::NetEvent::Kind::Garbage:
        break;  // counted by the connection; the server is the one that misbehaved
    }
    if (!connection_) break;  // a failure closed it; later events belong to the old connection
  }
}

void ClientSession::on_lost(const std::string& why, std::int64_t now_ms) {
  if (refused_ || status_ == SessionStatus::Failed || status_ == SessionStatus::Idle) return;
  if (status_ == SessionStatus::InSession || status_ == SessionStatus::Reconnecting) {
    // We had a seat: keep the view and try to get back to it.
    status_ = SessionStatus::Reconnecting;
    connection_.reset();
    schedule_retry(now_ms);
    return;
  }
  fail(why.empty() ? std::string("The server did not answer. Check the address and that the server is running.")
                   : why);
}

void ClientSession::schedule_retry(std::int64_t now_ms) {
  ++retry_attempt_;
  if (retry_attempt_ > config_.max_retries) {
    fail("The connection to the server was lost and could not be restored. Check your network, then join again "
         "with the code.");
    return;
  }
  std::int64_t delay = config_.first_retry_ms;
  for (int i = 1; i < retry_attempt_ && delay < config_.max_retry_ms; ++i) delay *= 2;
  next_retry_ms_ = now_ms + std::min(delay, config_.max_retry_ms);
}

void ClientSession::play_demo(std::uint32_t my_id, const std::string& my_name, const std::vector<Message>& messages,
                              std::int64_t now_ms) {
  demo_ = true;
  status_ = SessionStatus::InSession;
  my_id_ = my_id;
  my_name_ = my_name;
  session_code_ = "DEMO00";
  for (const Message& message : messages) on_message(message, now_ms);
}

bool ClientSession::send(const Message& message) {
  if (demo_ && status_ == SessionStatus::InSession) {
    demo_sent_.push_back(message);
    return true;
  }
  if (!connection_ || status_ != SessionStatus::InSession) return false;
  // Motion inputs are resent in every packet, so losing one is fine.
  const Channel channel = std::holds_alternative<InStepInput>(message) ? Channel::Motion : Channel::Reliable;
  return connection_->send(message, channel);
}

bool ClientSession::send_chat(const std::string& text) {
  const std::string line = clean_line(text, kMaxChatBytes);
  return !line.empty() && send(ChatPost{line});
}

bool ClientSession::send_gesture(Gesture gesture) { return send(GesturePost{gesture}); }

bool ClientSession::send_reflection(std::uint32_t about, std::uint8_t ios, std::uint8_t kudos) {
  if (ios < kIosMin || ios > kIosMax || kudos > kKudosCount) return false;
  const ReflectionAnswer answer{about, ios, kudos};
  if (!send(answer)) return false;
  view_.note_reflection(answer);
  return true;
}

bool ClientSession::set_break(bool on) { return send(BreakRequest{on}); }

bool ClientSession::report_partner(std::uint32_t player, const std::string& text) {
  return send(ReportPartner{player, clean_line(text, kMaxTextBytes)});
}

bool ClientSession::host_command(HostAction action, std::uint32_t target, std::uint16_t seconds, bool bar_name,
                                 const std::string& text) {
  if (!hosting_ || host_token_.empty()) return false;
  const std::string line = clean_line(text, kMaxTextBytes);
  if (action == HostAction::Broadcast && line.empty()) return false;
  return send(HostCommand{host_token_, action, target, seconds, bar_name, line});
}

const RosterEntry* ClientSession::entry(std::uint32_t player) const {
  const auto it = roster_.entries().find(player);
  return it == roster_.entries().end() ? nullptr : &it->second;
}

std::string ClientSession::name_of(std::uint32_t player) const {
  const RosterEntry* e = entry(player);
  return e ? e->name : std::string("someone");
}

bool ClientSession::on_break() const {
  const RosterEntry* me = entry(my_id_);
  return me && me->status == PlayerStatus::OnBreak;
}

void ClientSession::on_message(const Message& message, std::int64_t now_ms) {
  if (view_.apply(message, now_ms)) {
    if (const auto* notice = std::get_if<Notice>(&message); notice && notice->kind == NoticeKind::Kicked) {
      // Removed by the host: back to the connect screen with the host's words, no retry.
      refused_ = true;
      fail(notice->text);
    }
    return;
  }
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Welcome>) {
          my_id_ = m.player_id;
          token_ = m.reconnect_token;
          if (status_ == SessionStatus::Reconnecting && view_.phase() == SessionPhase::Reflection) {
            // Back in the seat: an answer in flight when the line dropped may be lost, so
            // send this rotation's answers again (the server keeps the newest, kudos once).
            for (const auto& [about, answer] : view_.reflections_sent()) (void)connection_->send(answer);
          }
          if (status_ == SessionStatus::Connecting) {
            status_ = SessionStatus::Entering;
            if (intent_ == Intent::Host) {
              CreateSession create;
              create.program = wanted_program_;
              net::add_key_proof(create, key_, m.key_challenge);
              (void)connection_->send(create);
            } else {
              JoinSession join;
              join.join_code = wanted_code_;
              join.name = profile_.name;
              join.team = profile_.team;
              join.role = profile_.role;
              join.avatar = profile_.avatar;
              (void)connection_->send(join);
            }
          }
        } else if constexpr (std::is_same_v<T, SessionCreated>) {
          session_code_ = m.join_code;
          host_token_ = m.host_token;
          program_ = m.program;
          hosting_ = true;
          status_ = SessionStatus::InSession;
          retry_attempt_ = 0;
        } else if constexpr (std::is_same_v<T, JoinAccepted>) {
          session_code_ = m.join_code;
          my_id_ = m.player_id;
          my_name_ = m.name;
          program_ = m.program;
          status_ = SessionStatus::InSession;
          retry_attempt_ = 0;
        } else if constexpr (std::is_same_v<T, RosterUpdate>) {
          (void)roster_.apply(m);  // a skipped revision is followed by a reset from the server
        } else if constexpr (std::is_same_v<T, Refuse>) {
          refused_ = true;
          fail(m.text);
        } else if constexpr (std::is_same_v<T, Error>) {
          if (status_ == SessionStatus::Entering) {
            fail(m.text);
          } else {
            notice_ = m.text;
            view_.add_error(m.text, now_ms);
          }
        }
      },
      message);
}

std::size_t ClientSession::participant_count() const {
  return static_cast<std::size_t>(std::count_if(roster_.entries().begin(), roster_.entries().end(),
                                                [](const auto& kv) { return kv.second.status != PlayerStatus::Host; }));
}

const RosterEntry* ClientSession::host_entry() const {
  for (const auto& [id, entry] : roster_.entries()) {
    if (entry.status == PlayerStatus::Host) return &entry;
  }
  return nullptr;
}

std::string ClientSession::status_line(std::int64_t now_ms) const {
  switch (status_) {
    case SessionStatus::Idle: return "Not connected";
    case SessionStatus::Connecting: return "Connecting to " + server_text_ + "…";
    case SessionStatus::Entering: return hosting_ ? "Creating your session…" : "Joining session " + wanted_code_ + "…";
    case SessionStatus::InSession: return "Connected";
    case SessionStatus::Reconnecting: {
      std::string line = "Reconnecting… (try " + std::to_string(retry_attempt_) + ")";
      if (next_retry_ms_ && *next_retry_ms_ > now_ms) {
        const std::int64_t seconds = (*next_retry_ms_ - now_ms + kMsPerSecond - 1) / kMsPerSecond;
        line = "Connection lost. Reconnecting in " + std::to_string(seconds) + " s (try " +
               std::to_string(retry_attempt_) + ")";
      }
      return line;
    }
    case SessionStatus::Failed: return last_error_;
  }
  return {};
}

}  // namespace rapport::client
