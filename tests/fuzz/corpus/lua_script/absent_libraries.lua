return load, dofile, io, os.execute, package, debug, coroutine, string.dump, collectgarbage, _G
