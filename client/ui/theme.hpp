#pragma once
// The look of the app in one place: colours (a warm, calm base plus the
// colour-blind-safe Okabe–Ito palette for anything that carries meaning),
// type sizes that stay readable on a projector, spacing, and the fonts.
// Sizes are given at 720p and multiplied by `scale()`, which follows the
// window size and the person's UI-scale setting.
#include <SFML/Graphics/Color.hpp>
#include <SFML/Graphics/Font.hpp>
#include <SFML/System/Vector2.hpp>

#include <array>
#include <cstdint>
#include <string>

namespace rapport::client {

// Okabe & Ito (2008): eight colours distinguishable with every common colour
// vision deficiency. Use them for meaning (teams, meter parts), always with a
// label or a shape as well.
namespace okabe_ito {
inline const sf::Color kBlack{0, 0, 0};
inline const sf::Color kOrange{230, 159, 0};
inline const sf::Color kSkyBlue{86, 180, 233};
inline const sf::Color kBluishGreen{0, 158, 115};
inline const sf::Color kYellow{240, 228, 66};
inline const sf::Color kBlue{0, 114, 178};
inline const sf::Color kVermillion{213, 94, 0};
inline const sf::Color kReddishPurple{204, 121, 167};
// In a fixed order for "the n-th category".
inline const std::array<sf::Color, 8> kAll{kOrange, kSkyBlue, kBluishGreen, kYellow,
                                           kBlue,   kVermillion, kReddishPurple, kBlack};
}  // namespace okabe_ito

struct Palette {
  sf::Color background{247, 241, 232};       // warm paper
  sf::Color background_accent{239, 229, 214};  // soft bands and blobs behind panels
  sf::Color panel{255, 252, 247};
  sf::Color panel_shadow{120, 90, 60, 28};
  sf::Color panel_border{226, 214, 198};
  sf::Color text{38, 34, 46};         // near-black, warm: ~14:1 on the panel
  sf::Color text_muted{92, 84, 98};   // still ~6:1 for secondary lines
  sf::Color primary = okabe_ito::kBlue;  // buttons; white text on it is ~5:1
  sf::Color primary_hover{0, 95, 150};
  sf::Color on_primary{255, 255, 255};
  sf::Color secondary{232, 222, 208};    // quiet buttons
  sf::Color secondary_hover{220, 207, 190};
  sf::Color focus = okabe_ito::kOrange;  // focus ring: thick, and never the only cue
  sf::Color field{255, 255, 255};
  sf::Color field_border{196, 182, 166};
  sf::Color error_text{160, 60, 0};      // darker vermillion so text keeps contrast
  sf::Color error_fill{253, 232, 218};
  sf::Color ok = okabe_ito::kBluishGreen;
  sf::Color warn = okabe_ito::kOrange;
  sf::Color selection{205, 228, 243};
};

// Type sizes in pixels at 720p (scale 1). The smallest is 18 px: the design's
// floor for text read from the back of a classroom.
struct TypeScale {
  float small = 18.0F;
  float body = 22.0F;
  float heading = 30.0F;
  float title = 52.0F;
  float code = 132.0F;  // the join code on the host's projector
};

struct Spacing {
  float unit = 8.0F;      // the grid everything snaps to
  float radius = 14.0F;   // panel corners
  float control_height = 52.0F;
  float focus_ring = 3.0F;
};

// Palettes an Avatar's indices point into (8 each; see Avatar::kPaletteSize).
struct AvatarPalettes {
  std::array<sf::Color, 8> skin{{{255, 224, 196},
                                 {241, 194, 160},
                                 {224, 172, 132},
                                 {198, 141, 98},
                                 {168, 112, 74},
                                 {141, 90, 60},
                                 {110, 70, 46},
                                 {84, 54, 38}}};
  std::array<sf::Color, 8> hair{{{40, 32, 30},
                                 {92, 58, 36},
                                 {150, 96, 52},
                                 {214, 170, 96},
                                 {176, 72, 42},
                                 {160, 160, 168},
                                 {70, 90, 140},
                                 {190, 110, 150}}};
  // Outfits use Okabe–Ito hues, softened a little so they feel like clothes.
  std::array<sf::Color, 8> outfit{{{0, 114, 178},
                                   {230, 159, 0},
                                   {0, 158, 115},
                                   {204, 121, 167},
                                   {213, 94, 0},
                                   {86, 180, 233},
                                   {84, 84, 96},
                                   {200, 184, 60}}};
};

// Where the system keeps DejaVu (Debian's fonts-dejavu-core).
inline constexpr const char* kDefaultFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
inline constexpr const char* kDefaultBoldFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// The design size: layouts are written for it and scaled to the window.
inline constexpr float kDesignWidth = 1280.0F;
inline constexpr float kDesignHeight = 720.0F;

class Theme {
 public:
  Theme() = default;
  Theme(const Theme&) = delete;
  Theme& operator=(const Theme&) = delete;

  // Loads the fonts: `font_path` when given (used for regular and bold),
  // else DejaVu Sans. Throws std::runtime_error with what to do when missing.
  void load_fonts(const std::string& font_path);
  [[nodiscard]] bool fonts_loaded() const { return fonts_loaded_; }
  [[nodiscard]] const sf::Font& font() const { return regular_; }
  [[nodiscard]] const sf::Font& bold() const { return bold_; }

  // Follows the window: min of the width and height ratios to 720p, times the UI scale.
  void set_window_size(sf::Vector2f size);
  void set_ui_scale(float ui_scale);
  [[nodiscard]] float scale() const { return scale_; }
  [[nodiscard]] sf::Vector2f window_size() const { return window_size_; }
  // A design size (px at 720p) in window pixels.
  [[nodiscard]] float px(float design) const { return design * scale_; }
  // A character size in whole pixels (SFML rasterises per size).
  [[nodiscard]] unsigned char_size(float design) const;

  void set_reduced_motion(bool on) { reduced_motion_ = on; }
  [[nodiscard]] bool reduced_motion() const { return reduced_motion_; }

  Palette colours;
  TypeScale type;
  Spacing spacing;
  AvatarPalettes avatar;

 private:
  void update_scale();
  sf::Font regular_;
  sf::Font bold_;
  bool fonts_loaded_ = false;
  sf::Vector2f window_size_{kDesignWidth, kDesignHeight};
  float ui_scale_ = 1.0F;
  float scale_ = 1.0F;
  bool reduced_motion_ = false;
};

// Smooth start and end (cubic), for every UI animation.
[[nodiscard]] float ease_in_out(float t);
// A colour between a and b (t in 0..1).
[[nodiscard]] sf::Color mix(sf::Color a, sf::Color b, float t);

}  // namespace rapport::client
