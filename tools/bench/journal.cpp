// Journal benchmark (docs/DURABILITY.md):
//  1. records a realistic journal: rapport-server + 40 bots play the 45-minute
//     team-building program at a high time scale; the server is killed (-9)
//     near the end, so the session is live with every chat line in it;
//  2. appends/s with synchronous=FULL against synchronous=OFF and an in-memory
//     database, same events, same run (the ratio is the cost of durability);
//  3. replay: reading + decoding the journal, and ServerCore::restore of it;
//  4. restart-to-serving: kill -9, start rapport-server on the journal, time to
//     the first Welcome for a Hello (median of several restarts).
//   rapport-bench-journal [players=40] [time-scale=200] [restarts=5]
#include "rapport/server/journal_store.hpp"
#include "rapport/server/server_core.hpp"

#include "rapport/build_info.hpp"
#include "rapport/rapport/rapport_model_config.hpp"

#include <enet/enet.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace rapport;
using namespace rapport::server;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::string bin_dir() {
  char buf[4096] = {0};
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  std::string path(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  return path.substr(0, path.rfind('/'));
}

pid_t spawn(const std::vector<std::string>& args, const std::string& log) {
  std::fflush(nullptr);  // or the child repeats what is still buffered
  const pid_t pid = fork();
  if (pid == 0) {
    if (FILE* f = std::freopen(log.c_str(), "w", stdout)) (void)f;
    if (FILE* f = std::freopen(log.c_str(), "a", stderr)) (void)f;
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

void kill_hard(pid_t pid) {
  ::kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

void remove_db(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// Hello -> Welcome over ENet; returns true when a Welcome arrived before the deadline.
bool hello_until_welcome(int port, Clock::time_point deadline) {
  ENetHost* client = enet_host_create(nullptr, 1, kChannelCount, 0, 0);
  if (!client) return false;
  bool welcomed = false;
  while (!welcomed && Clock::now() < deadline) {
    ENetAddress address{};
    enet_address_set_host_ip(&address, "127.0.0.1");
    address.port = static_cast<enet_uint16>(port);
    ENetPeer* peer = enet_host_connect(client, &address, kChannelCount, 0);
    const auto attempt_until = std::min(deadline, Clock::now() + std::chrono::milliseconds(40));
    bool connected = false;
    ENetEvent event;
    while (!welcomed && Clock::now() < attempt_until) {
      if (enet_host_service(client, &event, 1) <= 0) continue;
      if (event.type == ENET_EVENT_TYPE_CONNECT) {
        connected = true;
        Hello hello;
        hello.name = "Bench";
        const auto bytes = encode(hello);
        ENetPacket* packet = enet_packet_create(bytes.data(), bytes.size(), ENET_PACKET_FLAG_RELIABLE);
        enet_peer_send(peer, 0, packet);
      } else if (event.type == ENET_EVENT_TYPE_RECEIVE) {
        const auto decoded = decode({event.packet->data, event.packet->dataLength});
        welcomed = decoded.ok() && std::holds_alternative<Welcome>(*decoded.message);
        enet_packet_destroy(event.packet);
      } else if (event.type == ENET_EVENT_TYPE_DISCONNECT) {
        break;
      }
    }
    if (!connected || !welcomed) enet_peer_reset(peer);
  }
  enet_host_destroy(client);
  return welcomed;
}

double append_rate(const std::string& path, JournalStore::Durability durability, const std::vector<SessionEvent>& events,
                   std::size_t count, Logger& log) {
  if (path != ":memory:") remove_db(path);
  std::string error;
  auto store = JournalStore::open(path, log, &error, durability);
  if (!store) {
    std::fprintf(stderr, "%s\n", error.c_str());
    std::exit(1);
  }
  const auto start = Clock::now();
  for (std::size_t i = 0; i < count; ++i) (void)store->append("BENCH1", events[i % events.size()]);
  const double seconds = ms_since(start) / 1000.0;
  return static_cast<double>(count) / seconds;
}

std::shared_ptr<RoundContent> load_round_content(const std::string& assets) {
  auto content = std::make_shared<RoundContent>();
  for (const auto audience : {Audience::TeamBuilding, Audience::Onboarding, Audience::Classroom}) {
    auto deck = load_deck(assets + "/decks/" + std::string(audience_id(audience)) + ".json");
    if (deck.ok() && deck.deck) content->decks.emplace(audience, std::move(*deck.deck));
  }
  content->scenarios = load_scenarios(assets + "/scenarios").scenarios;
  return content;
}

class NullTransport final : public Transport {
 public:
  void send(ConnectionId, const Message&, Channel) override {}
  void close(ConnectionId) override {}
};

}  // namespace

int main(int argc, char** argv) {
  const int players = argc > 1 ? std::atoi(argv[1]) : 40;
  const double scale = argc > 2 ? std::atof(argv[2]) : 200;
  const int restarts = argc > 3 ? std::atoi(argv[3]) : 5;
  const std::string assets = std::getenv("RAPPORT_ASSETS") ? std::getenv("RAPPORT_ASSETS") : build::kAssetsDir;
  const auto dir = std::filesystem::temp_directory_path() / ("rapport-bench-journal-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "recorded.db").string();
  const int port = 30000 + static_cast<int>(::getpid() % 20000);
  const std::vector<std::string> server_args = {bin_dir() + "/rapport-server", "--port", std::to_string(port), "--bind",
                                                "127.0.0.1", "--time-scale", std::to_string(scale), "--db", db,
                                                "--report-dir", (dir / "reports").string(), "--log-level", "warn",
                                                "--restart-hold", "0"};
  Logger log(LogLevel::Off);
  if (enet_initialize() != 0) return 1;

  // 1. Record: the whole team-building program, killed at 95% of its length.
  const double program_s = 44.75 * 60 / scale;
  std::printf("recording: %d bots, team-building (45 min of game time) at x%.0f (~%.0f s), kill -9 in the last reflection...\n", players, scale, program_s);
  std::fflush(stdout);
  pid_t server = spawn(server_args, (dir / "server.log").string());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const pid_t bots = spawn({bin_dir() + "/rapport-bots", "--server", "127.0.0.1:" + std::to_string(port), "--host",
                            "--program", "team-building", "--players", std::to_string(players), "--seed", "3",
                            "--style", "mixed", "--time-scale", std::to_string(scale), "--timeout", "300"},
                           (dir / "bots.log").string());
  // Kill when the last rotation's reflection has begun: nearly everything is in.
  const auto deadline = Clock::now() + std::chrono::seconds(static_cast<int>(program_s * 3) + 30);
  for (bool near_end = false; !near_end && Clock::now() < deadline;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::string why;
    auto reader = JournalStore::open(db, log, &why);
    if (!reader) continue;
    for (const auto& session : reader->live_sessions()) {
      const auto reflections = std::count_if(session.events.begin(), session.events.end(), [](const SessionEvent& e) {
        return std::holds_alternative<ReflectionStarted>(e.body);
      });
      const std::size_t rotations = session.events.empty() ? 0
          : std::get<SessionOpened>(session.events.front().body).program.rotations.size();
      near_end = rotations > 0 && static_cast<std::size_t>(reflections) >= rotations;
    }
  }
  kill_hard(server);
  kill_hard(bots);

  std::string error;
  std::vector<SessionEvent> events;
  std::string code;
  {
    auto store = JournalStore::open(db, log, &error);
    if (!store) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
    auto sessions = store->live_sessions();
    if (sessions.empty()) {
      std::fprintf(stderr, "no live session was recorded (see %s)\n", dir.c_str());
      return 1;
    }
    code = sessions[0].code;
    events = sessions[0].events;
  }
  std::size_t chats = 0;
  for (const auto& e : events) chats += std::holds_alternative<ChatSent>(e.body) ? 1u : 0u;
  const auto db_bytes = std::filesystem::file_size(db) +
                        (std::filesystem::exists(db + "-wal") ? std::filesystem::file_size(db + "-wal") : 0);
  std::printf("recorded session %s: %zu events (%zu chat lines), %.1f KiB on disk\n", code.c_str(), events.size(), chats,
              static_cast<double>(db_bytes) / 1024.0);

  // 2. Appends/s, same events.
  const std::size_t full_n = std::min<std::size_t>(events.size(), 1000);
  const double full = append_rate((dir / "full.db").string(), JournalStore::Durability::Full, events, full_n, log);
  const double off = append_rate((dir / "off.db").string(), JournalStore::Durability::Off, events, events.size(), log);
  const double memory = append_rate(":memory:", JournalStore::Durability::Off, events, events.size(), log);
  std::printf("appends/s: synchronous=FULL %.0f (%zu events), synchronous=OFF %.0f, in-memory %.0f; FULL/OFF = %.3f, FULL/memory = %.3f\n",
              full, full_n, off, memory, full / off, full / memory);
  const double session_s = 44.75 * 60;
  std::printf("this session needed %.2f appends/s on average; FULL headroom x%.0f\n",
              static_cast<double>(events.size()) / session_s, full / (static_cast<double>(events.size()) / session_s));

  // 3. Replay: decode, then a full ServerCore::restore (as the server does it).
  {
    const std::string copy = (dir / "replay.db").string();
    remove_db(copy);
    std::filesystem::copy_file(db, copy);
    if (std::filesystem::exists(db + "-wal")) std::filesystem::copy_file(db + "-wal", copy + "-wal");
    auto store = JournalStore::open(copy, log, &error);
    auto t0 = Clock::now();
    const auto sessions = store->live_sessions();
    const double decode_ms = ms_since(t0);
    ServerConfig config;
    config.model_config = load_model_config(assets).config;
    config.round_content = load_round_content(assets);
    config.report_dir = (dir / "reports").string();
    NullTransport transport;
    SecureRandom random;
    ServerCore core(config, transport, log, random);
    core.attach_store(*store);
    t0 = Clock::now();
    const std::size_t restored = core.restore(store->load_clock());
    const double restore_ms = ms_since(t0);
    std::printf("replay: read+decode %zu events %.1f ms (%.2f us/event); ServerCore::restore %.1f ms (%zu session, includes journaling %zu seats as away)\n",
                sessions.empty() ? 0 : sessions[0].events.size(), decode_ms,
                decode_ms * 1000.0 / static_cast<double>(std::max<std::size_t>(1, events.size())), restore_ms, restored,
                static_cast<std::size_t>(players + 1));
  }

  // 4. Restart to serving: start on the journal, first Welcome; kill -9; again.
  std::vector<double> times;
  for (int i = 0; i < restarts; ++i) {
    const auto t0 = Clock::now();
    server = spawn(server_args, (dir / "restart.log").string());
    const bool ok = hello_until_welcome(port, t0 + std::chrono::seconds(20));
    const double ms = ms_since(t0);
    kill_hard(server);
    if (!ok) {
      std::fprintf(stderr, "restart %d: no Welcome within 20 s (see %s)\n", i + 1, dir.c_str());
      return 1;
    }
    times.push_back(ms);
  }
  std::sort(times.begin(), times.end());
  std::printf("restart-to-serving (kill -9, start on the journal, first Welcome): median %.0f ms, min %.0f, max %.0f over %d restarts\n",
              times[times.size() / 2], times.front(), times.back(), restarts);
  std::filesystem::remove_all(dir);
  return 0;
}
