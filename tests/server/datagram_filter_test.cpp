#include "rapport/server/datagram_filter.hpp"

#include "rapport/protocol/protocol_types.hpp"

#include <enet/enet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <vector>

namespace rapport::server {
namespace {

const DatagramLimits kLimits{64, 2, kMaxPacketBytes};

void put16(std::vector<std::uint8_t>& out, unsigned v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8u));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, v >> 16u);
  put16(out, v & 0xFFFFu);
}

// A connect request as ENet sends it: header (no peer yet, with sent time) + CONNECT.
std::vector<std::uint8_t> connect_datagram() {
  std::vector<std::uint8_t> d;
  put16(d, unsigned{ENET_PROTOCOL_MAXIMUM_PEER_ID} | unsigned{ENET_PROTOCOL_HEADER_FLAG_SENT_TIME});
  put16(d, 1234);  // sent time
  d.push_back(static_cast<std::uint8_t>(unsigned{ENET_PROTOCOL_COMMAND_CONNECT} | unsigned{ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE}));
  d.push_back(0xFF);
  put16(d, 1);
  put16(d, 0);  // outgoing peer id
  d.push_back(0);
  d.push_back(0);
  for (int i = 0; i < 10; ++i) put32(d, 1400);  // mtu, window, channels, bandwidth, throttle, connect id, data
  return d;
}

// A connected peer's reliable send of `length` bytes on `channel`.
std::vector<std::uint8_t> reliable_datagram(unsigned peer, unsigned channel, std::size_t length, std::size_t actual) {
  std::vector<std::uint8_t> d;
  put16(d, peer);
  d.push_back(static_cast<std::uint8_t>(unsigned{ENET_PROTOCOL_COMMAND_SEND_RELIABLE} | unsigned{ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE}));
  d.push_back(static_cast<std::uint8_t>(channel));
  put16(d, 7);
  put16(d, static_cast<unsigned>(length));
  d.insert(d.end(), actual, 0xAB);
  return d;
}

TEST(DatagramFilter, ACraftedConnectIsAccepted) {
  const auto d = connect_datagram();
  EXPECT_EQ(classify_datagram(d, kLimits), DatagramVerdict::Accept);
  EXPECT_TRUE(is_connect_request(d));
}

TEST(DatagramFilter, TooShortAndTooLargeAreDropped) {
  for (std::size_t n = 0; n < 6; ++n) {
    const std::vector<std::uint8_t> d(n, 0);
    EXPECT_EQ(classify_datagram(d, kLimits), DatagramVerdict::TooShort) << n << " bytes";
  }
  // A sent-time header with no room left for a command header.
  std::vector<std::uint8_t> d;
  put16(d, 3u | unsigned{ENET_PROTOCOL_HEADER_FLAG_SENT_TIME});
  put16(d, 1);
  d.push_back(ENET_PROTOCOL_COMMAND_PING);
  EXPECT_EQ(classify_datagram(d, kLimits), DatagramVerdict::TooShort);
  const std::vector<std::uint8_t> huge(ENET_PROTOCOL_MAXIMUM_MTU + 1, 0);
  EXPECT_EQ(classify_datagram(huge, kLimits), DatagramVerdict::TooLarge);
}

TEST(DatagramFilter, BadHeadersAreDropped) {
  auto compressed = connect_datagram();
  compressed[0] |= ENET_PROTOCOL_HEADER_FLAG_COMPRESSED >> 8u;
  EXPECT_EQ(classify_datagram(compressed, kLimits), DatagramVerdict::Compressed);

  EXPECT_EQ(classify_datagram(reliable_datagram(64, 0, 4, 4), kLimits), DatagramVerdict::BadPeer);
  EXPECT_EQ(classify_datagram(reliable_datagram(63, 0, 4, 4), kLimits), DatagramVerdict::Accept);

  auto unknown = reliable_datagram(1, 0, 4, 4);
  unknown[2] = ENET_PROTOCOL_COMMAND_COUNT;
  EXPECT_EQ(classify_datagram(unknown, kLimits), DatagramVerdict::UnknownCommand);
  unknown[2] = ENET_PROTOCOL_COMMAND_NONE;
  EXPECT_EQ(classify_datagram(unknown, kLimits), DatagramVerdict::UnknownCommand);

  // A connect addressed to an existing peer, and data from "no peer yet".
  auto misplaced = connect_datagram();
  misplaced[0] = 0x80;
  misplaced[1] = 0x01;
  EXPECT_EQ(classify_datagram(misplaced, kLimits), DatagramVerdict::ConnectMisplaced);
  EXPECT_EQ(classify_datagram(reliable_datagram(ENET_PROTOCOL_MAXIMUM_PEER_ID, 0, 4, 4), kLimits),
            DatagramVerdict::ConnectMisplaced);
}

