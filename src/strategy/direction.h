// src/strategy/direction.h
#pragma once

namespace orbit::strategy {

enum class Direction { kNone, kLong, kShort };  // kNone: no entry (NoTrade)

}  // namespace orbit::strategy
