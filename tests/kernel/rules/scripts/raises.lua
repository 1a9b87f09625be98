-- Changes the ticket, then fails with an ordinary error on line 5.
return function(ticket)
  ticket:set_team("tier1")
  ticket:auto_reply("we got it")
  error("lookup failed")
end
