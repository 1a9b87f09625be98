-- On sla.breached: raise the priority to high if it is lower, tag the ticket and leave an
-- internal note for the agents. Runs once per breach (first response, then resolution).
local rank = { low = 1, normal = 2, high = 3, critical = 4 }

return function(ticket, event)
  if event.name ~= "sla.breached" then return end
  local target = event.data.target or "resolution"
  if (rank[ticket.priority] or 0) < rank.high then
    ticket:set_priority("high")
  end
  if not ticket:has_tag("sla:breached") then
    ticket:add_tag("sla:breached")
  end
  ticket:add_note("SLA " .. target .. " target breached (due " .. (event.data.due_at or "?") ..
                  "); priority is now at least high.")
end
