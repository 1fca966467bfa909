// apps/cli/main.cc -- the `orbit` executable.
#include "cli.h"

int main(int argc, char** argv) { return orbit::cli::RunCli(argc, argv); }
