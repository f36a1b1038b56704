#pragma once
// Readable log lines on stderr: "2026-11-26T18:40:00.123Z INFO  message".
// Passed by reference to whoever logs; there is no global logger.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::server {

enum class LogLevel : std::uint8_t { Debug, Info, Warn, Error, Off };

[[nodiscard]] std::optional<LogLevel> parse_log_level(std::string_view text);

class Logger {
 public:
  explicit Logger(LogLevel level = LogLevel::Info) : level_(level) {}
  void set_level(LogLevel level) { level_ = level; }
  [[nodiscard]] bool enabled(LogLevel level) const { return level >= level_ && level_ != LogLevel::Off; }
  void log(LogLevel level, std::string_view text);
  void debug(std::string_view text) { log(LogLevel::Debug, text); }
  void info(std::string_view text) { log(LogLevel::Info, text); }
  void warn(std::string_view text) { log(LogLevel::Warn, text); }
  void error(std::string_view text) { log(LogLevel::Error, text); }

 private:
  LogLevel level_;
  std::mutex mutex_;
};

}  // namespace rapport::server
