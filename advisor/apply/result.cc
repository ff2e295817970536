#include "advisor/apply/result.h"

#include "advisor/core/exit_codes.h"

namespace sa::apply {

void Messages::add(Message::Severity severity, std::string text) {
  into_.push_back({severity, std::move(text)});
  if (sink_) sink_(into_.back());
}

int exit_code(ApplyOutcome outcome) {
  switch (outcome) {
    case ApplyOutcome::kApplied:
    case ApplyOutcome::kNothingToChange: return kOk;
    case ApplyOutcome::kDeclined: return kFindings;
    case ApplyOutcome::kRefused: return kUsage;
    case ApplyOutcome::kFailed:
    case ApplyOutcome::kUndone:
    case ApplyOutcome::kNotUndone: return kApplyFailed;
  }
  return kApplyFailed;
}

int exit_code(RollbackOutcome outcome) {
  switch (outcome) {
    case RollbackOutcome::kRolledBack:
    case RollbackOutcome::kNothingToDo: return kOk;
    case RollbackOutcome::kRefused: return kUsage;
    case RollbackOutcome::kFailed:
    case RollbackOutcome::kIncomplete: return kApplyFailed;
  }
  return kApplyFailed;
}

int ApplyResult::exit_code() const { return apply::exit_code(outcome); }
int RollbackResult::exit_code() const { return apply::exit_code(outcome); }

size_t ConfirmSummary::writes() const {
  size_t n = 0;
  for (const Row& r : rows) n += r.needs_write;
  return n;
}

}  // namespace sa::apply
