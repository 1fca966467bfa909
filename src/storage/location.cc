#include "storage/location.h"

#include <cctype>

#include "core/error.h"
#include "core/output_set.h"
#include "module/arrow_module.h"
#include "storage/atomic_output.h"

namespace orbit::storage {
namespace {

// Object-storage outputs are written by the Arrow module, loaded on the first one.
void PublishThroughArrowModule(const std::filesystem::path& staged, const std::string& uri) {
  ArrowModule::Get().publish_staged_file(staged, uri);
}

}  // namespace

bool IsUri(const std::string& text) {
  const size_t colon = text.find("://");
  if (colon == std::string::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return std::isalpha(static_cast<unsigned char>(text[0])) != 0;
}

std::string DisplayName(const std::string& path_or_uri) {
  if (!IsUri(path_or_uri)) return path_or_uri;
  return path_or_uri.substr(0, path_or_uri.find('?'));
}

std::string Location::UriOf(const std::string& inner) const { return DisplayOf(inner) + query; }

std::string Location::DisplayOf(const std::string& inner) const {
  // Local paths inside file:// URIs are absolute ("/x/y"); bucket paths are not.
  return scheme + "://" + inner;
}

void FinalizeObjectStorage() noexcept {
  if (const ArrowModule* module = ArrowModule::IfLoaded()) module->finalize_object_storage();
}

void EnableUriOutputs() noexcept { SetUriPublisher(&PublishThroughArrowModule); }

}  // namespace orbit::storage
