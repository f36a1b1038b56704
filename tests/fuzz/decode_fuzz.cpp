// libFuzzer target for the decode boundary. Built by tools/test_all with
//   clang++ -fsanitize=fuzzer,address,undefined
// Properties: decode never crashes, never throws, never allocates past
// -malloc_limit_mb, and whatever decodes re-encodes to a packet that decodes
// to the same message. The same bytes also go through the server's datagram
// admission filter, which must never read outside them.
#include "rapport/protocol/codec.hpp"
#include "rapport/server/datagram_filter.hpp"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const rapport::Decoded decoded = rapport::decode({data, size});
  if (decoded.ok()) {
    const auto again = rapport::encode(*decoded.message);
    if (again.empty()) std::abort();  // a decoded message must always fit its caps
    // Compare bytes, not structs: a float field may hold NaN, which never equals itself.
    const rapport::Decoded second = rapport::decode(again);
    if (!second.ok() || rapport::encode(*second.message) != again) std::abort();
  }
  (void)rapport::decode_refuse_any_version({data, size});
  const rapport::server::DatagramLimits limits{64, 2, rapport::kMaxPacketBytes};
  if (rapport::server::classify_datagram({data, size}, limits) == rapport::server::DatagramVerdict::Accept &&
      size < 2) {
    std::abort();  // nothing that short is an ENet datagram
  }
  return 0;
}
