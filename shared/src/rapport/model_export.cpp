#include "rapport/rapport/model_export.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace rapport {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kExportFormat = "rapport-model-export";
constexpr int kExportVersion = 1;

std::string_view kind_name(PairEventKind kind) {
  switch (kind) {
    case PairEventKind::Chat: return "chat";
    case PairEventKind::Gesture: return "gesture";
    case PairEventKind::Kudos: return "kudos";
    case PairEventKind::RoundResult: return "round_result";
    case PairEventKind::CommonGroundFound: return "common_ground";
    case PairEventKind::Empathy: return "empathy";
    case PairEventKind::FirstImpression: return "first_impression";
    case PairEventKind::Setback: return "setback";
    case PairEventKind::kCount: break;
  }
  return "unknown";
}

std::string_view op_name(ModelOp::Kind kind) {
  switch (kind) {
    case ModelOp::Kind::Open: return "open";
    case ModelOp::Kind::Apply: return "event";
    case ModelOp::Kind::Pause: return "pause";
    case ModelOp::Kind::Resume: return "resume";
    case ModelOp::Kind::Members: return "members";
    case ModelOp::Kind::Finish: return "finish";
  }
  return "unknown";
}

struct ExportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const Json& need(const Json& object, const char* key, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) throw ExportError(where + ": missing \"" + key + "\"");
  return object.at(key);
}

template <class T>
T number(const Json& object, const char* key, const std::string& where, T min, T max) {
  const Json& v = need(object, key, where);
  if (!v.is_number()) throw ExportError(where + "." + key + ": expected a number");
  const double d = v.get<double>();
  if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max))) {
    throw ExportError(where + "." + key + ": out of range");
  }
  return static_cast<T>(d);
}

std::vector<std::uint32_t> member_list(const Json& object, const std::string& where) {
  const Json& list = need(object, "members", where);
  if (!list.is_array()) throw ExportError(where + ".members: expected a list of player ids");
  std::vector<std::uint32_t> out;
  for (const auto& id : list) {
    if (!id.is_number_unsigned()) throw ExportError(where + ".members: expected player ids");
    out.push_back(id.get<std::uint32_t>());
  }
  return out;
}

ModelOp parse_op(const Json& j, const std::string& where) {
  ModelOp op;
  const Json& kind = need(j, "op", where);
  if (!kind.is_string()) throw ExportError(where + ".op: expected a text");
  const auto name = kind.get<std::string>();
  op.t_ms = number<std::int64_t>(j, "t_ms", where, 0, std::int64_t{1} << 50);
  if (name == "open" || name == "members") {
    op.kind = name == "open" ? ModelOp::Kind::Open : ModelOp::Kind::Members;
    op.members = member_list(j, where);
  } else if (name == "pause" || name == "resume" || name == "finish") {
    op.kind = name == "pause" ? ModelOp::Kind::Pause : name == "resume" ? ModelOp::Kind::Resume : ModelOp::Kind::Finish;
  } else if (name == "event") {
    op.kind = ModelOp::Kind::Apply;
    const Json& k = need(j, "kind", where);
    if (!k.is_string()) throw ExportError(where + ".kind: expected a text");
    bool known = false;
    for (std::size_t i = 0; i < static_cast<std::size_t>(PairEventKind::kCount); ++i) {
      if (kind_name(static_cast<PairEventKind>(i)) == k.get<std::string>()) {
        op.event.kind = static_cast<PairEventKind>(i);
        known = true;
      }
    }
    if (!known) throw ExportError(where + ".kind: unknown event kind \"" + k.get<std::string>() + "\"");
    op.event.t_ms = op.t_ms;
    op.event.actor = number<std::uint32_t>(j, "actor", where, 0, UINT32_MAX);
    if (j.contains("text")) {
      if (!j.at("text").is_string()) throw ExportError(where + ".text: expected a text");
      op.event.text = j.at("text").get<std::string>();
    }
    if (j.contains("gesture")) {
      op.event.gesture = static_cast<Gesture>(
          number<std::uint32_t>(j, "gesture", where, 0, static_cast<std::uint32_t>(Gesture::kCount) - 1));
    }
    if (j.contains("value")) op.event.value = number<double>(j, "value", where, -1.0, 1.0);
  } else {
    throw ExportError(where + ".op: unknown operation \"" + name + "\"");
  }
  return op;
}

}  // namespace

