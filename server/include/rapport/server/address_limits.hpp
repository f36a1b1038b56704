#pragma once
// Per-address admission: how many live connections one address may hold (a
// classroom may share one NAT address, so the default is generous) and how
// fast it may ask for new ones (a connect flood is dropped before ENet
// allocates a peer). Pure bookkeeping; time comes in as a value.
#include <cstdint>
#include <string>
#include <unordered_map>

namespace rapport::server {

struct AddressLimitConfig {
  std::size_t max_connections = 64;   // live connections per address
  double connect_burst = 64.0;         // connect datagrams per address at once...
  double connects_per_second = 16.0;   // ...and sustained (ENet retries a connect about once a second)
};

class AddressLimits {
 public:
  explicit AddressLimits(AddressLimitConfig config) : config_(config) {}

  // A connect datagram from `address`: false when this address asks too fast.
  [[nodiscard]] bool allow_connect_attempt(std::uint32_t address, std::int64_t now_ms);
  // A connection was established: false (and nothing counted) when the address is at its cap.
  [[nodiscard]] bool admit(std::uint32_t address);
  // An admitted connection closed.
  void release(std::uint32_t address);
  // Forgets idle addresses so the table cannot grow without bound.
  void prune(std::int64_t now_ms);

  [[nodiscard]] std::size_t connections(std::uint32_t address) const;
  [[nodiscard]] std::size_t tracked() const { return entries_.size(); }
  [[nodiscard]] const AddressLimitConfig& config() const { return config_; }

 private:
  struct Entry {
    std::size_t connections = 0;
    double tokens = 0;
    std::int64_t last_ms = 0;
  };
  AddressLimitConfig config_;
  std::unordered_map<std::uint32_t, Entry> entries_;
};

// "192.168.1.20" from an address in network byte order.
[[nodiscard]] std::string ipv4_text(std::uint32_t network_order_address);

}  // namespace rapport::server
