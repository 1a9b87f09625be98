return function() error("deep", 3) end
