#include "rapport/session/debrief.hpp"

#include "rapport/session/kudos.hpp"
#include "rapport/util/statistics.hpp"

#include <algorithm>
#include <cmath>

namespace rapport {
namespace {

MeterComponent to_meter_component(Component c) {
  switch (c) {
    case Component::Attentiveness: return MeterComponent::Attentiveness;
    case Component::Positivity: return MeterComponent::Positivity;
    case Component::Coordination: return MeterComponent::Coordination;
    case Component::Balance: return MeterComponent::Balance;
    case Component::kCount: break;
  }
  return MeterComponent::Overall;
}

bool contains(const std::vector<std::uint32_t>& ids, std::uint32_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

double mean_ios(const GroupRecord& group) {
  double sum = 0;
  int n = 0;
  for (const auto& [author, answers] : group.reflections) {
    for (const auto& r : answers) {
      sum += r.ios;
      ++n;
    }
  }
  return n == 0 ? 0.0 : sum / n;
}

Debrief build_debrief(const SessionState& state, std::uint32_t player) {
  Debrief d;
  // Component totals over the rotations, to pick the strongest and weakest.
  std::array<double, kComponentCount> totals{};
  int rotations_with_insight = 0;
  const Insight* latest = nullptr;
  for (const auto& g : state.groups) {
    if (!contains(g.ever_members, player) || g.ever_members.size() < 2) continue;
    std::string shared;
    for (const auto& round : g.rounds) {
      for (const auto& item : round.shared_items) {
        if (shared.size() + item.size() + 2 > kMaxLongTextBytes) break;
        shared += shared.empty() ? item : "; " + item;
      }
    }
    std::uint8_t given = 0;
    if (auto it = g.reflections.find(player); it != g.reflections.end()) {
      for (const auto& r : it->second) given = std::max(given, r.ios);
    }
    for (auto other : g.ever_members) {
      if (other == player || d.partners.size() >= kMaxDebriefPartners) continue;
      DebriefPartner p;
      p.player = other;
      const Seat* seat = state.seat(other);
      p.name = seat ? seat->name : "a partner who left";
      p.rotation = g.rotation;
      p.meter = g.meter;
      p.ios_given = given;
      p.common_ground = shared;
      d.partners.push_back(std::move(p));
    }
    for (const auto& [author, answers] : g.reflections) {
      if (author == player) continue;
      for (const auto& r : answers) {
        if (r.about == player && r.kudos != 0 && d.kudos_received.size() < kMaxKudosReceived) {
          d.kudos_received.emplace_back(kudos_text(r.kudos));
        }
      }
    }
    d.timeline.insert(d.timeline.end(), g.timeline.begin(), g.timeline.end());
    if (auto it = g.insights.find(player); it != g.insights.end()) {
      for (std::size_t c = 0; c < kComponentCount; ++c) totals[c] += it->second.own.components[c];
      ++rotations_with_insight;
      latest = &it->second;
    }
  }
  // Every rotation's chart, thinned together so the last one is not cut off.
  d.timeline = thin_timeline(std::move(d.timeline), kMaxTimelinePoints);
  if (rotations_with_insight > 0) {
    const auto strongest = std::max_element(totals.begin(), totals.end()) - totals.begin();
    const auto weakest = std::min_element(totals.begin(), totals.end()) - totals.begin();
    d.strongest = to_meter_component(static_cast<Component>(strongest));
    d.weakest = to_meter_component(static_cast<Component>(weakest));
    d.tip = latest ? latest->tip_text : std::string{};
  } else {
    d.tip = "Next time, ask your partner an open question early: \"What got you into that?\"";
  }
  return d;
}

std::optional<IosAgreement> ios_meter_agreement(const SessionState& state) {
  constexpr std::size_t kMinAnswers = 3;
  std::vector<double> meters;
  std::vector<double> ios;
  for (const auto& g : state.groups) {
    if (g.ever_members.size() < 2) continue;
    const MeterValues& compared = g.meter_at_reflection ? *g.meter_at_reflection : g.meter;
    for (const auto& [author, answers] : g.reflections) {
      for (const auto& r : answers) {
        if (r.ios == 0 || r.about == author) continue;
        meters.push_back(compared.overall);
        ios.push_back(r.ios);
      }
    }
  }
  if (meters.size() < kMinAnswers) return std::nullopt;
  const double rho = spearman(meters, ios);
  if (!std::isfinite(rho)) return std::nullopt;
  return IosAgreement{rho, meters.size(), spearman_interval(meters, ios)};
}

std::optional<double> ios_meter_correlation(const SessionState& state) {
  const auto agreement = ios_meter_agreement(state);
  if (!agreement) return std::nullopt;
  return agreement->rho;
}

std::vector<TimelineSample> thin_timeline(std::vector<TimelineSample> samples, std::size_t max_points) {
  if (samples.size() <= max_points || max_points < 2) {
    if (max_points < 2 && samples.size() > max_points) samples.resize(max_points);
    return samples;
  }
  std::vector<TimelineSample> out;
  out.reserve(max_points);
  const double step = static_cast<double>(samples.size() - 1) / static_cast<double>(max_points - 1);
  for (std::size_t i = 0; i < max_points; ++i) {
    out.push_back(samples[static_cast<std::size_t>(std::lround(static_cast<double>(i) * step))]);
  }
  return out;
}

GroupSummary build_summary(const SessionState& state, const std::string& report_path) {
  GroupSummary s;
  s.participants = static_cast<std::uint16_t>(state.participant_count());
  s.rotations = state.rotation;
  double sums[5] = {0, 0, 0, 0, 0};
  int groups = 0;
  double ios_sum = 0;
  int ios_groups = 0;
  for (const auto& g : state.groups) {
    if (g.ever_members.size() < 2) continue;
    ++groups;
    sums[0] += g.meter.overall;
    sums[1] += g.meter.attentiveness;
    sums[2] += g.meter.positivity;
    sums[3] += g.meter.coordination;
    sums[4] += g.meter.balance;
    if (const double m = mean_ios(g); m > 0) {
      ios_sum += m;
      ++ios_groups;
    }
    for (const auto& [author, answers] : g.reflections) {
      for (const auto& r : answers) s.kudos = static_cast<std::uint16_t>(s.kudos + (r.kudos != 0 ? 1 : 0));
    }
  }
  s.groups = static_cast<std::uint16_t>(groups);
  if (groups > 0) {
    const auto avg = [&](double v) { return static_cast<std::uint8_t>(std::lround(v / groups)); };
    s.average = MeterValues{avg(sums[0]), avg(sums[1]), avg(sums[2]), avg(sums[3]), avg(sums[4])};
  }
  s.average_ios = ios_groups > 0 ? static_cast<float>(ios_sum / ios_groups) : 0.0F;
  const auto agreement = ios_meter_agreement(state);
  s.ios_correlation = agreement ? static_cast<float>(agreement->rho) : std::nanf("");
  s.ios_answers = agreement ? static_cast<std::uint16_t>(std::min<std::size_t>(agreement->n, UINT16_MAX)) : 0;
  s.ios_low = agreement && agreement->interval ? static_cast<float>(agreement->interval->low) : std::nanf("");
  s.ios_high = agreement && agreement->interval ? static_cast<float>(agreement->interval->high) : std::nanf("");
  s.report_path = report_path;
  return s;
}

}  // namespace rapport
