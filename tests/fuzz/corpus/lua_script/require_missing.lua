return require("nothing_here")
