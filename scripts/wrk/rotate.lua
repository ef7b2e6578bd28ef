-- Rotates through a list of paths, one a line, so that every request asks for another page
-- (the long tail of articles, or a mix of pages). The threads start at evenly spaced places
-- in the list (the thread count follows the file), so that none reads the pages another has
-- just read. Reports like report.lua.
--   wrk -t2 -s scripts/wrk/rotate.lua --latency http://127.0.0.1:8000 -- /path/to/paths.txt 2

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local threads = 0

function setup(thread)
   thread:set("place", threads)
   threads = threads + 1
end

local paths = {}
local index = 0

function init(args)
   local file = args[1]
   for line in io.lines(file) do
      if #line > 0 then
         paths[#paths + 1] = line
      end
   end
   if #paths == 0 then
      error("no paths in " .. tostring(file))
   end
   index = math.floor(#paths * (place or 0) / (tonumber(args[2]) or 1))
end

function request()
   index = index % #paths + 1
   return wrk.format(nil, paths[index])
end
