#pragma once
// An in-memory, seeded network impairment simulator for tests: a one-way link
// that loses, delays (with jitter), duplicates and reorders timestamped
// packets. Pure and deterministic: time comes in as values and the same seed
// gives the same fate to the same packets. Optionally behaves like an ENet
// unreliable-sequenced channel (a packet older than one already delivered is
// dropped).
#include "rapport/util/rng.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace rapport::sim {

struct Impairment {
  double loss = 0.0;               // 0..1, chance a packet never arrives
  std::int64_t delay_ms = 0;       // one-way latency
  std::int64_t jitter_ms = 0;      // latency varies uniformly by +- this
  double duplicate = 0.0;          // 0..1, chance a packet arrives twice
  double reorder = 0.0;            // 0..1, chance a packet is held back by reorder_extra_ms
  std::int64_t reorder_extra_ms = 0;
  bool sequenced = false;          // drop packets older than the newest delivered
};

struct LinkStats {
  std::uint64_t sent = 0;
  std::uint64_t lost = 0;
  std::uint64_t duplicated = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped_out_of_order = 0;  // only when sequenced
};

template <class Packet>
class ImpairedLink {
 public:
  ImpairedLink(Impairment impairment, std::uint64_t seed) : impairment_(impairment), rng_(seed) {}

  void send(Packet packet, std::int64_t now_ms) {
    const std::uint64_t index = next_index_++;
    ++stats_.sent;
    if (rng_.unit() < impairment_.loss) {
      ++stats_.lost;
      return;
    }
    const bool twice = rng_.unit() < impairment_.duplicate;
    if (twice) {
      ++stats_.duplicated;
      in_flight_.push_back({arrival(now_ms), next_order_++, index, packet});
    }
    in_flight_.push_back({arrival(now_ms), next_order_++, index, std::move(packet)});
  }

  // Every packet due by `now_ms`, in the order they arrive.
  [[nodiscard]] std::vector<Packet> receive(std::int64_t now_ms) {
    std::vector<InFlight> due;
    std::vector<InFlight> later;
    for (InFlight& flight : in_flight_) {
      (flight.arrive_ms <= now_ms ? due : later).push_back(std::move(flight));
    }
    in_flight_ = std::move(later);
    std::sort(due.begin(), due.end(), [](const InFlight& a, const InFlight& b) {
      return a.arrive_ms != b.arrive_ms ? a.arrive_ms < b.arrive_ms : a.order < b.order;
    });
    std::vector<Packet> packets;
    for (InFlight& flight : due) {
      if (impairment_.sequenced && delivered_any_ && flight.send_index <= newest_delivered_) {
        ++stats_.dropped_out_of_order;
        continue;
      }
      delivered_any_ = true;
      newest_delivered_ = std::max(newest_delivered_, flight.send_index);
      ++stats_.delivered;
      packets.push_back(std::move(flight.packet));
    }
    return packets;
  }

  [[nodiscard]] const LinkStats& stats() const { return stats_; }
  [[nodiscard]] std::size_t in_flight() const { return in_flight_.size(); }

 private:
  struct InFlight {
    std::int64_t arrive_ms = 0;
    std::uint64_t order = 0;       // ties arrive in send order
    std::uint64_t send_index = 0;  // shared by a packet and its duplicate
    Packet packet;
  };

  std::int64_t arrival(std::int64_t now_ms) {
    const std::int64_t jitter_ms = std::max<std::int64_t>(0, impairment_.jitter_ms);
    const std::int64_t spread = 2 * jitter_ms + 1;
    const std::int64_t jitter =
        static_cast<std::int64_t>(rng_.below(static_cast<std::uint32_t>(spread))) - jitter_ms;
    std::int64_t at = now_ms + std::max<std::int64_t>(0, impairment_.delay_ms + jitter);
    if (rng_.unit() < impairment_.reorder) at += impairment_.reorder_extra_ms;
    return at;
  }

  Impairment impairment_;
  Rng rng_;
  std::vector<InFlight> in_flight_;
  std::uint64_t next_index_ = 0;
  std::uint64_t next_order_ = 0;
  std::uint64_t newest_delivered_ = 0;
  bool delivered_any_ = false;
  LinkStats stats_;
};

}  // namespace rapport::sim
