#include "rapport/server/facilitator_key_file.hpp"

#include "key_proof.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace rapport::server {
namespace {

std::string errno_text() { return std::strerror(errno); }

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return ::fsync(fd) == 0;
}

}  // namespace

LoadedKey load_or_create_facilitator_key(const std::string& path) {
  LoadedKey result;
  auto read = read_facilitator_key_file(path);
  if (!read.missing) {
    if (!read.key) {
      result.error = read.error + "; fix or remove it (a new key is made when the file does not exist)";
      return result;
    }
    result.key = read.key;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 0077) != 0) {
      result.warning = "the facilitator key file '" + path +
                       "' can be read by other users of this computer; consider chmod 600";
    }
    return result;
  }
  // Write a temporary file with the final mode, then link it into place: link
  // fails if the name exists, so two servers starting at once agree on one key.
  const std::string temp = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    result.error = "cannot create the facilitator key file '" + path + "': " + errno_text() +
                   " (choose another --facilitator-key-file)";
    return result;
  }
  const FacilitatorKey key = crypto::random_key();
  const bool written = write_all(fd, format_facilitator_key(key) + "\n");
  ::close(fd);
  if (!written) {
    ::unlink(temp.c_str());
    result.error = "cannot write the facilitator key file '" + path + "': " + errno_text();
    return result;
  }
  if (::link(temp.c_str(), path.c_str()) != 0) {
    const int link_errno = errno;
    ::unlink(temp.c_str());
    if (link_errno == EEXIST) return load_or_create_facilitator_key(path);  // another server was first
    result.error = "cannot create the facilitator key file '" + path + "': " + std::strerror(link_errno);
    return result;
  }
  ::unlink(temp.c_str());
  result.key = key;
  result.created = true;
  return result;
}

bool write_key_note(std::uint16_t port, const std::string& key_path, std::string* error) {
  const std::string note = key_note_path(port);
  if (note.empty()) {
    if (error) *error = "neither XDG_RUNTIME_DIR nor HOME is set";
    return false;
  }
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(key_path, ec);
  std::filesystem::create_directories(std::filesystem::path(note).parent_path(), ec);
  if (ec) {
    if (error) *error = ec.message();
    return false;
  }
  std::ofstream out(note, std::ios::trunc);
  if (!out || !(out << absolute.string() << "\n")) {
    if (error) *error = "cannot write " + note;
    return false;
  }
  return true;
}

void remove_key_note(std::uint16_t port) {
  if (const std::string note = key_note_path(port); !note.empty()) std::remove(note.c_str());
}

}  // namespace rapport::server
