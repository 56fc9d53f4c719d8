-- The wrk script of `make bench` (bench/wrk.py runs it).
--
-- Without arguments wrk sends its one request (URL and -H headers) over and over. With a
-- file of lines as the first argument, each request is the next line of the file, so one
-- run rotates over many talks, or over many members' RSVPs:
--
--   path                        a GET (with the -H headers)
--   path<TAB>cookie<TAB>body    a form POST with that Cookie header
--
-- The threads interleave: with n threads (the second argument), thread i sends lines i,
-- i+n, i+2n, ..., so no line is sent twice until the file runs out and starts again.
-- At the end it prints one line, BENCH_JSON {...}, for bench/wrk.py to read.

local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local prepared = {}
local position = 0
local step = 1

local function fields_of(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields
end

local function copy(headers)
  local result = {}
  for name, value in pairs(headers) do
    result[name] = value
  end
  return result
end

function init(args)
  if args[1] == nil then
    return
  end
  step = tonumber(args[2])
  position = thread_index
  for line in io.lines(args[1]) do
    local fields = fields_of(line)
    if fields[2] == nil then
      table.insert(prepared, wrk.format("GET", fields[1]))
    else
      local headers = copy(wrk.headers)
      headers["Cookie"] = fields[2]
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      table.insert(prepared, wrk.format("POST", fields[1], headers, fields[3]))
    end
  end
end

function request()
  if #prepared == 0 then
    return wrk.request()
  end
  local next_request = prepared[(position % #prepared) + 1]
  position = position + step
  return next_request
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"duration_us": %d, "requests": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}, '
      .. '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "max": %d}}\n',
    summary.duration, summary.requests, summary.bytes,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max
  ))
end