std::optional<RapportModel> replay_model(std::shared_ptr<const ModelConfig> config, const std::vector<ModelOp>& ops,
                                         std::string* error) {
  const auto fail = [&](const std::string& why) -> std::optional<RapportModel> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (ops.empty() || ops.front().kind != ModelOp::Kind::Open) return fail("the first operation must be \"open\"");
  try {
    RapportModel model(std::move(config), ops.front().members, ops.front().t_ms);
    for (std::size_t i = 1; i < ops.size(); ++i) {
      const ModelOp& op = ops[i];
      switch (op.kind) {
        case ModelOp::Kind::Open: return fail("operation " + std::to_string(i) + ": a second \"open\"");
        case ModelOp::Kind::Apply: (void)model.apply(op.event); break;
        case ModelOp::Kind::Pause: model.pause(op.t_ms); break;
        case ModelOp::Kind::Resume: model.resume(op.t_ms); break;
        case ModelOp::Kind::Members: model.change_members(op.members, op.t_ms); break;
        case ModelOp::Kind::Finish: model.finish(op.t_ms); break;
      }
    }
    return model;
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  }
}

std::string model_export_json(const std::string& code, const std::vector<GroupExport>& groups) {
  Json root = {{"format", kExportFormat}, {"version", kExportVersion}, {"session", code}};
  Json list = Json::array();
  for (const auto& g : groups) {
    Json ops = Json::array();
    for (const auto& op : g.ops) {
      Json j = {{"op", op_name(op.kind)}, {"t_ms", op.t_ms}};
      if (op.kind == ModelOp::Kind::Open || op.kind == ModelOp::Kind::Members) j["members"] = op.members;
      if (op.kind == ModelOp::Kind::Apply) {
        j["kind"] = kind_name(op.event.kind);
        j["actor"] = op.event.actor;
        if (!op.event.text.empty()) j["text"] = op.event.text;
        if (op.event.kind == PairEventKind::Gesture) j["gesture"] = static_cast<unsigned>(op.event.gesture);
        if (op.event.value != 0.0) j["value"] = op.event.value;
      }
      ops.push_back(std::move(j));
    }
    Json answers = Json::array();
    for (const auto& a : g.answers) {
      answers.push_back({{"from", a.from}, {"about", a.about}, {"ios", a.ios}, {"kudos", a.kudos}});
    }
    list.push_back({{"group", g.group_id}, {"rotation", g.rotation}, {"ops", ops}, {"ios", answers}});
  }
  root["groups"] = list;
  return root.dump(1);
}

ModelExportLoad parse_model_export(std::string_view text, const std::string& file) {
  ModelExportLoad out;
  try {
    const Json root = Json::parse(text.begin(), text.end());
    if (!root.is_object() || root.value("format", std::string{}) != kExportFormat) {
      throw ExportError("not a Rapport model export (\"format\" must be \"" + std::string(kExportFormat) + "\")");
    }
    if (number<int>(root, "version", "top level", 0, 1000) != kExportVersion) {
      throw ExportError("version " + root.at("version").dump() + " is not " + std::to_string(kExportVersion));
    }
    const Json& groups = need(root, "groups", "top level");
    if (!groups.is_array()) throw ExportError("groups: expected a list");
    std::vector<GroupExport> result;
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
      const std::string where = "groups[" + std::to_string(gi) + "]";
      const Json& g = groups[gi];
      GroupExport ge;
      ge.group_id = number<std::uint32_t>(g, "group", where, 0, UINT32_MAX);
      ge.rotation = number<std::uint16_t>(g, "rotation", where, 0, UINT16_MAX);
      const Json& ops = need(g, "ops", where);
      if (!ops.is_array() || ops.empty()) throw ExportError(where + ".ops: expected a non-empty list");
      for (std::size_t oi = 0; oi < ops.size(); ++oi) {
        ge.ops.push_back(parse_op(ops[oi], where + ".ops[" + std::to_string(oi) + "]"));
      }
      if (ge.ops.front().kind != ModelOp::Kind::Open) throw ExportError(where + ".ops[0]: must be \"open\"");
      const Json& answers = need(g, "ios", where);
      if (!answers.is_array()) throw ExportError(where + ".ios: expected a list");
      for (std::size_t ai = 0; ai < answers.size(); ++ai) {
        const std::string w = where + ".ios[" + std::to_string(ai) + "]";
        IosAnswer a;
        a.from = number<std::uint32_t>(answers[ai], "from", w, 0, UINT32_MAX);
        a.about = number<std::uint32_t>(answers[ai], "about", w, 0, UINT32_MAX);
        a.ios = number<std::uint8_t>(answers[ai], "ios", w, 1, 7);
        a.kudos = answers[ai].value("kudos", false);
        ge.answers.push_back(a);
      }
      result.push_back(std::move(ge));
    }
    out.groups = std::move(result);
  } catch (const Json::exception& e) {
    out.error = file + ": not valid JSON (" + std::string(e.what()) + ")";
  } catch (const ExportError& e) {
    out.error = file + ": " + e.what();
  }
  return out;
}

}  // namespace rapport
