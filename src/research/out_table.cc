#include "research/out_table.h"

#include "module/arrow_module.h"

namespace orbit::research {

void WriteOutTable(const OutTable& table, const std::string& path) { ArrowModule::Get().write_out_table(table, path); }

}  // namespace orbit::research
