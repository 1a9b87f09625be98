local mt = {}
local t = setmetatable({}, mt)
mt.__gc = function() while true do end end
t = nil
return function() return ("x"):rep(100000) end
