// The g++ build's stand-in for libFuzzer's main: feeds every file of the given corpus folders (or
// single files) to the target's LLVMFuzzerTestOneInput, so the committed seeds and crash
// reproducers run in the default test suite. A crash ends the process as it would under
// libFuzzer; an exception escaping the entry point is a failure too, reported with its input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const fs::path& arg) {
  std::vector<fs::path> files;
  if (fs::is_directory(arg)) {
    for (const auto& entry : fs::directory_iterator(arg))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(arg)) {
    files.push_back(arg);
  }
  return files;
}

std::vector<std::uint8_t> read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " CORPUS_DIR_OR_FILE…\n";
    return 2;
  }
  for (int i = 1; i < argc; ++i) {
    const auto files = inputs_of(argv[i]);
    // An empty or missing corpus would make this test pass without testing anything.
    if (files.empty()) {
      std::cerr << argv[i] << ": no input files (missing or empty corpus)\n";
      return 1;
    }
    for (const auto& file : files) {
      const auto bytes = read_bytes(file);
      try {
        // libFuzzer passes a non-null pointer even for empty inputs; so do we.
        static const std::uint8_t empty = 0;
        LLVMFuzzerTestOneInput(bytes.empty() ? &empty : bytes.data(), bytes.size());
      } catch (const std::exception& e) {
        std::cerr << file.string() << ": exception escaped the fuzz entry point: " << e.what() << "\n";
        return 1;
      } catch (...) {
        std::cerr << file.string() << ": a non-standard exception escaped the fuzz entry point\n";
        return 1;
      }
    }
    std::cout << "replayed " << files.size() << " inputs from " << argv[i] << "\n";
  }
  return 0;
}
