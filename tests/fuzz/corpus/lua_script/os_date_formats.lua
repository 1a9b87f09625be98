return os.date("!%Y-%m-%dT%H:%M:%SZ", 0), os.date("!*t", 2^53), os.date("%Ez")
