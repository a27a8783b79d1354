-- wrk script: License Checkout API pairs by license key. Each checkout's token is decoded for
-- its leaseId, and a later request releases that lease, so the seats never run out: requests
-- alternate checkout, release (one RS256 signature per pair, for the checkout's token).
--
--   wrk -s bench/checkout.lua URL -- LICENSE_KEY PRODUCT

local key, product = "KEY-0123456789abcdef", "bench"
local leases = {}
local headers = { ["Content-Type"] = "application/json" }
refused = 0

function init(args)
  key = args[1] or key
  product = args[2] or product
end

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local value = {}
for i = 1, #alphabet do value[alphabet:sub(i, i)] = i - 1 end

-- base64url without padding to bytes.
local function decode(s)
  local out, bits, nbits = {}, 0, 0
  for i = 1, #s do
    local v = value[s:sub(i, i)]
    if v then
      bits = bits * 64 + v
      nbits = nbits + 6
      if nbits >= 8 then
        nbits = nbits - 8
        local byte = math.floor(bits / 2 ^ nbits)
        out[#out + 1] = string.char(byte)
        bits = bits - byte * 2 ^ nbits
      end
    end
  end
  return table.concat(out)
end

function request()
  local lease = table.remove(leases)
  if lease then
    return wrk.format("POST", "/licensing/actions/release/" .. key, headers,
                      '[{"leaseId":"' .. lease .. '"}]')
  end
  return wrk.format("POST", "/licensing/actions/checkout/" .. key, headers,
                    '[{"productName":"' .. product .. '","qtyDimension":"SEATS","qty":1}]')
end

function response(status, hdrs, body)
  local payload = body:match('^%["[^.]+%.([^.]+)%.')
  if not payload then return end
  local lease = decode(payload):match('"leaseId":"([^"]+)"')
  if lease then
    leases[#leases + 1] = lease
  else
    refused = refused + 1
  end
end
