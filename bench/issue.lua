-- wrk script: issues one product license per request (contract section 10.2), to the licensees
-- in IDS_FILE in turn, from one product configuration, each with a fresh display name.
--
--   wrk -s bench/issue.lua URL -- IDS_FILE CONFIG_ID TAG
-- IDS_FILE: lines "id<TAB>email" of licensees that exist (bench/run writes it).
-- CONFIG_ID: the id of a product configuration in the server's catalogue.
-- TAG: a word unique to this run against this server.

local tag = "run"
local config = ""
local thread_no = 0
local counter = 0
local threads = 0
local ids = {}

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local id = line:match("^(%S+)\t")
    if id then ids[#ids + 1] = id end
  end
  file:close()
  assert(#ids > 0, "no ids in " .. args[1])
  config = assert(args[2], "no product configuration id")
  tag = args[3] or tag
end

local headers = { ["Content-Type"] = "application/json" }

function request()
  counter = counter + 1
  local id = ids[(counter % #ids) + 1]
  local body = '{"productConfigId":"' .. config .. '","displayName":"Bench ' .. tag .. '-' ..
               thread_no .. '-' .. counter .. '","orderReference":"order-' .. counter .. '"}'
  return wrk.format("POST", "/licensees/" .. id .. "/licenses", headers, body)
end
