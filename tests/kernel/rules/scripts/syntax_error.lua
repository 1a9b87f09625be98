return function(ticket)
  if ticket.subject == "x" then
    local y = = 1
  end
end
