-- wrk script: POST /api/v1/orders with a valid order body, a different
-- customer phone (and quantity) each time so that no two bodies are equal.
--
-- usage: wrk ... -s order.lua URL -- TOKEN STORE APPOINTMENT_START APPOINTMENT_END
--
-- Only 201 answers are creations: every other status is counted apart, and
-- done() prints one line that run.sh reads:
--   BENCH created=N non201=N socket_errors=N duration_us=N p50_us=N p99_us=N
-- plus, when something was refused, the first refusal seen (status and body).

local threads = {}
local thread_count = 0

-- Runs in the main Lua state once per thread, before the threads start.
function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_no", thread_count)
  table.insert(threads, thread)
end

-- Runs in each thread's own Lua state: the counters below are per thread,
-- and done() adds them up through thread:get().
function init(args)
  local token, store, start, finish = args[1], args[2], args[3], args[4]
  created, refused, first_refusal = 0, 0, nil
  -- Each thread's Lua state starts with the same seed: make the phones differ.
  math.randomseed(os.time() * 100 + thread_no)
  headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }
  -- %s: the phone, %d: the quantity. Nothing else in the body has a % sign.
  template = '{"storeCode":"' .. store .. '","channel":"phone",'
    .. '"customer":{"name":"张三","phone":"%s","address":{"province":"上海市","city":"上海市",'
    .. '"district":"徐汇区","detail":"漕溪北路 88 号"}},'
    .. '"lines":[{"itemCode":"AC-CLEAN","quantity":%d}],"paymentMethod":"cash",'
    .. '"appointmentStart":"' .. start .. '","appointmentEnd":"' .. finish .. '"}'
end

function request()
  -- A mainland mobile: 1, then 3–9, then nine digits.
  local phone = string.format("1%d%09d", math.random(3, 9), math.random(0, 999999999))
  local body = string.format(template, phone, math.random(1, 3))
  return wrk.format("POST", nil, headers, body)
end

function response(status, _, body)
  if status == 201 then
    created = created + 1
  else
    refused = refused + 1
    if first_refusal == nil then
      first_refusal = status .. " " .. string.sub(body or "", 1, 300)
    end
  end
end

function done(summary, latency, _)
  local total_created, total_refused, sample = 0, 0, nil
  for _, thread in ipairs(threads) do
    total_created = total_created + thread:get("created")
    total_refused = total_refused + thread:get("refused")
    sample = sample or thread:get("first_refusal")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH created=%d non201=%d socket_errors=%d duration_us=%d p50_us=%d p99_us=%d\n",
    total_created, total_refused, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99)))
  if sample then
    io.write("BENCH first refusal: " .. sample .. "\n")
  end
end
