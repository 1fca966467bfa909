// src/source/contract_symbol.h
//
// Vendor exports name the traded contract, not Orbit's instrument: Databento's
// `symbol` column holds "ESH4" (raw), "ES.c.0" / "ES.v.1" (continuous) or
// "ES.FUT" (parent). ContractInstrument maps such a symbol to the instrument
// whose root it carries; anything else (a spread "ESH4-ESM4", an options
// symbol, an unknown root) is returned upper-cased as it is, for the reader's
// "unknown instrument" check to name it.
#pragma once

#include <string>
#include <string_view>

namespace orbit::source {

// "ESH4" -> "ES", "MESZ24" -> "MES", "M2KU5" -> "M2K", "ES.c.0" -> "ES",
// "nq.FUT" -> "NQ", "ES" -> "ES"; "ESH4-ESM4" -> "ESH4-ESM4".
std::string ContractInstrument(std::string_view symbol);

}  // namespace orbit::source
