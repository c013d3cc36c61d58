-- Gives a lease back, once: ARGV[4] lease id. Returns 1 if it was held, 0 if not (released before, or dropped).
local v = redis.call('HGET', leases(rid), ARGV[4])
if not v then return 0 end
redis.call('HDEL', leases(rid), ARGV[4])
local tokens, name = parse(v)
add(name, -tokens, -1)
return 1
