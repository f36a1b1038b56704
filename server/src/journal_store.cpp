#include "rapport/server/journal_store.hpp"

#include "rapport/protocol/wire.hpp"

#include <cereal/archives/portable_binary.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <span>
#include <sstream>
#include <stdexcept>

// Events hold plain enums (cereal's load_minimal path), which needs the
// bounded reader paired with the writer.
namespace cereal::traits::detail {
template <>
struct get_output_from_input<rapport::wire::BoundedInputArchive> {
  using type = cereal::PortableBinaryOutputArchive;
};
}  // namespace cereal::traits::detail

namespace rapport::server {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS sessions (
  code TEXT PRIMARY KEY,
  org TEXT NOT NULL DEFAULT '',
  opened_ms INTEGER NOT NULL,
  keep_chat INTEGER NOT NULL DEFAULT 0,
  ended INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
  code TEXT NOT NULL,
  seq INTEGER NOT NULL,
  t_ms INTEGER NOT NULL,
  type INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (code, seq)
);
CREATE TABLE IF NOT EXISTS org_meetings (
  org TEXT NOT NULL,
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  times INTEGER NOT NULL,
  PRIMARY KEY (org, a, b)
);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
)";

template <class T>
int type_of_body() {
  return static_cast<int>(SessionEventBody(std::in_place_type<T>).index());
}

std::string encode(const SessionEvent& event) {
  std::ostringstream out(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive archive(out, cereal::PortableBinaryOutputArchive::Options::LittleEndian());
    archive(event);
  }
  return out.str();
}

// Throws on a blob that is not a SessionEvent (truncated, unknown variant
// index, trailing bytes); the bounded archive never trusts a length prefix.
SessionEvent decode(const void* data, int size) {
  if (!data || size <= 0) throw std::runtime_error("empty row");
  wire::BoundedInputArchive archive(
      std::span<const std::uint8_t>(static_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size)));
  SessionEvent event;
  archive(event);
  if (archive.remaining() != 0) throw std::runtime_error("trailing bytes");
  return event;
}

// A statement that resets itself when it goes out of scope.
class Step {
 public:
  explicit Step(sqlite3_stmt* s) : s_(s) {}
  ~Step() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Step(const Step&) = delete;
  Step& operator=(const Step&) = delete;
  sqlite3_stmt* operator*() const { return s_; }

 private:
  sqlite3_stmt* s_;
};

void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* s, int i) {
  const auto* p = sqlite3_column_text(s, i);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
           : std::string{};
}

}  // namespace

struct JournalStore::Statements {
  sqlite3_stmt* insert_event = nullptr;
  sqlite3_stmt* insert_session = nullptr;
  sqlite3_stmt* max_seq = nullptr;
  sqlite3_stmt* live = nullptr;
  sqlite3_stmt* events_of = nullptr;
  sqlite3_stmt* count = nullptr;
  sqlite3_stmt* end_session = nullptr;
  sqlite3_stmt* add_pair = nullptr;
  sqlite3_stmt* org_pairs = nullptr;
  sqlite3_stmt* text_rows = nullptr;
  sqlite3_stmt* rewrite = nullptr;
  sqlite3_stmt* save_clock = nullptr;
  sqlite3_stmt* load_clock = nullptr;
  sqlite3_stmt* max_t = nullptr;
  ~Statements() {
    for (auto* s : {insert_event, insert_session, max_seq, live, events_of, count, end_session, add_pair, org_pairs,
                    text_rows, rewrite, save_clock, load_clock, max_t}) {
      sqlite3_finalize(s);
    }
  }
};

