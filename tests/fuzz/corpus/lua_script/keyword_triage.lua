-- Keyword triage: the most urgent keyword found (as a whole word) in the subject or body sets the
-- priority. server/down/outage -> critical, vpn -> high, printer -> normal, password -> low.
local triage = {
  { level = "critical", words = { server = "server", down = "down", outage = "outage" } },
  { level = "high", words = { vpn = "vpn" } },
  { level = "normal", words = { printer = "printer" } },
  { level = "low", words = { password = "password" } },
}

return function(ticket)
  local text = ticket.subject .. " " .. ticket.body
  for _, rule in ipairs(triage) do
    local word = keywords(text, rule.words)
    if word then
      ticket:set_priority(rule.level)
      ticket:add_tag("triage:" .. word)
      return
    end
  end
end
