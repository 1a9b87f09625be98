local n = 0
for _ in string.gmatch(string.rep("ab", 3000), "(a*.-)*b") do n = n + 1 end
return n
