return function(ticket)
  local i = 0
  repeat i = i + 1 until false
end
