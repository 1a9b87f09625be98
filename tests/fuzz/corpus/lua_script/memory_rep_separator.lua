return ("ab"):rep(1e6, ",")
