//===- Status.h - Errors as values in the runtime ------------------------===//
//
// The runtime is embedded in applications that may be built without
// exceptions, so every fallible call returns a Status with a message meant
// for the end user.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_STATUS_H
#define CONVT_RUNTIME_STATUS_H

#include <string>
#include <utility>

namespace convt {

class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status error(std::string message) {
    Status s;
    s.failed_ = true;
    s.message_ = std::move(message);
    return s;
  }
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const std::string &message() const { return message_; }

private:
  bool failed_ = false;
  std::string message_;
};

} // namespace convt

#endif // CONVT_RUNTIME_STATUS_H
