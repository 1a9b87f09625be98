local mt = setmetatable({}, {__index = function() return function() while true do end end end})
return setmetatable({}, mt)
