#include "behaviour.hpp"

#include <algorithm>
#include <cctype>

namespace rapport::bots {
namespace {

const std::vector<std::string> kOpenQuestions = {
    "What got you into the work you do now?",
    "How did you spend your last free weekend?",
    "What is something you are looking forward to this month?",
    "Tell me about a place you love to visit.",
    "What do you enjoy most about your team?",
    "How did you learn the skill you are proudest of?",
    "What would your ideal Saturday look like?",
    "Why did you choose the city you live in?",
};
const std::vector<std::string> kWarmShares = {
    "I love that! For me it was cooking with my family on Sundays, which still makes me happy.",
    "That sounds great. I enjoy long walks by the river, they help me think and relax.",
    "Nice, thank you for sharing. I started painting last year and it has been wonderful.",
    "Really interesting! I grew up near the sea, so I still love swimming whenever I can.",
    "That is lovely to hear. I am learning guitar, slowly, and it makes me smile every evening.",
};
const std::vector<std::string> kNeutralShares = {
    "I see. I mostly work and sometimes read in the evenings.",
    "Okay. I went to the shops and watched a film.",
    "Sure. My weekend was fairly normal, some chores.",
};
const std::vector<std::string> kColdLines = {
    "ok", "no", "not really", "whatever", "fine",
};
const std::vector<std::string> kMonologue = {
    "Anyway, my own project at work is the most important thing right now and I spend all my time on it, "
    "the deadlines, the meetings, the reports, it is all about getting my numbers right and nobody else "
    "really understands how much there is to do.",
    "Also I have been redoing my kitchen myself, which I think is the best way, and I have strong opinions "
    "about tiles and cupboards and I really do not need anyone else's advice on any of it.",
};

// Replies that fit any scene, for a bot playing a role.
const std::vector<std::string> kInCharacterReplies = {
    "I hear you. What would make this easier for you?",
    "That makes sense. Tell me a bit more about that.",
    "Thank you for saying that. How do you see it?",
    "Right, I understand. What matters most to you here?",
};
const std::vector<std::string> kInCharacterShort = {"Okay.", "I see.", "Right."};

// The longest word of the partner's message, to pick up their own words.
std::string content_word(const std::string& text) {
  std::string best, word;
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      if (word.size() > best.size()) best = word;
      word.clear();
    }
  }
  return best.size() >= 5 ? best : std::string{};
}

}  // namespace

const char* style_name(Style style) {
  switch (style) {
    case Style::Warm: return "warm";
    case Style::Neutral: return "neutral";
    case Style::Cold: return "cold";
  }
  return "?";
}

std::vector<Planned> Behaviour::on_new_group(std::int64_t now, bool opener, const std::string& prompt) {
  turns_ = 0;
  std::vector<Planned> plan;
  if (in_character_) opener = false;  // the role card's lines open the scene
  switch (style_) {
    case Style::Warm:
      plan.push_back({now + delay(1000, 2500), Planned::Kind::Gesture, {}, Gesture::Wave});
      if (opener) {
        plan.push_back({now + delay(3000, 5000), Planned::Kind::Chat,
                        prompt.empty() ? "Hi! " + pick(kOpenQuestions) : "Hi! " + prompt, Gesture::Smile});
      }
      plan.push_back({now + delay(4000, 8000), Planned::Kind::Gesture, {}, Gesture::Smile});
      break;
    case Style::Neutral:
      if (opener) plan.push_back({now + delay(5000, 9000), Planned::Kind::Chat, "Hello. " + pick(kOpenQuestions), {}});
      break;
    case Style::Cold:
      plan.push_back({now + delay(2000, 6000), Planned::Kind::Gesture, {}, Gesture::ArmsCrossed});
      if (opener) plan.push_back({now + delay(8000, 15000), Planned::Kind::Chat, pick(kMonologue), {}});
      break;
  }
  return plan;
}

