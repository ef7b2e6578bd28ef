-- Rotates through a list of paths, one a line, so that every request asks for another page
-- (the long tail of articles, or a mix of pages). Each thread starts at its own place in the
-- list. Reports like report.lua.
--   wrk -s scripts/wrk/rotate.lua --latency http://127.0.0.1:8000 -- /path/to/paths.txt

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local threads = 0

function setup(thread)
   thread:set("offset", threads * 997)
   threads = threads + 1
end

local paths = {}
local index = 0

function init(args)
   local file = args[#args]
   for line in io.lines(file) do
      if #line > 0 then
         paths[#paths + 1] = line
      end
   end
   if #paths == 0 then
      error("no paths in " .. tostring(file))
   end
   index = (offset or 0) % #paths
end

function request()
   index = index % #paths + 1
   return wrk.format(nil, paths[index])
end
