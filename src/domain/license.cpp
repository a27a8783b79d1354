#include "domain/license.hpp"

namespace scale::domain {

bool is_valid_at(const License& l, Timestamp t) {
  return l.valid_from <= t && (!l.valid_until || t < *l.valid_until);
}

}  // namespace scale::domain
