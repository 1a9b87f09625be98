return string.rep("", 1e18)
