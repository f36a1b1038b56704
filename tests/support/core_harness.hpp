#pragma once
// Drives ServerCore with no sockets: an in-memory Transport that records what
// each connection was sent, a deterministic RandomSource, the real content from
// assets/, and a journal that counts accepted events.
#include "rapport/server/report.hpp"
#include "rapport/server/server_core.hpp"
#include "test_key.hpp"

#include "rapport/build_info.hpp"
#include "rapport/content/program.hpp"
#include "rapport/rapport/rapport_model_config.hpp"
#include "rapport/rounds/round_play.hpp"

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <span>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace rapport::test {

inline std::string assets_dir() {
  if (const char* env = std::getenv("RAPPORT_ASSETS")) return env;
  return build::kAssetsDir;
}

class MemoryTransport final : public server::Transport {
 public:
  void send(server::ConnectionId connection, const Message& message, Channel) override {
    sent[connection].push_back(message);
  }
  void close(server::ConnectionId connection) override { closed.push_back(connection); }
  std::map<server::ConnectionId, std::vector<Message>> sent;
  std::vector<server::ConnectionId> closed;
};

// Counting bytes: deterministic join codes and tokens.
class CountingRandom final : public server::RandomSource {
 public:
  std::vector<std::uint8_t> bytes(std::size_t count) override {
    std::vector<std::uint8_t> out(count);
    for (auto& b : out) b = static_cast<std::uint8_t>(next_++ * 37u + 11u);
    return out;
  }

 private:
  std::uint32_t next_ = 0;
};

inline server::ServerConfig load_config() {
  server::ServerConfig config;
  const std::string assets = assets_dir();
  auto catalog = load_program_dir(assets + "/programs");
  if (!catalog.errors.empty()) throw std::runtime_error(catalog.errors.front());
  config.programs = std::move(catalog.programs);
  auto model = load_model_config(assets);
  if (!model.config) throw std::runtime_error(model.error);
  config.model_config = std::move(model.config);
  auto content = std::make_shared<RoundContent>();
  for (const auto audience : {Audience::TeamBuilding, Audience::Onboarding, Audience::Classroom}) {
    auto deck = load_deck(assets + "/decks/" + std::string(audience_id(audience)) + ".json");
    if (!deck.ok() || !deck.deck) throw std::runtime_error("deck did not load");
    content->decks.emplace(audience, std::move(*deck.deck));
  }
  auto scenarios = load_scenarios(assets + "/scenarios");
  content->scenarios = std::move(scenarios.scenarios);
  config.round_content = content;
  config.report_dir = (std::filesystem::temp_directory_path() / "rapport-core-reports").string();
  config.facilitator_key = test_facilitator_key();
  return config;
}

// One ServerCore plus helpers to greet, create, join and send.
class CoreHarness {
 public:
  CoreHarness() : CoreHarness(load_config()) {}
  explicit CoreHarness(server::ServerConfig config)
      : log(server::LogLevel::Off), core(std::move(config), transport, log, random) {
    core.set_journal([this](const std::string&, std::span<const SessionEvent> batch) {
      if (journal_fails || (journal_hook && !journal_hook(batch))) return false;
      events += batch.size();
      return true;
    });
  }

  void connect(server::ConnectionId id, const std::string& address = "10.0.0.1") { core.on_connect(id, address, now); }
  void send(server::ConnectionId id, const Message& message) { core.on_packet(id, encode(message), now); }
  void hello(server::ConnectionId id, const std::string& name, ClientKind kind = ClientKind::Participant) {
    connect(id);
    send(id, Hello{kProtocolVersion, name, kind, ""});
  }
  // A facilitator on `id` creates a session; returns {code, host token}.
  std::pair<std::string, std::string> create(server::ConnectionId id, const std::string& program = "quick-icebreaker") {
    hello(id, "Host", ClientKind::Facilitator);
    send(id, keyed_create(id, program));
    for (const auto& m : transport.sent[id]) {
      if (const auto* created = std::get_if<SessionCreated>(&m)) return {created->join_code, created->host_token};
    }
    throw std::runtime_error("no SessionCreated");
  }
  // A CreateSession that proves the test key on `id` (after its hello).
  CreateSession keyed_create(server::ConnectionId id, const std::string& program = "quick-icebreaker") {
    const Welcome* welcome = last<Welcome>(id);
    if (!welcome) throw std::runtime_error("no Welcome");
    return keyed(CreateSession{program, Audience::TeamBuilding, PairingMode::Any, false, false}, *welcome);
  }
  void join(server::ConnectionId id, const std::string& name, const std::string& code) {
    hello(id, name);
    send(id, JoinSession{code, name, "", "", Avatar{}});
  }
  std::uint32_t player_id(server::ConnectionId id) {
    for (const auto& m : transport.sent[id]) {
      if (const auto* w = std::get_if<Welcome>(&m)) return w->player_id;
    }
    return 0;
  }
  void advance(std::int64_t ms, std::int64_t step = 50) {
    for (std::int64_t t = 0; t < ms; t += step) {
      now += step;
      core.tick(now);
    }
  }
  template <class T>
  [[nodiscard]] const T* last(server::ConnectionId id) {
    const auto& list = transport.sent[id];
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
      if (const auto* m = std::get_if<T>(&*it)) return m;
    }
    return nullptr;
  }

  MemoryTransport transport;
  CountingRandom random;
  server::Logger log;
  server::ServerCore core;
  std::size_t events = 0;
  bool journal_fails = false;  // simulates a journal that cannot be written (disk full, I/O error)
  // Sees every batch before it is kept; false refuses it.
  std::function<bool(std::span<const SessionEvent>)> journal_hook;
  std::int64_t now = 1000;
};

}  // namespace rapport::test
