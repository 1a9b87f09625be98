-- VIP organization: tickets from these customers are at least high priority, tagged, and
-- held to the VIP SLA plan.
local vip_domains = { "vip.example.com", "bigcustomer.example" }
local raise = { low = "high", normal = "high" }

return function(ticket)
  if ticket.organization == "VIP Customers" or domain_in(ticket.requester.email, vip_domains) then
    ticket:add_tag("vip")
    ticket:set_priority(raise[ticket.priority] or ticket.priority)
    ticket:set_sla("vip")
  end
end
