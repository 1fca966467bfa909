// src/strategy/outcome.h
#pragma once

#include <string_view>

namespace orbit::strategy {

enum class Outcome { kWin, kBE, kLoss, kTime, kOpen, kNoTrade };

constexpr std::string_view OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kWin: return "Win";
    case Outcome::kBE: return "BE";
    case Outcome::kLoss: return "Loss";
    case Outcome::kTime: return "TIME";
    case Outcome::kOpen: return "OPEN";
    case Outcome::kNoTrade: return "NoTrade";
  }
  return "";
}

// Post-processing rank (§6.3): Win=5, BE=4, Loss=3, TIME=2, OPEN=1, else -1.
constexpr int OutcomeRank(Outcome o) {
  switch (o) {
    case Outcome::kWin: return 5;
    case Outcome::kBE: return 4;
    case Outcome::kLoss: return 3;
    case Outcome::kTime: return 2;
    case Outcome::kOpen: return 1;
    case Outcome::kNoTrade: return -1;
  }
  return -1;
}

}  // namespace orbit::strategy