std::vector<Planned> Behaviour::on_partner_chat(std::int64_t now, const std::string& text) {
  ++turns_;
  std::vector<Planned> plan;
  if (in_character_) {
    if (style_ == Style::Warm) {
      plan.push_back({now + delay(4000, 9000), Planned::Kind::Chat, pick(kInCharacterReplies), {}});
      if (rng_.below(2) == 0) plan.push_back({now + delay(1000, 2500), Planned::Kind::Gesture, {}, Gesture::Nod});
    } else if (style_ == Style::Neutral && rng_.below(2) == 0) {
      plan.push_back({now + delay(9000, 20000), Planned::Kind::Chat, pick(kInCharacterShort), {}});
    } else if (style_ == Style::Cold && rng_.below(3) == 0) {
      plan.push_back({now + delay(30000, 50000), Planned::Kind::Chat, pick(kColdLines), {}});
    }
    return plan;
  }
  switch (style_) {
    case Style::Warm: {
      const std::string word = content_word(text);
      std::string reply = pick(kWarmShares);
      if (!word.empty()) reply = "You mentioned " + word + ", how was that? " + reply;
      if (turns_ % 2 == 1) reply += " " + pick(kOpenQuestions);
      plan.push_back({now + delay(5000, 11000), Planned::Kind::Chat, reply, {}});
      if (rng_.below(3) == 0) plan.push_back({now + delay(1000, 2500), Planned::Kind::Gesture, {}, Gesture::Nod});
      break;
    }
    case Style::Neutral:
      plan.push_back({now + delay(9000, 20000), Planned::Kind::Chat, pick(kNeutralShares), {}});
      break;
    case Style::Cold:
      // Mostly ignores; sometimes answers late, curtly or with a monologue.
      if (rng_.below(3) == 0) {
        plan.push_back({now + delay(30000, 50000), Planned::Kind::Chat,
                        rng_.below(2) == 0 ? pick(kColdLines) : pick(kMonologue), {}});
      }
      break;
  }
  return plan;
}

std::vector<Planned> Behaviour::on_partner_gesture(std::int64_t now, Gesture gesture) {
  std::vector<Planned> plan;
  if (style_ == Style::Warm && gesture != Gesture::ArmsCrossed && rng_.below(2) == 0) {
    // Mirror after a natural delay, and only sometimes: subtle, not mechanical.
    plan.push_back({now + delay(2000, 5000), Planned::Kind::Gesture, {}, gesture});
  }
  return plan;
}

std::vector<Planned> Behaviour::on_idle(std::int64_t now, std::int64_t quiet_for_ms) {
  std::vector<Planned> plan;
  if (in_character_) {
    // Only keeps a scene going once the partner has spoken: the card's lines
    // open it (during the briefing nobody talks yet).
    if (style_ == Style::Warm && turns_ > 0 && quiet_for_ms > 25000) {
      plan.push_back({now + delay(500, 2000), Planned::Kind::Chat, pick(kInCharacterReplies), {}});
    }
    return plan;
  }
  if (style_ == Style::Warm && quiet_for_ms > 20000) {
    plan.push_back({now + delay(500, 2000), Planned::Kind::Chat, pick(kOpenQuestions), {}});
  } else if (style_ == Style::Neutral && quiet_for_ms > 40000) {
    plan.push_back({now + delay(500, 2000), Planned::Kind::Chat, pick(kOpenQuestions), {}});
  }
  return plan;
}

std::uint8_t Behaviour::ios_answer() {
  switch (style_) {
    case Style::Warm: return static_cast<std::uint8_t>(5 + rng_.below(3));
    case Style::Neutral: return static_cast<std::uint8_t>(3 + rng_.below(3));
    case Style::Cold: return static_cast<std::uint8_t>(1 + rng_.below(2));
  }
  return 4;
}

std::uint8_t Behaviour::kudos_answer() {
  if (style_ == Style::Cold) return 0;
  return static_cast<std::uint8_t>(1 + rng_.below(6));
}

}  // namespace rapport::bots