std::unique_ptr<JournalStore> JournalStore::open(const std::string& path, Logger& log, std::string* error,
                                                 Durability durability) {
  sqlite3* db = nullptr;
  const auto fail = [&](const std::string& why) -> std::unique_ptr<JournalStore> {
    if (error) *error = "cannot use the journal '" + path + "': " + why;
    sqlite3_close(db);
    return nullptr;
  };
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    return fail(db ? sqlite3_errmsg(db) : "out of memory");
  }
  sqlite3_busy_timeout(db, 2000);
  const std::string sync = durability == Durability::Full ? "FULL" : "OFF";
  const std::string setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=" + sync + "; PRAGMA secure_delete=ON;" + kSchema;
  char* message = nullptr;
  if (sqlite3_exec(db, setup.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return fail(why + " (is it a Rapport journal, and is its folder writable?)");
  }
  std::unique_ptr<JournalStore> store(new JournalStore(db, log));
  store->full_sync_ = durability == Durability::Full;
  auto& st = *store->st_;
  const std::pair<sqlite3_stmt**, const char*> statements[] = {
      {&st.insert_event, "INSERT INTO events (code, seq, t_ms, type, body) VALUES (?1, ?2, ?3, ?4, ?5)"},
      {&st.insert_session, "INSERT OR REPLACE INTO sessions (code, org, opened_ms, keep_chat, ended) VALUES (?1, ?2, ?3, ?4, 0)"},
      {&st.max_seq, "SELECT COALESCE(MAX(seq), 0) FROM events WHERE code = ?1"},
      {&st.live, "SELECT code, org, keep_chat FROM sessions WHERE ended = 0 ORDER BY opened_ms, code"},
      {&st.events_of, "SELECT seq, body FROM events WHERE code = ?1 ORDER BY seq"},
      {&st.count, "SELECT COUNT(*) FROM events WHERE code = ?1"},
      {&st.end_session, "UPDATE sessions SET ended = 1 WHERE code = ?1"},
      {&st.add_pair, "INSERT INTO org_meetings (org, a, b, times) VALUES (?1, ?2, ?3, ?4) "
                     "ON CONFLICT (org, a, b) DO UPDATE SET times = times + excluded.times"},
      {&st.org_pairs, "SELECT a, b, times FROM org_meetings WHERE org = ?1 ORDER BY a, b"},
      {&st.text_rows, "SELECT seq, body FROM events WHERE code = ?1 AND type IN (?2, ?3, ?4)"},
      {&st.rewrite, "UPDATE events SET body = ?3 WHERE code = ?1 AND seq = ?2"},
      {&st.save_clock, "INSERT INTO meta (key, value) VALUES ('clock_ms', ?1) "
                       "ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)"},
      {&st.load_clock, "SELECT value FROM meta WHERE key = 'clock_ms'"},
      {&st.max_t, "SELECT COALESCE(MAX(t_ms), 0) FROM events"},
  };
  for (const auto& [slot, sql] : statements) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, nullptr) != SQLITE_OK) {
      if (error) *error = "cannot use the journal '" + path + "': " + sqlite3_errmsg(db);
      return nullptr;
    }
  }
  return store;
}

JournalStore::JournalStore(sqlite3* db, Logger& log) : db_(db), log_(log), st_(std::make_unique<Statements>()) {}

JournalStore::~JournalStore() {
  st_.reset();
  sqlite3_close(db_);
}

bool JournalStore::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return true;
  log_.error(std::string("journal: ") + (message ? message : sqlite3_errmsg(db_)));
  sqlite3_free(message);
  return false;
}

bool JournalStore::append(const std::string& code, const SessionEvent& event, const std::string& org) {
  return append_all(code, std::span<const SessionEvent>(&event, 1), org);
}

