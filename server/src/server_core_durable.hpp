#pragma once
// ServerCore's durability state (private to the server library): which sessions
// are journaled where, the restart holds, and the organisation history cache.
#include "rapport/server/server_core.hpp"

#include <map>
#include <set>
#include <string>
#include <utility>

namespace rapport::server {

struct ServerCore::Durable {
  JournalStore* store = nullptr;
  // A restored session stays paused until these seats are back, or until `until_ms`.
  struct Hold {
    std::int64_t until_ms = 0;
    std::set<std::uint32_t> waiting;
  };
  std::map<std::string, Hold> holds;
  std::map<std::string, std::map<std::uint32_t, std::string>> name_keys;  // code -> player -> name_key
  std::map<std::string, std::string> org_of;                               // code -> organisation
  std::set<std::string> closed;                                            // ended and finished in the store
  // Organisation -> (name_key a, name_key b) -> times met, loaded on first use.
  std::map<std::string, std::map<std::pair<std::string, std::string>, int>> org_pairs;
  std::int64_t clock_saved_ms = -1;
};

}  // namespace rapport::server
