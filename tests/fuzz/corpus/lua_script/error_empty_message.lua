return function() error("", 3) end
