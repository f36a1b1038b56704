#pragma once
// The durable journal: every accepted session event in an SQLite file (WAL,
// synchronous=FULL), appended and committed before its effects go out, so a
// server killed at any moment restarts where it was. Also keeps who met whom
// per organisation across sessions, and purges chat text when a session ends.
#include "rapport/server/logger.hpp"
#include "rapport/session/session_events.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

struct sqlite3;

namespace rapport::server {

// One pair of people (by name_key, a < b) of an organisation and how often they met.
struct OrgPair {
  std::string a, b;
  int times = 0;
  friend bool operator==(const OrgPair&, const OrgPair&) = default;
};

// A session as the journal holds it.
struct StoredSession {
  std::string code;
  std::string org;
  bool keep_chat = false;
  std::vector<SessionEvent> events;  // in append order
  std::size_t skipped = 0;           // rows that could not be read (logged)
};

class JournalStore {
 public:
  enum class Durability { Full, Off };  // Off: for the benchmark's baseline only

  // Opens (creating if needed) the journal at `path` (":memory:" for tests).
  // Returns nullptr and sets `error` to a readable reason when it cannot.
  static std::unique_ptr<JournalStore> open(const std::string& path, Logger& log, std::string* error,
                                            Durability durability = Durability::Full);
  ~JournalStore();
  JournalStore(const JournalStore&) = delete;
  JournalStore& operator=(const JournalStore&) = delete;

  // Appends one event of session `code` in its own transaction; durable when it
  // returns true. A SessionOpened also records the session (with `org`).
  bool append(const std::string& code, const SessionEvent& event, const std::string& org = {});
  // Appends a batch (the events of one decision) in one transaction: all are
  // durable when it returns true, none when it returns false.
  bool append_all(const std::string& code, std::span<const SessionEvent> events, const std::string& org = {});
  // Every session not marked ended, with its events (unreadable rows skipped and logged).
  [[nodiscard]] std::vector<StoredSession> live_sessions();
  [[nodiscard]] std::size_t event_count(const std::string& code);
  // The readable events of one session, ended or not; `skipped` counts the unreadable ones.
  [[nodiscard]] std::vector<SessionEvent> events_of(const std::string& code, std::size_t* skipped = nullptr);
  // Closes a session in one transaction: marks it ended, adds the pairs who met
  // to its organisation's history, and (unless keep_chat) removes chat text.
  bool finish_session(const std::string& code, const std::vector<OrgPair>& met, bool keep_chat);
  // Who met whom in earlier sessions of `org`.
  [[nodiscard]] std::vector<OrgPair> org_history(const std::string& org);

  // The game clock, saved often (without fsync) so timers continue after a restart.
  void save_clock(std::int64_t game_ms);
  [[nodiscard]] std::int64_t load_clock();

  // For tests and tools: runs raw SQL (returns false and logs on error).
  bool exec(const std::string& sql);

 private:
  JournalStore(sqlite3* db, Logger& log);
  struct Statements;
  sqlite3* db_;
  Logger& log_;
  std::unique_ptr<Statements> st_;
  std::map<std::string, std::int64_t> next_seq_;
  bool full_sync_ = true;
};

}  // namespace rapport::server
