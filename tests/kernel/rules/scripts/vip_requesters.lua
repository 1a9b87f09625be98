-- Requesters from key customers get the premium SLA and the second tier.
return function(ticket)
  if domain_in(ticket.requester.email, { "acme.com", "globex.example" }) then
    ticket:set_sla("premium")
    ticket:set_team("tier2")
    ticket:add_tag("vip")
  end
end
