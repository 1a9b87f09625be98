-- The standard plan's policy: targets by priority on the plan's business hours, critical tickets
-- around the clock, and escalation: warn the assignee at 75%, and at the resolution breach mark
-- the ticket overdue, tell the assignee and the department manager, and hand it to Level 2.
local targets = {
  --           first response, resolution (business minutes)
  critical = { 60,   240 },
  high     = { 240,  960 },
  normal   = { 480,  1440 },
  low      = { 960,  2880 },
}

return function(sla, ticket)
  local t = targets[ticket.priority] or targets.normal
  sla:first_response(t[1])
  sla:resolution(t[2])
  if ticket.priority == "critical" then
    sla:use_calendar("24x7")
  end
  sla:escalate{ target = "first_response", at = 0.75, notify = "assignee" }
  sla:escalate{ target = "resolution", at = 0.75, notify = "assignee" }
  sla:escalate{ target = "resolution", at = 1, overdue = true, notify = { "assignee", "manager" },
                assign_team = "level-2" }
end
