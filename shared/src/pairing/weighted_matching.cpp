#include "weighted_matching.hpp"

#include <algorithm>
#include <limits>

namespace rapport::detail {
namespace {

// Vertices are 1..n; blossoms get ids n+1..2n; 0 means "none".
// Duals and weights are doubled in slack() so every dual stays an integer.
struct Edge {
  int u = 0;
  int v = 0;
  std::int64_t w = 0;
};

constexpr int kUnlabelled = -1;
constexpr int kOuter = 0;  // "S": even distance from a free vertex
constexpr int kInner = 1;  // "T": odd distance

class BlossomSolver {
 public:
  BlossomSolver(int n, const std::vector<std::int64_t>& weights)
      : n_(n), stride_(2 * n + 1), edges_(to_size(stride_) * to_size(stride_)),
        dual_(to_size(stride_)), mate_(to_size(stride_)), slack_(to_size(stride_)),
        top_(to_size(stride_)), parent_(to_size(stride_)), label_(to_size(stride_)),
        visited_(to_size(stride_)), sub_of_(to_size(stride_) * to_size(n + 1)),
        children_(to_size(stride_)) {
    for (int u = 1; u <= n_; ++u) {
      for (int v = 1; v <= n_; ++v) {
        const std::int64_t w = u == v ? 0 : weights[to_size(u - 1) * to_size(n_) + to_size(v - 1)];
        edge(u, v) = Edge{u, v, std::max<std::int64_t>(w, 0)};
      }
    }
  }

  std::vector<int> solve() {
    count_ = n_;
    std::int64_t max_weight = 0;
    for (int u = 1; u <= n_; ++u) {
      top_[to_size(u)] = u;
      children_[to_size(u)].clear();
      for (int v = 1; v <= n_; ++v) {
        sub(u, v) = u == v ? u : 0;
        max_weight = std::max(max_weight, edge(u, v).w);
      }
    }
    for (int u = 1; u <= n_; ++u) dual_[to_size(u)] = max_weight;
    while (grow_and_augment()) {
    }
    std::vector<int> result(to_size(n_), -1);
    for (int u = 1; u <= n_; ++u) {
      if (mate_[to_size(u)] != 0) result[to_size(u - 1)] = mate_[to_size(u)] - 1;
    }
    return result;
  }

 private:
  static std::size_t to_size(int value) { return static_cast<std::size_t>(value); }
  Edge& edge(int a, int b) { return edges_[to_size(a) * to_size(stride_) + to_size(b)]; }
  int& sub(int blossom, int vertex) { return sub_of_[to_size(blossom) * to_size(n_ + 1) + to_size(vertex)]; }
  std::int64_t slack(const Edge& e) const { return dual_[to_size(e.u)] + dual_[to_size(e.v)] - e.w * 2; }
  int& top(int x) { return top_[to_size(x)]; }
  int& mate(int x) { return mate_[to_size(x)]; }
  int& label(int x) { return label_[to_size(x)]; }
  int& parent(int x) { return parent_[to_size(x)]; }
  int& best(int x) { return slack_[to_size(x)]; }

