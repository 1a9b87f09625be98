-- Rejects obvious spam before a ticket exists.
local words = require("triage_words")

return function(ticket)
  local hit = contains_any(ticket.subject, words.spam)
  if hit then
    ticket:reject("spam: " .. hit)
  end
end
