#include "scenes/scene_debrief.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

namespace rapport::client {
namespace {

// Spearman's rho bands for the plain-words reading of the summary.
constexpr float kStrong = 0.5F;
constexpr float kSome = 0.2F;

std::string one_decimal(float value) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", static_cast<double>(value));
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string chart_file_name(const std::string& join_code) {
  return "rapport-chart-" + (join_code.empty() ? std::string("session") : join_code) + ".png";
}

std::string correlation_in_words(float rho, std::uint16_t answers, float low, float high) {
  if (std::isnan(rho)) return "Not enough reflection answers to compare the meter with how people felt.";
  std::string value = " (Spearman \u03c1 = " + one_decimal(rho);
  if (!std::isnan(low) && !std::isnan(high)) value += ", 95% interval " + one_decimal(low) + " to " + one_decimal(high);
  value += ", " + std::to_string(answers) + " answers)";
  if (rho >= kStrong) return "The meter agreed well with how close people said they felt" + value + ".";
  if (rho >= kSome) return "The meter agreed somewhat with how close people said they felt" + value + ".";
  if (rho > -kSome) return "The meter and how close people felt were hardly related" + value + ".";
  return "The meter and how close people felt pointed in opposite directions" + value + ".";
}

// ---- DebriefScene ---------------------------------------------------------------

std::unique_ptr<Scene> make_debrief_scene(SceneContext& ctx) { return std::make_unique<DebriefScene>(ctx); }

DebriefScene::DebriefScene(SceneContext& ctx) {
  header_.set_title("Your debrief");
  for (auto& row : rows_) {
    row.detail.set_colour(ctx.theme.colours.text_muted);
    row.common.set_wrap(true);
  }
  kudos_.set_wrap(true);
  more_.set_colour(ctx.theme.colours.text_muted);
  kudos_caption_.set_colour(ctx.theme.colours.text_muted);
  saved_.set_wrap(true);
  saved_.set_colour(ctx.theme.colours.text_muted);
  strongest_.set_wrap(true);
  tip_.set_wrap(true);
  save_.on_activate([this, &ctx] { save_chart(ctx); });
  leave_.on_activate([&ctx] { ctx.session.leave(); });
  focus_.add(save_);
  focus_.add(leave_);
}

void DebriefScene::layout(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const DesignFrame f = design_frame(t);
  header_.place(f.rect(32, 12, 860, 76), f.rect(952, 18, 296, 60), t);
  people_panel_.place(f.rect(32, 96, 560, 608), t);
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const float top = 172.0F + static_cast<float>(i) * 96.0F;
    rows_[i].name.place(f.rect(56, top, 510, 30), t);
    rows_[i].detail.place(f.rect(56, top + 30, 510, 26), t);
    rows_[i].common.place(f.rect(56, top + 56, 510, 44), t);
  }
  more_.place(f.rect(56, 556, 510, 26), t);
  kudos_caption_.place(f.rect(56, 588, 510, 26), t);
  kudos_.place(f.rect(56, 614, 520, 80), t);
  chart_panel_.place(f.rect(608, 96, 640, 392), t);
  chart_.place(f.rect(628, 156, 600, 252), t);
  save_.place(f.rect(628, 424, 260, 48), t);
  saved_.place(f.rect(900, 420, 336, 60), t);
  advice_panel_.place(f.rect(608, 500, 640, 204), t);
  strongest_icon_ = {f.origin.x + 650.0F * f.scale, f.origin.y + 534.0F * f.scale};
  strongest_.place(f.rect(676, 520, 550, 34), t);
  tip_.place(f.rect(632, 562, 590, 80), t);
  leave_.place(f.rect(1088, 648, 144, 44), t);
}

void DebriefScene::fill(SceneContext& ctx) {
  const ClientSession& s = ctx.session;
  const Debrief& d = *s.view().debrief();
  filled_ = true;
  partners_shown_ = std::min(d.partners.size(), rows_.size());
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    PartnerRow& row = rows_[i];
    if (i >= partners_shown_) {
      row.name.set_text("");
      row.detail.set_text("");
      row.common.set_text("");
      continue;
    }
    const DebriefPartner& p = d.partners[i];
    row.name.set_text(p.name.empty() ? s.name_of(p.player) : p.name);
    std::string detail = "Rotation " + std::to_string(p.rotation) + " \u00b7 rapport " + std::to_string(p.meter.overall);
    if (p.ios_given > 0) detail += " \u00b7 you felt " + std::to_string(p.ios_given) + " of 7 close";
    row.detail.set_text(detail);
    row.common.set_text(p.common_ground.empty() ? "" : "In common: " + p.common_ground);
  }
  more_.set_text(d.partners.size() > rows_.size()
                     ? "+" + std::to_string(d.partners.size() - rows_.size()) + " more in the session report"
                 : d.partners.empty() ? "You had no partner this time." : "");
  // "Great listener ×2 · Made me laugh": each kudos once, with a count.
  std::map<std::string, int> counts;
  for (const auto& k : d.kudos_received) ++counts[k];
  std::string kudos;
  for (const auto& [text, n] : counts) {
    kudos += (kudos.empty() ? "" : "  \u00b7  ") + text + (n > 1 ? " \u00d7" + std::to_string(n) : "");
  }
  kudos_.set_text(kudos.empty() ? "None this time; kudos are optional." : kudos);
  chart_.set_samples(d.timeline);
  strongest_.set_text("Your strongest: " + std::string(meter_component_name(d.strongest)));
  tip_.set_text("To grow " + lower(meter_component_name(d.weakest)) + ": " + d.tip);
}

