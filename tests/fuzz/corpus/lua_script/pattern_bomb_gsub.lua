return string.gsub(string.rep("a", 5000), ".-.-.-.-.-b", "x")
