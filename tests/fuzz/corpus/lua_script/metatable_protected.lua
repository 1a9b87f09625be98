return setmetatable(string, {}), getmetatable("")
