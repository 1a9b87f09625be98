return function(ticket)
  local dom = ticket.requester.email:match("@([%w%.%-]+)$")
  for w in ticket.body:gmatch("%a+") do
    if w:lower() == "vpn" then return dom, w end
  end
  return (ticket.subject:gsub("%s+", " "))
end
