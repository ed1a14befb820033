import Crypto
import Foundation
import OutboxKit

extension ULID {
    /// A ULID that is a function of its inputs: the time part is `time`'s milliseconds, the 80
    /// "random" bits are the first 80 bits of SHA-256 of `seed`.
    ///
    /// The server derives an ext event's id from its idempotency key this way, so that a retry
    /// whose recorded answer has already been forgotten still finds the event it wrote first
    /// instead of storing a second one.
    init(time: Date, seed: String) {
        let milliseconds = UInt64(max(0, min(time.timeIntervalSince1970 * 1000, Double(1 << 48 - 1))))
        let digest = Array(SHA256.hash(data: Data(seed.utf8)))
        var random: UInt128 = 0
        for byte in digest.prefix(10) { random = random << 8 | UInt128(byte) }
        let value = UInt128(milliseconds) << 80 | random
        self.init(high: UInt64(truncatingIfNeeded: value >> 64), low: UInt64(truncatingIfNeeded: value))
    }
}
