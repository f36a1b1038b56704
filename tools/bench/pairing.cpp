// Pairing benchmark: how long one rotation takes for a conference hall, per
// pairing mode, against a plain shuffle-and-pair baseline measured in the same
// run. Prints a table for people and, last, one JSON line for scripts.
//
//   build/bin/rapport-bench-pairing [--players N] [--rotations R] [--seed S]
#include "rapport/pairing/pairing.hpp"
#include "rapport/util/rng.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kDefaultPlayers = 4000;
constexpr std::uint32_t kDefaultRotations = 10;
constexpr std::uint32_t kTeams = 20;            // a hall of twenty departments
constexpr std::uint32_t kPercentNewHires = 30;  // onboarding-heavy all-hands
constexpr std::uint32_t kPercentVeterans = 30;
constexpr std::uint32_t kLocksPerThousand = 5;         // host-locked pairs
constexpr std::uint32_t kDoNotPairPerThousand = 50;    // do-not-pair entries
constexpr int kBaselineRepeats = 25;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[index];
}

const char* mode_name(rapport::PairingMode mode) {
  switch (mode) {
    case rapport::PairingMode::Any: return "any";
    case rapport::PairingMode::MixTeams: return "mix-teams";
    case rapport::PairingMode::SameTeam: return "same-team";
    case rapport::PairingMode::MentorPairs: return "mentor";
    case rapport::PairingMode::kCount: break;
  }
  return "?";
}

const char* method_name(rapport::PairingMethod method) {
  switch (method) {
    case rapport::PairingMethod::Trivial: return "trivial";
    case rapport::PairingMethod::RoundRobin: return "round-robin";
    case rapport::PairingMethod::Exact: return "exact";
    case rapport::PairingMethod::Scalable: return "scalable";
    case rapport::PairingMethod::kCount: break;
  }
  return "?";
}

rapport::PairingRequest make_hall(std::uint32_t players, rapport::PairingMode mode, std::uint64_t seed) {
  rapport::Rng rng(seed);
  rapport::PairingRequest request;
  request.mode = mode;
  for (std::uint32_t i = 0; i < players; ++i) {
    const std::uint32_t roll = rng.below(100);
    std::string role = roll < kPercentNewHires ? "new-hire"
                       : roll < kPercentNewHires + kPercentVeterans ? "veteran"
                                                                    : "guest";
    request.players.push_back({1000 + i, "team-" + std::to_string(rng.below(kTeams)), role});
  }
  for (std::uint32_t k = 0; k < players * kLocksPerThousand / 1000; ++k) {
    request.locked_pairs.push_back({1000 + rng.below(players), 1000 + rng.below(players)});
  }
  for (std::uint32_t k = 0; k < players * kDoNotPairPerThousand / 1000; ++k) {
    request.do_not_pair.push_back({1000 + rng.below(players), 1000 + rng.below(players)});
  }
  return request;
}

// The upper bound on qualifying pairs with no history and no constraints,
// to show how close the conference-hall path gets.
int qualifying_bound(const rapport::PairingRequest& request) {
  const auto n = static_cast<int>(request.players.size());
  std::vector<int> team_sizes(kTeams, 0);
  int hires = 0;
  int veterans = 0;
  for (const auto& p : request.players) {
    ++team_sizes[static_cast<std::size_t>(std::stoi(p.team.substr(5)))];
    hires += p.role == "new-hire" ? 1 : 0;
    veterans += p.role == "veteran" ? 1 : 0;
  }
  const int largest = *std::max_element(team_sizes.begin(), team_sizes.end());
  int same = 0;
  for (int size : team_sizes) same += size / 2;
  switch (request.mode) {
    case rapport::PairingMode::MixTeams: return std::min(n / 2, n - largest) + (n % 2 == 1 ? 2 : 0);
    case rapport::PairingMode::SameTeam: return same + (n % 2 == 1 ? 3 : 0);
    case rapport::PairingMode::MentorPairs: return std::min(hires, veterans) + (n % 2 == 1 ? 2 : 0);
    default: return n / 2 + (n % 2 == 1 ? 2 : 0);
  }
}

struct ModeRun {
  std::vector<double> ms;
  int repeats = 0;
  int violations = 0;
  int first_qualifying = 0;
  int bound = 0;
  std::string methods;
};

ModeRun run_mode(std::uint32_t players, std::uint32_t rotations, rapport::PairingMode mode, std::uint64_t seed) {
  ModeRun run;
  rapport::PairingRequest request = make_hall(players, mode, seed);
  rapport::MeetingHistory history;
  request.history = &history;
  run.bound = qualifying_bound(request);
  for (std::uint32_t r = 0; r < rotations; ++r) {
    request.seed = seed * 1000 + r;
    const auto start = Clock::now();
    const rapport::PairingResult result = rapport::make_groups(request);
    run.ms.push_back(ms_since(start));
    for (const auto& group : result.groups) history.record(group);
    // Locked pairs meet every rotation by the host's choice; count only other repeats.
    int lock_repeats = 0;
    for (const auto& group : result.groups) {
      for (const auto& lock : request.locked_pairs) {
        const auto has = [&group](std::uint32_t id) {
          return std::find(group.members.begin(), group.members.end(), id) != group.members.end();
        };
        if (lock.a != lock.b && has(lock.a) && has(lock.b) && history.times_met(lock.a, lock.b) > 1) ++lock_repeats;
      }
    }
    run.repeats += result.repeat_pairs - lock_repeats;
    run.violations += result.constraint_violations;
    if (r == 0) run.first_qualifying = result.qualifying_pairs;
    const std::string method = method_name(result.method);
    if (run.methods.find(method) == std::string::npos) run.methods += (run.methods.empty() ? "" : "+") + method;
  }
  return run;
}

