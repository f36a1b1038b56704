#include "ui/theme.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

namespace rapport::client {
namespace {

// Text below 10 px is unreadable whatever the settings; above 400 px SFML's
// glyph pages get huge for no gain.
constexpr float kMinCharSize = 10.0F;
constexpr float kMaxCharSize = 400.0F;

void load_one(sf::Font& font, const std::string& path, const char* what_to_do) {
  if (!std::filesystem::exists(path)) {
    throw std::runtime_error("The font file " + path + " was not found. " + what_to_do);
  }
  if (!font.loadFromFile(path)) {
    throw std::runtime_error("The font file " + path + " could not be read (is it a TrueType or OpenType font?). " +
                             what_to_do);
  }
}

}  // namespace

void Theme::load_fonts(const std::string& font_path) {
  if (!font_path.empty()) {
    constexpr const char* kHint = "Check the path given with --font.";
    load_one(regular_, font_path, kHint);
    load_one(bold_, font_path, kHint);
  } else {
    constexpr const char* kHint =
        "Install it with 'apt-get install fonts-dejavu-core', or pass --font PATH to use another font.";
    load_one(regular_, kDefaultFontPath, kHint);
    // Bold is nice to have; fall back to the regular face rather than stop.
    if (!std::filesystem::exists(kDefaultBoldFontPath) || !bold_.loadFromFile(kDefaultBoldFontPath)) {
      load_one(bold_, kDefaultFontPath, kHint);
    }
  }
  fonts_loaded_ = true;
}

void Theme::set_window_size(sf::Vector2f size) {
  window_size_ = size;
  update_scale();
}

void Theme::set_ui_scale(float ui_scale) {
  ui_scale_ = ui_scale;
  update_scale();
}

void Theme::update_scale() {
  const float fit = std::min(window_size_.x / kDesignWidth, window_size_.y / kDesignHeight);
  scale_ = std::max(fit, 0.1F) * ui_scale_;
}

unsigned Theme::char_size(float design) const {
  return static_cast<unsigned>(std::lround(std::clamp(design * scale_, kMinCharSize, kMaxCharSize)));
}

float ease_in_out(float t) {
  t = std::clamp(t, 0.0F, 1.0F);
  return t < 0.5F ? 4.0F * t * t * t : 1.0F - std::pow(-2.0F * t + 2.0F, 3.0F) / 2.0F;
}

sf::Color mix(sf::Color a, sf::Color b, float t) {
  t = std::clamp(t, 0.0F, 1.0F);
  const auto lerp = [t](sf::Uint8 x, sf::Uint8 y) {
    return static_cast<sf::Uint8>(std::lround(static_cast<float>(x) + (static_cast<float>(y) - static_cast<float>(x)) * t));
  };
  return {lerp(a.r, b.r), lerp(a.g, b.g), lerp(a.b, b.b), lerp(a.a, b.a)};
}

}  // namespace rapport::client
