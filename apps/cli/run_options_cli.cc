#include "run_options_cli.h"

#include "orbit/option_values.h"
#include "orbit/error.h"

namespace orbit::cli {
namespace {

// A CLI11 validator that runs one of the library's value parsers: the same
// rule and message as ParseRunOptions, reported by CLI11 at parse time.
// CLI11 prefixes the option's name itself, so the library's own "--NAME: "
// prefix is dropped from the message.
template <typename Parse>
CLI::Validator LibraryCheck(const std::string& description, const std::string& flag, Parse parse) {
  return CLI::Validator(
      [parse, flag](std::string& text) -> std::string {
        try {
          parse(text);
          return {};
        } catch (const Error& e) {
          std::string message = e.what();
          if (message.rfind(flag + ": ", 0) == 0) message.erase(0, flag.size() + 2);
          return message;
        }
      },
      description);
}

}  // namespace

void AddRunOptions(CLI::App& command, RunOptionValues& values) {
  for (const OptionInfo& info : RunOptionCatalogue()) {
    std::string help = info.help;
    if (!info.default_text.empty()) help += " (default: " + info.default_text + ")";
    CLI::Option* opt = command.add_option("--" + info.name, values.text[info.name], help);
    opt->type_name(info.value_name);
    if (info.required) opt->required();
    const std::string flag = "--" + info.name;
    if (!info.choices.empty()) {
      opt->check(CLI::IsMember(info.choices, CLI::ignore_case));
    } else if (info.kind == OptionKind::kDate) {
      opt->check(LibraryCheck("DATE", flag, [flag](const std::string& t) { ParseDate(t, flag); }));
    } else if (info.kind == OptionKind::kInstant) {
      opt->check(LibraryCheck("INSTANT", flag, [flag](const std::string& t) { ParseInstant(t, flag); }));
    } else if (info.kind == OptionKind::kSize) {
      opt->check(LibraryCheck("SIZE", flag, [flag](const std::string& t) { ParseByteSize(t, flag); }));
    } else if (info.kind == OptionKind::kList) {
      opt->check(LibraryCheck("LIST", flag, [flag](const std::string& t) { ParseList(t, flag); }));
    }
    // An on|off switch given alone means on (`--strict`).
    if (info.kind == OptionKind::kSwitch) opt->expected(0, 1);
    values.option[info.name] = opt;
  }
}

RunOptions CollectRunOptions(const RunOptionValues& values) {
  RunOptions options;
  for (const auto& [name, opt] : values.option)
    if (opt->count() > 0) {
      const std::string& text = values.text.at(name);
      options.emplace_back(name, text.empty() && opt->get_expected_min() == 0 ? "on" : text);
    }
  return options;
}

}  // namespace orbit::cli
