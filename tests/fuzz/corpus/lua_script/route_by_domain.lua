-- Routing by the requester's email domain: mail from the finance offices goes to Billing,
-- from the HR office to HR, unless a help topic already chose a department.
local routes = {
  { domains = { "finance.example.com", "accounts.example.org" }, department = "billing" },
  { domains = { "people.example.com" }, department = "hr" },
}

return function(ticket)
  if ticket.topic then
    return
  end
  for _, route in ipairs(routes) do
    if domain_in(ticket.requester.email, route.domains) then
      ticket:set_department(route.department)
      ticket:add_tag("routed:" .. route.department)
      return
    end
  end
end
