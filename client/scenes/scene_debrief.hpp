#pragma once
// The end of a session. A participant sees their debrief: partners met (with
// the rotation, the meter and what they had in common), kudos received, a
// chart of the overall meter across the session, their strongest component
// and one concrete tip for the weakest, and can save the chart as a PNG. The
// host sees the group summary instead (SummaryScene).
#include "ui/meter_widget.hpp"
#include "scenes/scene.hpp"
#include "ui/session_header.hpp"
#include "ui/ui_button.hpp"
#include "ui/ui_panel.hpp"
#include "ui/ui_timeline_chart.hpp"

#include <array>

namespace rapport::client {

// A PNG name for the chart in the working folder: rapport-chart-K7MQXR.png.
[[nodiscard]] std::string chart_file_name(const std::string& join_code);
// The meter–IOS correlation in plain words (NaN: not enough answers).
[[nodiscard]] std::string correlation_in_words(float rho, std::uint16_t answers, float low, float high);

class DebriefScene : public Scene {
 public:
  explicit DebriefScene(SceneContext& ctx);

  [[nodiscard]] SceneName name() const override { return SceneName::Debrief; }
  void layout(SceneContext& ctx) override;
  void handle_event(const sf::Event& event, SceneContext& ctx) override;
  void update(SceneContext& ctx) override;
  void draw(Canvas& canvas, SceneContext& ctx) override;
  [[nodiscard]] bool ready(const SceneContext& ctx) const override;

  // For tests.
  [[nodiscard]] const TimelineChart& chart() const { return chart_; }
  [[nodiscard]] std::size_t partners_shown() const { return partners_shown_; }
  [[nodiscard]] const std::string& saved_path() const { return saved_path_; }
  void save_chart(SceneContext& ctx);

 private:
  // Rows of "people you met"; a fixed number so labels keep their addresses.
  static constexpr std::size_t kPartnerRows = 4;
  struct PartnerRow {
    Label name{"", TextRole::Body, true};
    Label detail{"", TextRole::Small};
    Label common{"", TextRole::Small};
  };
  void fill(SceneContext& ctx);

  SessionHeader header_;
  Panel people_panel_{"People you met"};
  std::array<PartnerRow, kPartnerRows> rows_;
  Label more_{"", TextRole::Small};
  Label kudos_caption_{"Kudos you received", TextRole::Small, true};
  Label kudos_{"", TextRole::Body};
  Panel chart_panel_{"Rapport over the session"};
  TimelineChart chart_;
  Button save_{"Save chart as PNG"};
  Label saved_{"", TextRole::Small};
  Panel advice_panel_;
  Label strongest_{"", TextRole::Body, true};
  Label tip_{"", TextRole::Body};
  Button leave_{"Leave", ButtonStyle::Secondary};
  FocusChain focus_;
  sf::Vector2f strongest_icon_;
  bool filled_ = false;
  std::size_t partners_shown_ = 0;
  std::string saved_path_;
};

class SummaryScene : public Scene {
 public:
  explicit SummaryScene(SceneContext& ctx);

  [[nodiscard]] SceneName name() const override { return SceneName::Summary; }
  void layout(SceneContext& ctx) override;
  void handle_event(const sf::Event& event, SceneContext& ctx) override;
  void update(SceneContext& ctx) override;
  void draw(Canvas& canvas, SceneContext& ctx) override;
  [[nodiscard]] bool ready(const SceneContext& ctx) const override;

 private:
  static constexpr std::size_t kFigures = 4;
  SessionHeader header_;
  Panel panel_;
  std::array<Label, kFigures> numbers_;
  std::array<Label, kFigures> captions_;
  Label meter_caption_{"Average rapport", TextRole::Small, true};
  MeterWidget meter_;
  Label correlation_{"", TextRole::Body};
  Label report_{"", TextRole::Small};
  Button leave_{"Close session", ButtonStyle::Secondary};
  FocusChain focus_;
};

}  // namespace rapport::client