TEST(DatagramFilter, CommandsMustFitTheirPayload) {
  EXPECT_EQ(classify_datagram(reliable_datagram(1, 0, 10, 4), kLimits), DatagramVerdict::Truncated);
  EXPECT_EQ(classify_datagram(reliable_datagram(1, 0, 4, 10), kLimits), DatagramVerdict::Truncated)
      << "six trailing 0xAB bytes read as a 16-byte command";
  EXPECT_EQ(classify_datagram(reliable_datagram(1, 2, 4, 4), kLimits), DatagramVerdict::BadChannel);
  auto connect = connect_datagram();
  connect.pop_back();
  EXPECT_EQ(classify_datagram(connect, kLimits), DatagramVerdict::Truncated);
}

TEST(DatagramFilter, FragmentsAboveTheMessageCapAreDropped) {
  std::vector<std::uint8_t> d;
  put16(d, 2);
  d.push_back(static_cast<std::uint8_t>(unsigned{ENET_PROTOCOL_COMMAND_SEND_FRAGMENT} | unsigned{ENET_PROTOCOL_COMMAND_FLAG_ACKNOWLEDGE}));
  d.push_back(0);
  put16(d, 9);
  put16(d, 9);                                           // start sequence
  put16(d, 8);                                           // data length
  put32(d, 4);                                           // fragment count
  put32(d, 0);                                           // fragment number
  put32(d, static_cast<std::uint32_t>(kMaxPacketBytes + 1));  // total length
  put32(d, 0);                                           // offset
  d.insert(d.end(), 8, 0);
  EXPECT_EQ(classify_datagram(d, kLimits), DatagramVerdict::PayloadTooLarge);
  d[18] = 0;
  d[19] = 0;
  d[20] = 0x10;
  d[21] = 0;  // 4096 in total
  EXPECT_EQ(classify_datagram(d, kLimits), DatagramVerdict::Accept);
}

TEST(DatagramFilter, EveryReasonHasADescription) {
  for (int v = 0; v < static_cast<int>(DatagramVerdict::kCount); ++v) {
    EXPECT_STRNE(describe(static_cast<DatagramVerdict>(v)), "?");
  }
}

// The real ENet library's connect request, captured on a plain UDP socket, passes the filter.
TEST(DatagramFilter, RealEnetConnectIsAccepted) {
  ASSERT_EQ(enet_initialize(), 0);
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  timeval timeout{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);

  ENetHost* client = enet_host_create(nullptr, 1, 2, 0, 0);
  ASSERT_NE(client, nullptr);
  ENetAddress target{};
  enet_address_set_host_ip(&target, "127.0.0.1");
  target.port = ntohs(addr.sin_port);
  ASSERT_NE(enet_host_connect(client, &target, 2, 0), nullptr);
  enet_host_flush(client);
  std::vector<std::uint8_t> buf(ENET_PROTOCOL_MAXIMUM_MTU + 64);
  const ssize_t n = recv(fd, buf.data(), buf.size(), 0);
  ASSERT_GT(n, 0);
  buf.resize(static_cast<std::size_t>(n));
  EXPECT_EQ(classify_datagram(buf, kLimits), DatagramVerdict::Accept);
  EXPECT_TRUE(is_connect_request(buf));
  enet_host_destroy(client);
  close(fd);
  enet_deinitialize();
}

}  // namespace
}  // namespace rapport::server
