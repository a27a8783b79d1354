#include "wire/license.hpp"

#include "wire/read_body.hpp"
#include "wire/tree_reader.hpp"
#include "wire/writer.hpp"

namespace scale::wire {

using namespace domain;

namespace {

// The license's fields, then its metadata when asked for.
template <class Out>
void put_view(Out& out, const LicenseView& v, bool with_metadata) {
  put_fields<LicenseWire>(out, v.license);
  if (with_metadata) out.put(field::kLicenseMetadata, kind::Object<LicenseMetadataWire>{}, v);
}

// Room for a license with a few features and a key, and for its metadata (its container and
// catalogue records): a product license with two features and its metadata is about 1,900
// chars, so that one answer is written without reallocating.
constexpr std::size_t kLicenseSize = 1280;
constexpr std::size_t kMetadataSize = 1280;

std::size_t view_size(bool with_metadata) {
  return kLicenseSize + (with_metadata ? kMetadataSize : 0);
}

void view_text(TextSink& out, const LicenseView& v, bool with_metadata) {
  TextOut o(out);
  put_view(o, v, with_metadata);
}

}  // namespace

Result<LicenseIssue> decode_license_issue(const Json& j) {
  return decode_tree<LicenseWire, LicenseIssue>(j);
}

Result<LicenseUpdate> decode_license_update(const Json& j) {
  return decode_tree<LicenseWire, LicenseUpdate>(j);
}

Result<LicenseRevoke> decode_license_revoke(const Json& j) {
  return decode_tree<LicenseRevokeWire, LicenseRevoke>(j);
}

Body<LicenseIssue> read_license_issue(std::string_view body) {
  return read_body<LicenseWire, LicenseIssue>(body);
}

Body<LicenseUpdate> read_license_update(std::string_view body) {
  return read_body<LicenseWire, LicenseUpdate>(body);
}

Body<LicenseRevoke> read_license_revoke(std::string_view body) {
  return read_body<LicenseRevokeWire, LicenseRevoke>(body);
}

Json encode(const License& l) {
  return write_tree<LicenseWire>(l, /*document=*/false);
}

Json encode(const LicenseView& v, bool with_metadata) {
  TreeOut o(/*document=*/false);
  put_view(o, v, with_metadata);
  return o.take();
}

std::string to_json(const License& l) {
  return text_of<LicenseWire>(l);
}

std::string to_json(const LicenseView& v, bool with_metadata) {
  std::string out;
  out.reserve(view_size(with_metadata));
  {
    TextSink sink(out);
    view_text(sink, v, with_metadata);
  }
  return out;
}

std::string to_json(const std::vector<LicenseView>& list, bool with_metadata) {
  std::string out;
  out.reserve(2 + list.size() * view_size(with_metadata));
  {
    TextSink sink(out);
    sink.add('[');
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i > 0) sink.add(',');
      view_text(sink, list[i], with_metadata);
    }
    sink.add(']');
  }
  return out;
}

}  // namespace scale::wire
