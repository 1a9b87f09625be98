-- Forgets to return the filter function.
local function filter(ticket)
  ticket:add_tag("never")
end
