-- Keyword triage: the most urgent keyword found in the subject or body sets the priority.
-- server/down/outage -> critical, vpn -> high, printer -> normal, password -> low.
local triage = {
  { level = "critical", words = { "server", "down", "outage" } },
  { level = "high", words = { "vpn" } },
  { level = "normal", words = { "printer" } },
  { level = "low", words = { "password" } },
}

return function(ticket)
  local text = ticket.subject .. " " .. ticket.body
  for _, rule in ipairs(triage) do
    local word = contains_any(text, rule.words)
    if word then
      ticket:set_priority(rule.level)
      ticket:add_tag("triage:" .. word)
      return
    end
  end
end
