local n = 0
for i = math.maxinteger - 2, math.maxinteger do n = n + 1 end
for i = 1, 0, 0 do end
