import Testing
import _MTCSupport

@Suite struct BackoffTests {
    /// SplitMix64: a small seeded generator.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("the wait grows by the multiplier after each failure and stops at the maximum")
    func grows() {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 2, jitter: 0)
        #expect((1...6).map { backoff.delay(afterFailures: $0) } == [
            .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1),
        ])
    }

    @Test("a count below one is the first failure, and a huge one is the maximum", arguments: [Int.min, -1, 0, 1])
    func countsBelowOne(failures: Int) {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0)
        #expect(backoff.delay(afterFailures: failures) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: .max) == .seconds(1))
    }

    @Test("a multiplier below one never shrinks the wait, and 1 keeps it constant", arguments: [0.5, 1.0, -3, .nan])
    func multiplierBelowOne(multiplier: Double) {
        let backoff = Backoff(initial: .milliseconds(300), maximum: .seconds(5), multiplier: multiplier, jitter: 0)
        #expect((1...5).map { backoff.delay(afterFailures: $0) } == Array(repeating: .milliseconds(300), count: 5))
    }

    @Test("jitter stays within its fraction, never passes the maximum, and varies", arguments: [1, 4, 41])
    func jitterIsBounded(failures: Int) {
        let backoff = Backoff(initial: .seconds(1), maximum: .seconds(8), multiplier: 2, jitter: 0.25)
        let base = min(8.0, Double(1 << min(failures - 1, 10)))
        let delays = (0..<200).map { _ in backoff.delay(afterFailures: failures) }
        for delay in delays {
            #expect(delay >= .seconds(base * 0.75 - 0.001))
            #expect(delay <= .seconds(min(base * 1.25, 8)))
        }
        #expect(Set(delays).count > 1)
    }

    @Test("the same seed gives the same waits")
    func seededGeneratorRepeats() {
        let backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(30))
        var first = SeededRandom(state: 42)
        var second = SeededRandom(state: 42)
        let a = (1...10).map { backoff.delay(afterFailures: $0, using: &first) }
        let b = (1...10).map { backoff.delay(afterFailures: $0, using: &second) }
        #expect(a == b)
    }

    @Test("jitter below 0 or not a number means none", arguments: [-1.0, .nan])
    func jitterBelowZeroIsNone(jitter: Double) {
        let backoff = Backoff(initial: .seconds(4), maximum: .seconds(60), jitter: jitter)
        #expect((0..<20).allSatisfy { _ in backoff.delay(afterFailures: 1) == .seconds(4) })
    }

    @Test("jitter above 1 counts as 1: anything from no wait to twice the wait")
    func jitterAboveOneIsOne() {
        let backoff = Backoff(initial: .seconds(4), maximum: .seconds(60), jitter: 7)
        var generator = SeededRandom(state: 7)
        let delays = (0..<500).map { _ in backoff.delay(afterFailures: 1, using: &generator) }
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= .seconds(8) })
        #expect(delays.contains { $0 < .seconds(1) } && delays.contains { $0 > .seconds(7) })
    }

    @Test("a zero initial wait or maximum means no wait")
    func zeroWaits() {
        #expect(Backoff(initial: .zero, maximum: .seconds(1)).delay(afterFailures: 3) == .zero)
        #expect(Backoff(initial: .seconds(1), maximum: .zero).delay(afterFailures: 3) == .zero)
    }
}
