-- wrk script: every request is one half of an interrupted firmware download, at a random cut
-- point N (1 MiB .. size-1 MiB): either the first part "bytes=0-(N-1)" or the resume
-- "bytes=N-". Over many requests that is one resumed download per two requests, with cut
-- points spread over the whole image. No response() callback on purpose: with one, wrk would
-- keep each 50 MB body in Lua memory.
--   IMAGE_PATH=/firmware/... IMAGE_BYTES=52428800 UA="Yealink SIP-T46U ..." wrk -s range-resume.lua ...
local path = os.getenv("IMAGE_PATH")
local size = tonumber(os.getenv("IMAGE_BYTES"))
local ua = os.getenv("UA") or "bench"
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

function request()
  local n = math.random(1048576, size - 1048576)
  local range
  if math.random(2) == 1 then
    range = "bytes=0-" .. (n - 1)
  else
    range = "bytes=" .. n .. "-"
  end
  return wrk.format("GET", path, { ["Range"] = range, ["User-Agent"] = ua })
end

function done(summary, latency, requests)
  io.write(string.format("LUA_SUMMARY requests=%d bytes=%d duration_us=%d status_errors=%d connect_errors=%d read_errors=%d timeouts=%d p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, summary.bytes, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
