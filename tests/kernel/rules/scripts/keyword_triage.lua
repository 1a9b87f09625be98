-- Sets the priority from words in the subject or body, and routes VPN trouble to IT.
local words = require("triage_words")

return function(ticket)
  local text = (ticket.subject or "") .. "\n" .. (ticket.body or "")
  local priority = keywords(text, words.priorities)
  if priority then
    ticket:set_priority(priority)
    ticket:add_tag("auto-priority")
  end
  if contains(ticket.subject, "vpn") then
    ticket:set_department("it")
    ticket:set_topic("vpn")
  end
end
