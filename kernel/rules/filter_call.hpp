#pragma once
// One script's call in the chain: what its actions change, and how to undo all of it when the
// script fails. The copy of the ticket's changeable parts is taken lazily, at the first action,
// so the many filters that only look at a ticket cost no copy at all.
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "kernel/rules/filter_engine.hpp"

namespace helpdesk::kernel {

class FilterCall {
 public:
  FilterCall(const FilterVocabulary& vocabulary, FilterResult& result, const std::string& script);

  const FilterVocabulary& vocabulary() const { return vocabulary_; }
  const FilterTicket& ticket() const { return result_.ticket; }
  // For an action about to change the ticket (keeps the copy to roll back to).
  FilterTicket& change();
  void record(const char* action, nlohmann::json value);
  std::size_t actions() const { return result_.steps.size() - steps_before_; }

  void add_auto_reply(std::string text);
  void reject(std::string reason);
  void stop();
  bool rejected() const { return rejected_; }
  const std::string& reject_reason() const { return reject_reason_; }
  bool stopped() const { return stopped_; }

  // The script failed: the ticket, steps and auto-replies return to what they were before it ran.
  void roll_back();

 private:
  // What a filter may change; attachments, subject and body are never copied.
  struct Changeable {
    std::string department, team, agent, topic, priority, sla_plan;
    std::optional<int> topic_id, priority_id;
    nlohmann::json fields;
    std::set<std::string> tags;
  };

  const FilterVocabulary& vocabulary_;
  FilterResult& result_;
  const std::string& script_;
  std::size_t steps_before_;
  std::size_t replies_before_;
  std::optional<Changeable> before_;
  bool rejected_ = false;
  bool stopped_ = false;
  std::string reject_reason_;
};

}  // namespace helpdesk::kernel
