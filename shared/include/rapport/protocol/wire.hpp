#pragma once
// Bounded wire archives. Writing uses cereal's PortableBinaryOutputArchive
// (little-endian). Reading uses BoundedInputArchive, which reads the same
// format from a byte span and never trusts a length prefix: every size is
// checked against the bytes left (so an allocation can never exceed the
// packet) and, through capped(), against a per-field cap before allocating.
// Failures throw cereal::Exception inside the archive; codec.cpp catches them
// at the decode boundary and turns them into an error value.
#include <cereal/archives/portable_binary.hpp>
#include <cereal/cereal.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace rapport::wire {

class BoundedInputArchive
    : public cereal::InputArchive<BoundedInputArchive, cereal::AllowEmptyClassElision> {
 public:
  explicit BoundedInputArchive(std::span<const std::uint8_t> bytes)
      : cereal::InputArchive<BoundedInputArchive, cereal::AllowEmptyClassElision>(this),
        bytes_(bytes) {
    std::uint8_t little_endian = 0;
    loadBinary(&little_endian, 1);
    if (little_endian != 1) throw cereal::Exception("payload is not little-endian");
  }

  void loadBinary(void* data, std::size_t size) {
    if (size > remaining()) throw cereal::Exception("payload truncated");
    std::memcpy(data, bytes_.data() + pos_, size);
    pos_ += size;
  }

  [[nodiscard]] std::size_t remaining() const { return bytes_.size() - pos_; }

  // A length prefix may claim at most one element per remaining byte.
  void checkLength(std::uint64_t count, std::uint64_t cap) const {
    if (count > cap) throw cereal::Exception("length above the field's cap");
    if (count > remaining()) throw cereal::Exception("length larger than the bytes left");
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

// Little-endian hosts only (checked at compile time) so loads are plain copies.
static_assert(std::endian::native == std::endian::little, "Rapport's wire assumes little-endian hosts");

template <class T>
  requires std::is_arithmetic_v<T>
void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, T& t) {
  if constexpr (std::is_same_v<T, bool>) {
    std::uint8_t raw = 0;
    ar.loadBinary(&raw, 1);
    if (raw > 1) throw cereal::Exception("bool out of range");
    t = raw == 1;
  } else {
    ar.loadBinary(&t, sizeof(T));
  }
}

template <class T>
void CEREAL_SERIALIZE_FUNCTION_NAME(BoundedInputArchive& ar, cereal::NameValuePair<T>& t) {
  ar(t.value);
}

// Generic size tags (any container we did not wrap): bounded by the bytes left.
template <class T>
void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, cereal::SizeTag<T>& t) {
  std::uint64_t size = 0;
  ar.loadBinary(&size, sizeof(size));
  ar.checkLength(size, size);
  t.size = static_cast<std::remove_reference_t<T>>(size);
}

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, cereal::BinaryData<T>& bd) {
  ar.loadBinary(bd.data, static_cast<std::size_t>(bd.size));
}

// ---- per-field caps ---------------------------------------------------------

// A string field with a named cap (in bytes). Use as ar(capped(name, kMaxNameBytes)).
struct CappedString {
  std::string& value;
  std::size_t cap;
};
inline CappedString capped(std::string& value, std::size_t cap) { return {value, cap}; }

template <class T>
struct CappedVector {
  std::vector<T>& value;
  std::size_t cap;
};
template <class T>
CappedVector<T> capped(std::vector<T>& value, std::size_t cap) {
  return {value, cap};
}

template <class Archive>
void CEREAL_SAVE_FUNCTION_NAME(Archive& ar, const CappedString& s) {
  if (s.value.size() > s.cap) throw cereal::Exception("string above the field's cap");
  ar(static_cast<std::uint64_t>(s.value.size()));
  ar.template saveBinary<1>(s.value.data(), static_cast<std::streamsize>(s.value.size()));
}
inline void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, CappedString& s) {
  std::uint64_t size = 0;
  ar.loadBinary(&size, sizeof(size));
  ar.checkLength(size, s.cap);
  s.value.resize(static_cast<std::size_t>(size));
  ar.loadBinary(s.value.data(), s.value.size());
}

template <class Archive, class T>
void CEREAL_SAVE_FUNCTION_NAME(Archive& ar, const CappedVector<T>& v) {
  if (v.value.size() > v.cap) throw cereal::Exception("list above the field's cap");
  ar(static_cast<std::uint64_t>(v.value.size()));
  for (const auto& item : v.value) ar(item);
}
template <class T>
void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, CappedVector<T>& v) {
  std::uint64_t size = 0;
  ar.loadBinary(&size, sizeof(size));
  ar.checkLength(size, v.cap);
  v.value.clear();
  v.value.resize(static_cast<std::size_t>(size));
  for (auto& item : v.value) ar(item);
}

// A list of strings: a cap on the count and on every item.
struct CappedStrings {
  std::vector<std::string>& value;
  std::size_t count_cap;
  std::size_t item_cap;
};
inline CappedStrings capped(std::vector<std::string>& value, std::size_t count_cap, std::size_t item_cap) {
  return {value, count_cap, item_cap};
}
template <class Archive>
void CEREAL_SAVE_FUNCTION_NAME(Archive& ar, const CappedStrings& v) {
  if (v.value.size() > v.count_cap) throw cereal::Exception("list above the field's cap");
  ar(static_cast<std::uint64_t>(v.value.size()));
  for (auto& item : v.value) ar(CappedString{item, v.item_cap});
}
inline void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, CappedStrings& v) {
  std::uint64_t size = 0;
  ar.loadBinary(&size, sizeof(size));
  ar.checkLength(size, v.count_cap);
  v.value.clear();
  v.value.resize(static_cast<std::size_t>(size));
  for (auto& item : v.value) {
    CappedString wrapped{item, v.item_cap};
    ar(wrapped);
  }
}

// An enum stored as its underlying type and range-checked on load against
// Enum::kCount (every wire enum ends with that sentinel).
template <class E>
struct CheckedEnum {
  E& value;
};
template <class E>
  requires std::is_enum_v<E>
CheckedEnum<E> checked(E& value) {
  return {value};
}
template <class Archive, class E>
void CEREAL_SAVE_FUNCTION_NAME(Archive& ar, const CheckedEnum<E>& e) {
  ar(static_cast<std::underlying_type_t<E>>(e.value));
}
template <class E>
void CEREAL_LOAD_FUNCTION_NAME(BoundedInputArchive& ar, CheckedEnum<E>& e) {
  std::underlying_type_t<E> raw{};
  ar(raw);
  if (raw >= static_cast<std::underlying_type_t<E>>(E::kCount)) {
    throw cereal::Exception("enum value out of range");
  }
  e.value = static_cast<E>(raw);
}

}  // namespace rapport::wire

CEREAL_REGISTER_ARCHIVE(rapport::wire::BoundedInputArchive)
