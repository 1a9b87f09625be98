log(("x"):rep(100000))
log(nil, 1, {}, true)
return 1