  void update_best(int u, int x) {
    if (best(x) == 0 || slack(edge(u, x)) < slack(edge(best(x), x))) best(x) = u;
  }
  void recompute_best(int x) {
    best(x) = 0;
    for (int u = 1; u <= n_; ++u) {
      if (edge(u, x).w > 0 && top(u) != x && label(top(u)) == kOuter) update_best(u, x);
    }
  }
  void push(int x) {
    if (x <= n_) {
      queue_.push_back(x);
      return;
    }
    for (int child : children_[to_size(x)]) push(child);
  }
  void set_top(int x, int blossom) {
    top(x) = blossom;
    if (x > n_) {
      for (int child : children_[to_size(x)]) set_top(child, blossom);
    }
  }
  // Position of child `xr` in blossom b's cycle, flipping the cycle so that the
  // path from the base to xr has even length.
  int even_position(int b, int xr) {
    auto& cycle = children_[to_size(b)];
    const int pos = static_cast<int>(std::find(cycle.begin(), cycle.end(), xr) - cycle.begin());
    if (pos % 2 == 1) {
      std::reverse(cycle.begin() + 1, cycle.end());
      return static_cast<int>(cycle.size()) - pos;
    }
    return pos;
  }
  void set_mate(int u, int v) {
    mate(u) = edge(u, v).v;
    if (u <= n_) return;
    const Edge e = edge(u, v);
    const int xr = sub(u, e.u);
    const int pos = even_position(u, xr);
    auto& cycle = children_[to_size(u)];
    for (int i = 0; i < pos; ++i) set_mate(cycle[to_size(i)], cycle[to_size(i ^ 1)]);
    set_mate(xr, v);
    std::rotate(cycle.begin(), cycle.begin() + pos, cycle.end());
  }
  void augment(int u, int v) {
    for (;;) {
      const int next = top(mate(u));
      set_mate(u, v);
      if (next == 0) return;
      set_mate(next, top(parent(next)));
      u = top(parent(next));
      v = next;
    }
  }
  int common_ancestor(int u, int v) {
    ++stamp_;
    while (u != 0 || v != 0) {
      if (u != 0) {
        if (visited_[to_size(u)] == stamp_) return u;
        visited_[to_size(u)] = stamp_;
        u = top(mate(u));
        if (u != 0) u = top(parent(u));
      }
      std::swap(u, v);
    }
    return 0;
  }
  void add_blossom(int u, int base, int v) {
    int b = n_ + 1;
    while (b <= count_ && top(b) != 0) ++b;
    if (b > count_) ++count_;
    dual_[to_size(b)] = 0;
    label(b) = kOuter;
    mate(b) = mate(base);
    auto& cycle = children_[to_size(b)];
    cycle.assign(1, base);
    for (int x = u; x != base;) {
      cycle.push_back(x);
      const int y = top(mate(x));
      cycle.push_back(y);
      push(y);
      x = top(parent(y));
    }
    std::reverse(cycle.begin() + 1, cycle.end());
    for (int x = v; x != base;) {
      cycle.push_back(x);
      const int y = top(mate(x));
      cycle.push_back(y);
      push(y);
      x = top(parent(y));
    }
    set_top(b, b);
    for (int x = 1; x <= count_; ++x) edge(b, x).w = edge(x, b).w = 0;
    for (int x = 1; x <= n_; ++x) sub(b, x) = 0;
    for (int child : cycle) {
      for (int x = 1; x <= count_; ++x) {
        if (edge(b, x).w == 0 || slack(edge(child, x)) < slack(edge(b, x))) {
          edge(b, x) = edge(child, x);
          edge(x, b) = edge(x, child);
        }
      }
      for (int x = 1; x <= n_; ++x) {
        if (sub(child, x) != 0) sub(b, x) = child;
      }
    }
    recompute_best(b);
  }
  void expand_blossom(int b) {
    auto cycle = children_[to_size(b)];
    for (int child : cycle) set_top(child, child);
    const int xr = sub(b, edge(b, parent(b)).u);
    const int pos = even_position(b, xr);
    cycle = children_[to_size(b)];
    for (int i = 0; i < pos; i += 2) {
      const int xs = cycle[to_size(i)];
      const int xns = cycle[to_size(i + 1)];
      parent(xs) = edge(xns, xs).u;
      label(xs) = kInner;
      label(xns) = kOuter;
      best(xs) = 0;
      recompute_best(xns);
      push(xns);
    }
    label(xr) = kInner;
    parent(xr) = parent(b);
    for (std::size_t i = to_size(pos) + 1; i < cycle.size(); ++i) {
      label(cycle[i]) = kUnlabelled;
      recompute_best(cycle[i]);
    }
    top(b) = 0;
  }
  // Returns true when an augmentation happened.
  bool on_tight_edge(const Edge& e) {
    const int u = top(e.u);
    const int v = top(e.v);
    if (label(v) == kUnlabelled) {
      parent(v) = e.u;
      label(v) = kInner;
      const int next = top(mate(v));
      best(v) = 0;
      best(next) = 0;
      label(next) = kOuter;
      push(next);
    } else if (label(v) == kOuter) {
      const int base = common_ancestor(u, v);
      if (base == 0) {
        augment(u, v);
        augment(v, u);
        return true;
      }
      add_blossom(u, base, v);
    }
    return false;
  }
  // One stage: grows alternating trees and adjusts duals until an augmenting
  // path is found (true) or no further improvement exists (false).
  bool grow_and_augment() {
    std::fill(label_.begin(), label_.end(), kUnlabelled);
    std::fill(slack_.begin(), slack_.end(), 0);
    queue_.clear();
    for (int x = 1; x <= count_; ++x) {
      if (top(x) == x && mate(x) == 0) {
        parent(x) = 0;
        label(x) = kOuter;
        push(x);
      }
    }
    if (queue_.empty()) return false;
    for (;;) {
      for (std::size_t head = 0; head < queue_.size(); ++head) {
        const int u = queue_[head];
        if (label(top(u)) == kInner) continue;
        for (int v = 1; v <= n_; ++v) {
          if (edge(u, v).w > 0 && top(u) != top(v)) {
            if (slack(edge(u, v)) == 0) {
              if (on_tight_edge(edge(u, v))) return true;
            } else {
              update_best(u, top(v));
            }
          }
        }
      }
      std::int64_t delta = std::numeric_limits<std::int64_t>::max();
      for (int b = n_ + 1; b <= count_; ++b) {
        if (top(b) == b && label(b) == kInner) delta = std::min(delta, dual_[to_size(b)] / 2);
      }
      for (int x = 1; x <= count_; ++x) {
        if (top(x) != x || best(x) == 0) continue;
        if (label(x) == kUnlabelled) {
          delta = std::min(delta, slack(edge(best(x), x)));
        } else if (label(x) == kOuter) {
          delta = std::min(delta, slack(edge(best(x), x)) / 2);
        }
      }
      for (int u = 1; u <= n_; ++u) {
        if (label(top(u)) == kOuter) {
          if (dual_[to_size(u)] <= delta) return false;
          dual_[to_size(u)] -= delta;
        } else if (label(top(u)) == kInner) {
          dual_[to_size(u)] += delta;
        }
      }
      for (int b = n_ + 1; b <= count_; ++b) {
        if (top(b) != b) continue;
        if (label(b) == kOuter) {
          dual_[to_size(b)] += delta * 2;
        } else if (label(b) == kInner) {
          dual_[to_size(b)] -= delta * 2;
        }
      }
      queue_.clear();
      for (int x = 1; x <= count_; ++x) {
        if (top(x) == x && best(x) != 0 && top(best(x)) != x && slack(edge(best(x), x)) == 0) {
          if (on_tight_edge(edge(best(x), x))) return true;
        }
      }
      for (int b = n_ + 1; b <= count_; ++b) {
        if (top(b) == b && label(b) == kInner && dual_[to_size(b)] == 0) expand_blossom(b);
      }
    }
  }

  int n_;
  int stride_;
  int count_ = 0;  // highest vertex or blossom id in use
  int stamp_ = 0;
  std::vector<Edge> edges_;
  std::vector<std::int64_t> dual_;
  std::vector<int> mate_;
  std::vector<int> slack_;  // per top-level x: the vertex of the least-slack edge to x
  std::vector<int> top_;
  std::vector<int> parent_;
  std::vector<int> label_;
  std::vector<int> visited_;
  std::vector<int> sub_of_;  // sub_of_[b][v]: the child of blossom b holding vertex v
  std::vector<std::vector<int>> children_;
  std::vector<int> queue_;
};

}  // namespace

std::vector<int> max_weight_matching(std::size_t n, const std::vector<std::int64_t>& weights) {
  if (n == 0) return {};
  BlossomSolver solver(static_cast<int>(n), weights);
  return solver.solve();
}

}  // namespace rapport::detail
