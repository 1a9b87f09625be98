return ("x"):rep(4000):match("%f[%w]%w*.*.*.*y")
