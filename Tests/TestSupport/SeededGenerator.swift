import Foundation

/// SplitMix64: a seeded generator, so a failing random test can be replayed.
public struct SeededGenerator: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator seeded from `MTC_TEST_SEED` when set, a fresh random seed otherwise; the
    /// seed is printed with `label`, so a failure can be repeated with the same input.
    public static func fromEnvironment(label: String) -> (generator: SeededGenerator, seed: UInt64) {
        let seed = ProcessInfo.processInfo.environment["MTC_TEST_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        print("\(label) seed: \(seed) (set MTC_TEST_SEED to repeat)")
        return (SeededGenerator(seed: seed), seed)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
