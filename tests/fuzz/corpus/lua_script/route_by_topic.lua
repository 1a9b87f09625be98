-- Routing by help topic: network and access problems go straight to the level-2 team,
-- new-hire requests to onboarding.
local teams = {
  network = "level-2",
  access = "level-2",
  ["hr-request"] = "onboarding",
}

return function(ticket)
  local team = ticket.topic and teams[ticket.topic]
  if team then
    ticket:set_team(team)
  end
end
