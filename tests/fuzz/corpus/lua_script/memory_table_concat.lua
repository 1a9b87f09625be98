local t = {}
for i = 1, 100 do t[i] = ("y"):rep(1000) end
return table.concat(t, ("z"):rep(60000))
