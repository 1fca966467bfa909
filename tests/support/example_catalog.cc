#include <stdexcept>
#include <string>

#include "support/example_case.h"

namespace orbit::testing {
namespace {

const ExampleCase kCases[] = {
#include "support/spec_examples_inline.inc"
};

}  // namespace

std::span<const ExampleCase> AllExamples() { return kCases; }

const ExampleCase& FindExample(const std::string& name) {
  for (const ExampleCase& c : kCases)
    if (name == c.name) return c;
  throw std::runtime_error("no worked example named " + name);
}

}  // namespace orbit::testing
