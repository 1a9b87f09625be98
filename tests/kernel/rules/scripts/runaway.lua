-- Changes the ticket, then loops forever: the budget stops it and its change is discarded.
return function(ticket)
  ticket:set_department("billing")
  while true do end
end
