-- wrk script: a mixed read/write workload, in a fixed cycle of ten requests:
--   5 x GET /licensees/{id}                      (one licensee)
--   1 x GET /licensees/{id}/license-containers   (its containers)
--   1 x GET /licensees/actions/find-by-email      (find by email)
--   1 x GET /licensees?offset=N&limit=10           (a short list page)
--   1 x POST setup-organization                    (fresh data)
--   1 x POST setup-user                            (fresh data)
-- so 80% reads and 20% writes.
--
--   wrk -s bench/mixed.lua URL -- IDS_FILE TAG
-- IDS_FILE: lines "id<TAB>email" of licensees that exist (bench/run writes it).
-- TAG: a word unique to this run against this server.

local tag = "run"
local thread_no = 0
local counter = 0
local threads = 0
local ids, emails = {}, {}

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local id, email = line:match("^(%S+)\t(%S+)$")
    if id then
      ids[#ids + 1] = id
      emails[#emails + 1] = email
    end
  end
  file:close()
  assert(#ids > 0, "no ids in " .. args[1])
  tag = args[2] or tag
end

local json = { ["Content-Type"] = "application/json" }

function request()
  counter = counter + 1
  local step = counter % 10
  local k = (counter * 7919) % #ids + 1
  if step < 5 then
    return wrk.format("GET", "/licensees/" .. ids[k])
  elseif step == 5 then
    return wrk.format("GET", "/licensees/" .. ids[k] .. "/license-containers")
  elseif step == 6 then
    return wrk.format("GET", "/licensees/actions/find-by-email?email=" .. emails[k])
  elseif step == 7 then
    return wrk.format("GET", "/licensees?offset=" .. (k - 1) .. "&limit=10")
  end
  local n = tag .. "-" .. thread_no .. "-" .. counter
  if step == 8 then
    return wrk.format("POST", "/licensees/actions/setup-organization", json,
      '{"name":"Bench Org ' .. n .. '","naturalId":"bench-' .. n .. '",' ..
      '"email":"org-' .. n .. '@bench.example","externalReference":"ext-' .. n .. '"}')
  end
  return wrk.format("POST", "/licensees/actions/setup-user", json,
    '{"name":"Bench User ' .. n .. '","email":"user-' .. n .. '@bench.example",' ..
    '"naturalId":"bench-' .. n .. '","externalReference":"ext-' .. n .. '",' ..
    '"connectedIdentityId":"oidc|bench|' .. n .. '"}')
end
