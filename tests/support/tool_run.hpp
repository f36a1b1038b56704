#pragma once
// Runs a built tool (rapport-validate, rapport-deck...) with arguments and
// returns its exit code and everything it printed (stdout and stderr).
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace rapport::testing {

struct ToolRun {
  int exit_code = -1;
  std::string output;
};

// ctest may set RAPPORT_BIN; run by hand, the tools sit next to the test binary.
inline std::string tool_dir() {
  const char* value = std::getenv("RAPPORT_BIN");
  if (value != nullptr && *value != '\0') return value;
  return std::filesystem::read_symlink("/proc/self/exe").parent_path().string();
}

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline ToolRun run_tool(const std::string& tool, const std::vector<std::string>& args) {
  std::string command = shell_quote(tool_dir() + "/" + tool);
  for (const std::string& a : args) command += " " + shell_quote(a);
  command += " 2>&1";
  ToolRun result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace rapport::testing
