import RedisKit

/// The Lua scripts that change records atomically on the server.
///
/// Each reads the record's header (see ``RedisRecordCodec``), checks the lease token or the
/// expiry against the caller's clock, and writes in the same step, so no other client can
/// slip in between the check and the write. They answer 1 when they wrote, 0 when the check
/// failed, and a `CORRUPT` error for a value that is not a record.
enum RedisRecordScripts {
    /// Splits a record into its header fields; `nil` for anything else.
    private static let parse = """
        local function parse(value)
          local first, last, state, token, leaseEnd, expires, claimed, fingerprint =
            string.find(value, '^IR1|([FC])|(%x*)|(%-?%d+)|(%-?%d+)|(%-?%d+)|(%x+)|')
          if not first then return nil end
          return { state = state, token = token, leaseEnd = tonumber(leaseEnd), expiresText = expires,
                   expires = tonumber(expires), claimed = claimed, fingerprint = fingerprint, rest = last + 1 }
        end
        local function corrupt()
          return redis.error_reply('CORRUPT the value is not an idempotency record')
        end

        """

    /// Replaces a record that the caller's clock says has expired (or that Redis already
    /// dropped) with a new claim.
    /// KEYS[1] record; ARGV[1] now (ms), ARGV[2] new value, ARGV[3] Redis expiry (ms).
    static let claimExpired = RedisScript(parse + """
        local value = redis.call('GET', KEYS[1])
        if value then
          local record = parse(value)
          if not record then return corrupt() end
          if record.expires > tonumber(ARGV[1]) then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
        """)

    /// Installs a new lease on an in-flight record whose lease has ended, if it still holds
    /// the stale token. The record keeps its expiry, fingerprint and claim time.
    /// KEYS[1] record; ARGV[1] stale token (hex), ARGV[2] new token (hex), ARGV[3] new lease end (ms), ARGV[4] now (ms).
    static let takeOver = RedisScript(parse + """
        local value = redis.call('GET', KEYS[1])
        if not value then return 0 end
        local record = parse(value)
        if not record then return corrupt() end
        local now = tonumber(ARGV[4])
        if record.state ~= 'F' or record.token ~= ARGV[1] or record.expires <= now or record.leaseEnd > now then
          return 0
        end
        local header = table.concat({ 'IR1', 'F', ARGV[2], ARGV[3], record.expiresText, record.claimed, record.fingerprint, '' }, '|')
        redis.call('SET', KEYS[1], header .. string.sub(value, record.rest), 'KEEPTTL')
        return 1
        """)

    /// Writes the response over an in-flight record that still holds the token. Redis keeps
    /// the key from the claim time to the new expiry, never shorter than the clock's TTL.
    /// KEYS[1] record; ARGV[1] token (hex), ARGV[2] new expiry (ms), ARGV[3] encoded response.
    static let complete = RedisScript(parse + """
        local value = redis.call('GET', KEYS[1])
        if not value then return 0 end
        local record = parse(value)
        if not record then return corrupt() end
        if record.state ~= 'F' or record.token ~= ARGV[1] then return 0 end
        local keep = tonumber(ARGV[2]) - tonumber(record.claimed)
        if keep < 1 then keep = 1 end
        local header = table.concat({ 'IR1', 'C', '', '0', ARGV[2], record.claimed, record.fingerprint, '' }, '|')
        redis.call('SET', KEYS[1], header .. ARGV[3], 'PX', string.format('%d', keep))
        return 1
        """)

    /// Deletes an in-flight record that still holds the token.
    /// KEYS[1] record; ARGV[1] token (hex).
    static let release = RedisScript(parse + """
        local value = redis.call('GET', KEYS[1])
        if not value then return 0 end
        local record = parse(value)
        if not record then return corrupt() end
        if record.state ~= 'F' or record.token ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        return 1
        """)

    /// Deletes the given records that expired at or before now; skips anything that is not a
    /// record. KEYS: records; ARGV[1] now (ms). Answers the number deleted.
    static let removeExpired = RedisScript(parse + """
        local now = tonumber(ARGV[1])
        local removed = 0
        for _, key in ipairs(KEYS) do
          if redis.call('TYPE', key)['ok'] == 'string' then
            local record = parse(redis.call('GET', key))
            if record and record.expires <= now then
              redis.call('DEL', key)
              removed = removed + 1
            end
          end
        end
        return removed
        """)
}
