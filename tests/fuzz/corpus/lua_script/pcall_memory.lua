local ok = pcall(string.rep, "x", 1e8)
local t = {}
while true do t[#t + 1] = ("z"):rep(1000) .. #t end
