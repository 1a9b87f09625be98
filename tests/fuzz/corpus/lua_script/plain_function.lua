local n = 0
return function(ticket)
  n = n + 1
  return ticket.subject:lower() .. n
end
