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

/// What kind of failure a Status is (the C API's convt_status_code_t).
enum class StatusCode {
  Ok = 0,
  InvalidArgument = 1,
  NotFound = 2,
  Incompatible = 3,
  IoError = 4,
  KernelFailed = 5,
  OutOfMemory = 6,
};

class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status error(std::string message) {
    return error(StatusCode::InvalidArgument, std::move(message));
  }
  static Status error(StatusCode code, std::string message) {
    Status s;
    s.code_ = code == StatusCode::Ok ? StatusCode::InvalidArgument : code;
    s.message_ = std::move(message);
    return s;
  }
  bool ok() const { return code_ == StatusCode::Ok; }
  explicit operator bool() const { return ok(); }
  StatusCode code() const { return code_; }
  const std::string &message() const { return message_; }

private:
  StatusCode code_ = StatusCode::Ok;
  std::string message_;
};

} // namespace convt

#endif // CONVT_RUNTIME_STATUS_H
