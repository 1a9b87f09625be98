local ok, e = pcall(string.find, "abc", "[a")
local ok2, e2 = pcall(string.match, "abc", "%")
return e .. e2 .. select(2, pcall(string.gsub, "abc", "(()", "%2"))