void DebriefScene::save_chart(SceneContext& ctx) {
  const std::string name = chart_file_name(ctx.session.session_code());
  std::string error;
  if (chart_.save_png(ctx.theme, name, error)) {
    std::error_code ec;
    const auto full = std::filesystem::absolute(name, ec);
    saved_path_ = ec ? name : full.string();
    saved_.set_text("Saved to " + saved_path_);
  } else {
    saved_path_.clear();
    saved_.set_text(error);
  }
}

void DebriefScene::handle_event(const sf::Event& event, SceneContext& ctx) {
  (void)ctx;
  (void)focus_.handle_event(event);
}

void DebriefScene::update(SceneContext& ctx) {
  if (follow_session(ctx, SceneName::Debrief)) return;
  header_.update(ctx.session, ctx.now_ms);
  if (!filled_ && ctx.session.view().debrief()) fill(ctx);
}

void DebriefScene::draw(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const std::int64_t now = ctx.now_ms;
  paint_background(canvas, t, now);
  header_.draw(canvas, t, now);
  people_panel_.draw(canvas, t, now);
  chart_panel_.draw(canvas, t, now);
  advice_panel_.draw(canvas, t, now);
  if (!filled_) return;
  for (auto& row : rows_) {
    row.name.draw(canvas, t, now);
    row.detail.draw(canvas, t, now);
    row.common.draw(canvas, t, now);
  }
  more_.draw(canvas, t, now);
  kudos_caption_.draw(canvas, t, now);
  kudos_.draw(canvas, t, now);
  chart_.draw(canvas, t, now);
  save_.draw(canvas, t, now);
  saved_.draw(canvas, t, now);
  const MeterComponent strongest = ctx.session.view().debrief()->strongest;
  draw_meter_icon(canvas.shapes(), strongest, strongest_icon_, t.px(26.0F), meter_colour(strongest));
  strongest_.draw(canvas, t, now);
  tip_.draw(canvas, t, now);
  leave_.draw(canvas, t, now);
}

bool DebriefScene::ready(const SceneContext& ctx) const { return filled_ && ctx.session.view().debrief().has_value(); }

