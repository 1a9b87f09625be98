#pragma once
// A value swapped whole on reload (catalog, rules): readers take a shared_ptr and keep that
// version for the whole request, so a reload never changes things under a running request.
#include <memory>
#include <mutex>

namespace helpdesk::kernel {

template <class T>
class Live {
 public:
  explicit Live(std::shared_ptr<T> value = nullptr) : current_(std::move(value)) {}
  std::shared_ptr<T> get() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  void set(std::shared_ptr<T> value) {
    std::lock_guard lock(mutex_);
    current_ = std::move(value);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<T> current_;
};

}  // namespace helpdesk::kernel
