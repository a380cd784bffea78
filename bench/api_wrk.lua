-- wrk script of bench/api.py: walk a list of request paths (one per line in the file given as the
-- first argument) from the position given as the second, each further thread the third argument
-- further on, in turn for all of a thread's connections; send gzip-accepting GETs,
-- count non-200 answers and the answer cache's X-Cache hits and misses, and print the totals and
-- latency percentiles as one JSON line.

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      if #line > 0 then paths[#paths + 1] = line end
   end
   position = (tonumber(args[2]) + id * tonumber(args[3])) % #paths
   hits, misses, bad = 0, 0, 0
   wrk.headers["Accept-Encoding"] = "gzip"
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position])
end

function response(status, headers, body)
   if status ~= 200 then bad = bad + 1 end
   local state = headers["x-cache"] or headers["X-Cache"]
   if state == "hit" then
      hits = hits + 1
   elseif state == "miss" then
      misses = misses + 1
   end
end

function done(summary, latency, requests)
   local h, m, b = 0, 0, 0
   for _, thread in ipairs(threads) do
      h = h + thread:get("hits")
      m = m + thread:get("misses")
      b = b + thread:get("bad")
   end
   local e = summary.errors
   io.write(string.format(
      'JBRESULT {"requests": %d, "duration_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
         .. '"timeouts": %d, "non200": %d, "hits": %d, "misses": %d, "p50_us": %.1f, "p95_us": %.1f, "p99_us": %.1f}\n',
      summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, b, h, m,
      latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
