-- Auto-close: a ticket resolved and left alone for 7 days is closed. Any status change before
-- then (the user replies and the ticket reopens, an agent closes it) cancels the pending close.
local days = 7

return function(ticket, event)
  if ticket.state == "resolved" then
    ticket:after(days * 24 * 3600, "close")
  end
end