// ---- SummaryScene ---------------------------------------------------------------

std::unique_ptr<Scene> make_summary_scene(SceneContext& ctx) { return std::make_unique<SummaryScene>(ctx); }

SummaryScene::SummaryScene(SceneContext& ctx) {
  header_.set_title("Group summary");
  for (auto& n : numbers_) {
    n.set_role(TextRole::Title);
    n.set_bold(true);
  }
  for (auto& c : captions_) {
    c.set_colour(ctx.theme.colours.text_muted);
    c.set_wrap(true);
  }
  correlation_.set_wrap(true);
  report_.set_wrap(true);
  report_.set_colour(ctx.theme.colours.text_muted);
  meter_caption_.set_colour(ctx.theme.colours.text_muted);
  leave_.on_activate([&ctx] { ctx.session.leave(); });
  focus_.add(leave_);
}

void SummaryScene::layout(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const DesignFrame f = design_frame(t);
  header_.place(f.rect(32, 12, 860, 76), f.rect(952, 18, 296, 60), t);
  panel_.place(f.rect(32, 96, 1216, 608), t);
  for (std::size_t i = 0; i < kFigures; ++i) {
    const float x = 64.0F + static_cast<float>(i) * 170.0F;
    numbers_[i].place(f.rect(x, 124, 160, 70), t);
    captions_[i].place(f.rect(x, 196, 156, 56), t);
  }
  meter_caption_.place(f.rect(780, 124, 420, 26), t);
  meter_.place(f.rect(780, 156, 420, 300), t);
  correlation_.place(f.rect(64, 300, 660, 110), t);
  report_.place(f.rect(64, 420, 660, 90), t);
  leave_.place(f.rect(1000, 636, 232, 52), t);
}

void SummaryScene::handle_event(const sf::Event& event, SceneContext& ctx) {
  (void)ctx;
  (void)focus_.handle_event(event);
}

void SummaryScene::update(SceneContext& ctx) {
  if (follow_session(ctx, SceneName::Summary)) return;
  header_.update(ctx.session, ctx.now_ms);
  const auto& summary = ctx.session.view().summary();
  if (!summary) return;
  const GroupSummary& g = *summary;
  const std::array<std::string, kFigures> numbers{std::to_string(g.participants), std::to_string(g.groups),
                                                  std::isnan(g.average_ios) ? "\u2013" : one_decimal(g.average_ios),
                                                  std::to_string(g.kudos)};
  const std::array<std::string, kFigures> captions{"people", "groups over " + std::to_string(g.rotations) + " rotations",
                                                   "average closeness, 1\u20137", "kudos given"};
  for (std::size_t i = 0; i < kFigures; ++i) {
    numbers_[i].set_text(numbers[i]);
    captions_[i].set_text(captions[i]);
  }
  meter_.set_target(g.average);
  meter_.update(ctx.now_ms, ctx.theme.reduced_motion());
  correlation_.set_text(correlation_in_words(g.ios_correlation, g.ios_answers, g.ios_low, g.ios_high));
  report_.set_text(g.report_path.empty() ? "No report file was written (the server has no report folder)."
                                         : "Full report: " + g.report_path);
}

void SummaryScene::draw(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const std::int64_t now = ctx.now_ms;
  paint_background(canvas, t, now);
  header_.draw(canvas, t, now);
  panel_.draw(canvas, t, now);
  if (!ctx.session.view().summary()) return;
  for (auto& n : numbers_) n.draw(canvas, t, now);
  for (auto& c : captions_) c.draw(canvas, t, now);
  meter_caption_.draw(canvas, t, now);
  meter_.draw(canvas, t, now);
  correlation_.draw(canvas, t, now);
  report_.draw(canvas, t, now);
  leave_.draw(canvas, t, now);
}

bool SummaryScene::ready(const SceneContext& ctx) const { return ctx.session.view().summary().has_value(); }

}  // namespace rapport::client
