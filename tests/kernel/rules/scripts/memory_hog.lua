-- Changes the ticket, then doubles a string until the memory cap stops it.
return function(ticket)
  ticket:add_tag("hog")
  local s = "x"
  for i = 1, 64 do s = s .. s end
end
