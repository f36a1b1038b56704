#pragma once
// The overall rapport meter across a session as a line chart: one band per
// rotation (labelled), a labelled 0-100 axis with grid lines, and the line
// itself with a marker at each rotation's last value. It can also render
// itself off screen into a PNG (the debrief's "Save chart").
#include "ui/ui_label.hpp"
#include "rapport/protocol/messages.hpp"

#include <array>
#include <string>
#include <vector>

namespace rapport::client {

class TimelineChart : public Widget {
 public:
  void set_samples(std::vector<TimelineSample> samples);
  [[nodiscard]] const std::vector<TimelineSample>& samples() const { return samples_; }
  [[nodiscard]] std::size_t rotations() const { return rotation_labels_.size(); }
  // Where a sample is drawn (after layout), for tests.
  [[nodiscard]] sf::Vector2f point_of(std::size_t index) const;
  // Renders the chart alone at its current size into a PNG. False with
  // `error` set when the image cannot be made or written.
  [[nodiscard]] bool save_png(const Theme& theme, const std::string& path, std::string& error);

  void layout(const Theme& theme) override;
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) override;

 private:
  [[nodiscard]] sf::FloatRect plot() const;
  std::vector<TimelineSample> samples_;
  std::vector<std::uint16_t> rotation_ids_;
  std::vector<std::uint16_t> rotation_length_;  // the last second seen in each rotation
  std::vector<sf::Text> rotation_labels_;
  std::array<sf::Text, 3> ticks_;
  sf::Text y_title_;
  sf::Text x_title_;
  float scale_ = 1.0F;
};

}  // namespace rapport::client
