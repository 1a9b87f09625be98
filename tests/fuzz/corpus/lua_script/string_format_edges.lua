return string.format("%q %5.2f %x %s", 1/0, 0/0, math.mininteger, nil), string.format("%099d", 1)