bool JournalStore::append_all(const std::string& code, std::span<const SessionEvent> events, const std::string& org) {
  if (events.empty()) return true;
  auto seq_it = next_seq_.find(code);
  if (seq_it == next_seq_.end()) {
    Step s(st_->max_seq);
    bind_text(*s, 1, code);
    const std::int64_t last = sqlite3_step(*s) == SQLITE_ROW ? sqlite3_column_int64(*s, 0) : 0;
    seq_it = next_seq_.emplace(code, last + 1).first;
  }
  // One event is its own (autocommit) transaction; a batch, or an opening
  // with its session row, is one explicit transaction: all of it or nothing.
  const bool opens = std::any_of(events.begin(), events.end(),
                                 [](const SessionEvent& e) { return std::holds_alternative<SessionOpened>(e.body); });
  const bool explicit_tx = opens || events.size() > 1;
  if (explicit_tx && !exec("BEGIN IMMEDIATE")) return false;
  const std::int64_t first_seq = seq_it->second;
  bool ok = true;
  for (const SessionEvent& event : events) {
    if (const auto* opened = std::get_if<SessionOpened>(&event.body)) {
      Step s(st_->insert_session);
      bind_text(*s, 1, code);
      bind_text(*s, 2, org);
      sqlite3_bind_int64(*s, 3, event.t_ms);
      sqlite3_bind_int(*s, 4, opened->keep_chat ? 1 : 0);
      ok = sqlite3_step(*s) == SQLITE_DONE;
    }
    const std::string body = encode(event);
    for (int attempt = 0; ok && attempt < 2; ++attempt) {
      Step s(st_->insert_event);
      bind_text(*s, 1, code);
      sqlite3_bind_int64(*s, 2, seq_it->second);
      sqlite3_bind_int64(*s, 3, event.t_ms);
      sqlite3_bind_int(*s, 4, static_cast<int>(event.body.index()));
      sqlite3_bind_blob(*s, 5, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
      const int rc = sqlite3_step(*s);
      if (rc == SQLITE_DONE) break;
      ok = false;
      if (rc == SQLITE_CONSTRAINT && attempt == 0) {
        // Someone else wrote rows for this session: continue after the last one.
        Step m(st_->max_seq);
        bind_text(*m, 1, code);
        if (sqlite3_step(*m) == SQLITE_ROW) seq_it->second = sqlite3_column_int64(*m, 0) + 1;
        ok = true;
      }
    }
    if (!ok) break;
    ++seq_it->second;
  }
  if (ok && explicit_tx) ok = exec("COMMIT");
  if (!ok) {
    log_.error("journal: could not append " + std::to_string(events.size()) + " event(s) of session " + code + ": " +
               sqlite3_errmsg(db_) + " (refused: nothing of it was applied or sent)");
    if (explicit_tx) exec("ROLLBACK");
    seq_it->second = first_seq;
    // The next append asks the table again, in case part of it did land.
    next_seq_.erase(seq_it);
    return false;
  }
  return true;
}

std::vector<StoredSession> JournalStore::live_sessions() {
  std::vector<StoredSession> out;
  {
    Step s(st_->live);
    while (sqlite3_step(*s) == SQLITE_ROW) {
      StoredSession session;
      session.code = column_text(*s, 0);
      session.org = column_text(*s, 1);
      session.keep_chat = sqlite3_column_int(*s, 2) != 0;
      out.push_back(std::move(session));
    }
  }
  for (auto& session : out) session.events = events_of(session.code, &session.skipped);
  return out;
}

std::vector<SessionEvent> JournalStore::events_of(const std::string& code, std::size_t* skipped) {
  std::vector<SessionEvent> events;
  Step s(st_->events_of);
  bind_text(*s, 1, code);
  while (sqlite3_step(*s) == SQLITE_ROW) {
    const std::int64_t seq = sqlite3_column_int64(*s, 0);
    try {
      if (sqlite3_column_type(*s, 1) != SQLITE_BLOB) throw std::runtime_error("not a blob");
      events.push_back(decode(sqlite3_column_blob(*s, 1), sqlite3_column_bytes(*s, 1)));
    } catch (const std::exception& e) {
      if (skipped) ++*skipped;
      log_.warn("journal: session " + code + " event #" + std::to_string(seq) + " cannot be read (" + e.what() +
                "); skipped");
    }
  }
  return events;
}

std::size_t JournalStore::event_count(const std::string& code) {
  Step s(st_->count);
  bind_text(*s, 1, code);
  return sqlite3_step(*s) == SQLITE_ROW ? static_cast<std::size_t>(sqlite3_column_int64(*s, 0)) : 0;
}

bool JournalStore::finish_session(const std::string& code, const std::vector<OrgPair>& met, bool keep_chat) {
  std::string org;
  {
    Step s(st_->live);
    while (sqlite3_step(*s) == SQLITE_ROW) {
      if (column_text(*s, 0) == code) org = column_text(*s, 1);
    }
  }
  if (!exec("BEGIN IMMEDIATE")) return false;
  bool ok = true;
  {
    Step s(st_->end_session);
    bind_text(*s, 1, code);
    ok = sqlite3_step(*s) == SQLITE_DONE;
  }
  if (ok && !org.empty()) {
    for (const auto& pair : met) {
      Step s(st_->add_pair);
      bind_text(*s, 1, org);
      bind_text(*s, 2, pair.a < pair.b ? pair.a : pair.b);
      bind_text(*s, 3, pair.a < pair.b ? pair.b : pair.a);
      sqlite3_bind_int(*s, 4, pair.times);
      if (sqlite3_step(*s) != SQLITE_DONE) ok = false;
    }
  }
  if (ok && !keep_chat) {
    // Retention: what people typed does not outlive the session.
    std::vector<std::pair<std::int64_t, std::string>> rewritten;
    {
      Step s(st_->text_rows);
      bind_text(*s, 1, code);
      sqlite3_bind_int(*s, 2, type_of_body<ChatSent>());
      sqlite3_bind_int(*s, 3, type_of_body<CommonGroundProposed>());
      sqlite3_bind_int(*s, 4, type_of_body<RoundScored>());
      while (sqlite3_step(*s) == SQLITE_ROW) {
        try {
          SessionEvent event = decode(sqlite3_column_blob(*s, 1), sqlite3_column_bytes(*s, 1));
          if (auto* chat = std::get_if<ChatSent>(&event.body)) chat->text.clear();
          if (auto* proposal = std::get_if<CommonGroundProposed>(&event.body)) proposal->text.clear();
          if (auto* scored = std::get_if<RoundScored>(&event.body)) {
            scored->shared_items.assign(scored->shared_items.size(), std::string{});
          }
          rewritten.emplace_back(sqlite3_column_int64(*s, 0), encode(event));
        } catch (const std::exception&) {
          rewritten.emplace_back(sqlite3_column_int64(*s, 0), std::string{});  // unreadable: emptied
        }
      }
    }
    for (const auto& [seq, body] : rewritten) {
      Step s(st_->rewrite);
      bind_text(*s, 1, code);
      sqlite3_bind_int64(*s, 2, seq);
      sqlite3_bind_blob(*s, 3, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
      if (sqlite3_step(*s) != SQLITE_DONE) ok = false;
    }
  }
  if (!ok) {
    log_.error("journal: could not close session " + code + ": " + sqlite3_errmsg(db_));
    exec("ROLLBACK");
    return false;
  }
  if (!exec("COMMIT")) return false;
  // Old text must not linger in the write-ahead log either.
  if (!keep_chat) sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  next_seq_.erase(code);
  return true;
}

std::vector<OrgPair> JournalStore::org_history(const std::string& org) {
  std::vector<OrgPair> out;
  Step s(st_->org_pairs);
  bind_text(*s, 1, org);
  while (sqlite3_step(*s) == SQLITE_ROW) {
    out.push_back({column_text(*s, 0), column_text(*s, 1), sqlite3_column_int(*s, 2)});
  }
  return out;
}

void JournalStore::save_clock(std::int64_t game_ms) {
  // A hint for the next start, not an event: no fsync (WAL keeps it safe from
  // a process crash; a power cut only makes timers continue a little earlier).
  if (full_sync_) exec("PRAGMA synchronous=NORMAL");
  {
    Step s(st_->save_clock);
    sqlite3_bind_int64(*s, 1, game_ms);
    if (sqlite3_step(*s) != SQLITE_DONE) log_.warn(std::string("journal: could not save the clock: ") + sqlite3_errmsg(db_));
  }
  if (full_sync_) exec("PRAGMA synchronous=FULL");
}

std::int64_t JournalStore::load_clock() {
  std::int64_t clock = 0;
  {
    Step s(st_->load_clock);
    if (sqlite3_step(*s) == SQLITE_ROW) clock = sqlite3_column_int64(*s, 0);
  }
  Step s(st_->max_t);
  if (sqlite3_step(*s) == SQLITE_ROW) clock = std::max<std::int64_t>(clock, sqlite3_column_int64(*s, 0));
  return clock;
}

}  // namespace rapport::server
