return string.find(string.rep("a", 22), string.rep("a?", 22) .. string.rep("a", 22) .. "b")
