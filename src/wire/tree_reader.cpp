#include "wire/tree_reader.hpp"

namespace scale::wire {

std::string Path::str() const {
  if (!parent_) return {};
  std::string s = parent_->str();
  if (!s.empty() || pointer_) s += '/';
  if (key_.empty())
    s += std::to_string(index_);
  else
    s += key_;
  return s;
}

}  // namespace scale::wire
