return os.date("!*t", math.maxinteger)