double baseline_shuffle_ms(std::uint32_t players, std::uint64_t seed) {
  std::vector<double> samples;
  for (int k = 0; k < kBaselineRepeats; ++k) {
    const auto start = Clock::now();
    rapport::Rng rng(seed + static_cast<std::uint64_t>(k));
    std::vector<std::uint32_t> ids(players);
    for (std::uint32_t i = 0; i < players; ++i) ids[i] = 1000 + i;
    for (std::uint32_t i = players; i > 1; --i) std::swap(ids[i - 1], ids[rng.below(i)]);
    std::vector<rapport::Group> groups;
    for (std::uint32_t i = 0; i + 1 < players; i += 2) groups.push_back({{ids[i], ids[i + 1]}});
    if (players % 2 == 1 && !groups.empty()) groups.back().members.push_back(ids.back());
    samples.push_back(ms_since(start));
    if (groups.empty() && players > 1) std::abort();  // keeps the work observable
  }
  return percentile(samples, 0.5);
}

// Milliseconds per rotation for rooms of other sizes (mix-teams, after three
// rotations), to show where the exact matching hands over to the hall path.
void print_room_sizes(std::uint64_t seed) {
  std::printf("\nroom size  method      p50 ms (mix-teams, rotation 4)\n");
  for (std::uint32_t n : {12U, 15U, 40U, 100U, 160U, 200U, 201U, 260U, 1000U}) {
    rapport::PairingRequest request = make_hall(n, rapport::PairingMode::MixTeams, seed);
    request.locked_pairs.clear();
    rapport::MeetingHistory history;
    request.history = &history;
    std::vector<double> ms;
    std::string method;
    for (std::uint32_t r = 0; r < 8; ++r) {
      request.seed = seed + r;
      const auto start = Clock::now();
      const rapport::PairingResult result = rapport::make_groups(request);
      if (r >= 3) ms.push_back(ms_since(start));
      if (r < 3) {
        for (const auto& group : result.groups) history.record(group);
      }
      method = method_name(result.method);
    }
    std::printf("%9u  %-10s %8.2f\n", n, method.c_str(), percentile(ms, 0.5));
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::uint32_t players = kDefaultPlayers;
  std::uint32_t rotations = kDefaultRotations;
  std::uint64_t seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const unsigned long long value = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--players") {
      players = static_cast<std::uint32_t>(value);
    } else if (flag == "--rotations") {
      rotations = static_cast<std::uint32_t>(value);
    } else if (flag == "--seed") {
      seed = value;
    } else {
      std::fprintf(stderr, "unknown flag %s; use --players N --rotations R --seed S\n", flag.c_str());
      return 2;
    }
  }
  if (players < 2 || rotations < 1) {
    std::fprintf(stderr, "need --players >= 2 and --rotations >= 1\n");
    return 2;
  }

  print_room_sizes(seed);
  std::printf("Pairing benchmark: %u players, %u rotations per mode, %u teams, %u locks, %u do-not-pair\n",
              players, rotations, kTeams, players * kLocksPerThousand / 1000,
              players * kDoNotPairPerThousand / 1000);
  std::printf("%-10s %-22s %9s %9s %8s %10s %14s\n", "mode", "method", "p50 ms", "max ms", "repeats",
              "violations", "qualifying/ub");
  std::vector<double> all;
  int total_repeats = 0;
  int total_violations = 0;
  std::string modes_json;
  for (int m = 0; m < static_cast<int>(rapport::PairingMode::kCount); ++m) {
    const auto mode = static_cast<rapport::PairingMode>(m);
    const ModeRun run = run_mode(players, rotations, mode, seed + static_cast<std::uint64_t>(m));
    all.insert(all.end(), run.ms.begin(), run.ms.end());
    total_repeats += run.repeats;
    total_violations += run.violations;
    std::printf("%-10s %-22s %9.2f %9.2f %8d %10d %7d/%-6d\n", mode_name(mode), run.methods.c_str(),
                percentile(run.ms, 0.5), percentile(run.ms, 1.0), run.repeats, run.violations,
                run.first_qualifying, run.bound);
    char entry[256];
    std::snprintf(entry, sizeof entry, "%s\"%s\":{\"p50\":%.3f,\"max\":%.3f,\"repeats\":%d}",
                  modes_json.empty() ? "" : ",", mode_name(mode), percentile(run.ms, 0.5),
                  percentile(run.ms, 1.0), run.repeats);
    modes_json += entry;
  }
  const double baseline = baseline_shuffle_ms(players, seed);
  const double p50 = percentile(all, 0.5);
  const double worst = percentile(all, 1.0);
  std::printf("all modes: p50 %.2f ms, max %.2f ms per rotation; shuffle-and-pair baseline %.3f ms (ratio %.1fx)\n",
              p50, worst, baseline, baseline > 0 ? p50 / baseline : 0.0);
  std::printf("(repeats exclude locked pairs, who meet every rotation by the host's choice)\n");
  std::printf(
      "{\"players\":%u,\"rotations\":%u,\"ms_per_rotation_p50\":%.3f,\"ms_per_rotation_max\":%.3f,"
      "\"baseline_shuffle_ms\":%.4f,\"ratio_vs_shuffle\":%.1f,\"repeat_pairs\":%d,\"constraint_violations\":%d,"
      "\"modes\":{%s}}\n",
      players, rotations, p50, worst, baseline, baseline > 0 ? p50 / baseline : 0.0, total_repeats,
      total_violations, modes_json.c_str());
  return 0;
}
