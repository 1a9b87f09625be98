#include "kernel/rules/filter_call.hpp"

namespace helpdesk::kernel {

FilterCall::FilterCall(const FilterVocabulary& vocabulary, FilterResult& result, const std::string& script)
    : vocabulary_(vocabulary),
      result_(result),
      script_(script),
      steps_before_(result.steps.size()),
      replies_before_(result.auto_replies.size()) {}

FilterTicket& FilterCall::change() {
  if (!before_) {
    const FilterTicket& t = result_.ticket;
    before_ = Changeable{t.ticket.department, t.team,     t.agent,           t.ticket.topic,
                         t.ticket.priority,   t.sla_plan, t.ticket.topic_id, t.ticket.priority_id,
                         t.ticket.fields,     t.tags};
  }
  return result_.ticket;
}

void FilterCall::record(const char* action, nlohmann::json value) {
  result_.steps.push_back(FilterStep{script_, action, std::move(value)});
}

void FilterCall::add_auto_reply(std::string text) {
  record("auto_reply", text);
  result_.auto_replies.push_back(std::move(text));
}

void FilterCall::reject(std::string reason) {
  record("reject", reason);
  rejected_ = true;
  reject_reason_ = std::move(reason);
}

void FilterCall::stop() {
  record("stop", nullptr);
  stopped_ = true;
}

void FilterCall::roll_back() {
  result_.steps.erase(result_.steps.begin() + static_cast<std::ptrdiff_t>(steps_before_), result_.steps.end());
  result_.auto_replies.erase(result_.auto_replies.begin() + static_cast<std::ptrdiff_t>(replies_before_),
                             result_.auto_replies.end());
  rejected_ = false;
  stopped_ = false;
  reject_reason_.clear();
  if (!before_) return;
  FilterTicket& t = result_.ticket;
  t.ticket.department = std::move(before_->department);
  t.team = std::move(before_->team);
  t.agent = std::move(before_->agent);
  t.ticket.topic = std::move(before_->topic);
  t.ticket.priority = std::move(before_->priority);
  t.sla_plan = std::move(before_->sla_plan);
  t.ticket.topic_id = before_->topic_id;
  t.ticket.priority_id = before_->priority_id;
  t.ticket.fields = std::move(before_->fields);
  t.tags = std::move(before_->tags);
  before_.reset();
}

}  // namespace helpdesk::kernel
