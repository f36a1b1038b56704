#pragma once
// The live rapport meter: the overall value and its four components
// (attentiveness, positivity, coordination, balance). Each part has an
// Okabe–Ito colour AND a word AND its own icon shape AND the number, so no
// one has to tell colours apart. Values ease toward the newest update (with
// reduced motion they snap), and reason tags ("asked an open question +4")
// float in for a few seconds as they happen.
#include "render/glyph_batch.hpp"
#include "app/session_view.hpp"
#include "ui/ui_label.hpp"

#include <array>
#include <deque>

namespace rapport::client {

inline constexpr std::size_t kMeterParts = static_cast<std::size_t>(MeterComponent::kCount);
// Components in the order meters list them under the overall value.
inline constexpr std::array<MeterComponent, 4> kMeterComponents = {
    MeterComponent::Attentiveness, MeterComponent::Positivity, MeterComponent::Coordination, MeterComponent::Balance};

[[nodiscard]] sf::Color meter_colour(MeterComponent component);
// The component's icon, fitted in a square of side `size` around `centre`:
// an eye (attentiveness), a smiling face (positivity), two arrows in step
// (coordination), a level see-saw (balance), a heart (overall).
void draw_meter_icon(ShapeBatch& shapes, MeterComponent component, sf::Vector2f centre, float size,
                     sf::Color colour);

// Shown values easing toward targets; pure, so tests can step it.
class MeterEaser {
 public:
  // The first target is shown at once; later ones are eased toward.
  void set_target(const MeterValues& values);
  // Advances to `now_ms`; with reduced motion the targets are shown at once.
  void update(std::int64_t now_ms, bool reduced_motion);
  [[nodiscard]] float shown(MeterComponent component) const { return shown_[index(component)]; }
  [[nodiscard]] float target(MeterComponent component) const { return target_[index(component)]; }
  [[nodiscard]] bool settled() const;

  // How quickly the shown value closes the gap: about 63% every this many ms,
  // so a jump of 20 points looks settled in about a second.
  static constexpr float kTimeConstantMs = 300.0F;

 private:
  [[nodiscard]] static std::size_t index(MeterComponent c) { return static_cast<std::size_t>(c); }
  std::array<float, kMeterParts> shown_{};
  std::array<float, kMeterParts> target_{};
  bool has_target_ = false;
  std::int64_t last_ms_ = -1;
};

class MeterWidget : public Widget {
 public:
  // How long a reason tag stays, and how many show at once.
  static constexpr std::int64_t kReasonMs = 4500;
  static constexpr std::size_t kMaxReasonsShown = 2;

  void set_target(const MeterValues& values) { easer_.set_target(values); }
  void add_reason(const ReasonEntry& reason, const Theme& theme, std::int64_t now_ms);
  void update(std::int64_t now_ms, bool reduced_motion);
  [[nodiscard]] const MeterEaser& easer() const { return easer_; }
  // The words and numbers drawn last frame ("Attentiveness", "70", ...).
  [[nodiscard]] std::vector<std::string> drawn_texts() const;
  [[nodiscard]] std::vector<std::string> reason_texts() const;
  // Where a component's bar is (after draw; tests read its fill).
  [[nodiscard]] sf::FloatRect bar_track(MeterComponent component) const { return tracks_[static_cast<std::size_t>(component)]; }

  void layout(const Theme& theme) override;
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) override;

 private:
  struct Tag {
    ReasonEntry entry;
    std::int64_t shown_ms = 0;
    sf::Text text;
  };
  MeterEaser easer_;
  std::array<sf::Text, kMeterParts> labels_;
  std::array<sf::Text, kMeterParts> numbers_;
  std::array<int, kMeterParts> number_shown_{};
  std::array<sf::FloatRect, kMeterParts> tracks_{};
  std::deque<Tag> tags_;
  float tag_height_ = 0;
  float label_column_ = 0;  // where the component bars start, after the widest label
};

// A small meter for dashboard tiles, drawn into batches: the overall as a
// thick bar with heart and number, then the four parts as icon, bar, number.
void draw_compact_meter(ShapeBatch& shapes, GlyphBatch& numbers, const Theme& theme, sf::FloatRect box,
                        const MeterValues& values);

// "asked an open question +4"
[[nodiscard]] std::string reason_text(const MeterReason& reason);

}  // namespace rapport::client
