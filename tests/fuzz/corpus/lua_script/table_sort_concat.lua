local t = {}
for i = 1, 50 do t[i] = tostring((i * 37) % 50) end
table.sort(t)
return table.concat(t, ",")
