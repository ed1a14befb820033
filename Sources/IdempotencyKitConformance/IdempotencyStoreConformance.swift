import Foundation
import IdempotencyKit
import Logging
import Synchronization
import Testing

/// The store contract as reusable checks.
///
/// Every ``IdempotencyStore`` implementation's test target calls each function with a factory
/// that returns a fresh, empty store and a ``ManualIdempotencyClock``; the functions record
/// failures with Swift Testing's `#expect`. A store that passes them all gives the gate its
/// guarantees: one execution per key, byte-identical replays, one winner per takeover, expiry
/// judged by the injected clock.
///
/// ```swift
/// @Test(arguments: IdempotencyStoreConformanceCheck.allCases)
/// func keepsTheContract(_ check: IdempotencyStoreConformanceCheck) async throws {
///     try await IdempotencyStoreConformance.run(
///         check,
///         makeStore: { try await MyStore.connect(...) },
///         clock: ManualIdempotencyClock()
///     )
/// }
/// ```
public enum IdempotencyStoreConformance {
    static let scope = IdempotencyScope(principal: "api-key-1", route: "POST /api/ext/event")

    static func makeGate<Store: IdempotencyStore>(
        _ store: Store,
        clock: ManualIdempotencyClock,
        configure: (inout IdempotencyGateConfiguration) -> Void = { _ in }
    ) -> IdempotencyGate<Store> {
        var configuration = IdempotencyGateConfiguration()
        configuration.leaseDuration = .seconds(30)
        configuration.recordTTL = .seconds(3600)
        configure(&configuration)
        return IdempotencyGate(store: store, configuration: configuration, clock: clock, logger: Logger(label: "idempotency-conformance", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    static func fingerprint(_ json: String, path: String = "/api/ext/event") -> RequestFingerprint {
        RequestFingerprint(method: "POST", path: path, body: Array(json.utf8))
    }

    static func response(_ text: String, status: Int = 200) -> IdempotentResponse {
        IdempotentResponse(
            status: status,
            headers: [.init(name: "Content-Type", value: "application/json")],
            body: Array(text.utf8)
        )
    }

    static func newKey() -> String {
        UUID().uuidString
    }
}

/// Counts how many times a piece of work ran, from any task.
final class ExecutionCounter: Sendable {
    private let value = Atomic<Int>(0)

    var count: Int {
        value.load(ordering: .relaxed)
    }

    @discardableResult
    func increment() -> Int {
        value.wrappingAdd(1, ordering: .relaxed).newValue
    }
}

extension IdempotencyOutcome {
    var executedResponse: IdempotentResponse? {
        if case .executed(let response) = self { response } else { nil }
    }

    var replayedResponse: IdempotentResponse? {
        if case .replayed(let response) = self { response } else { nil }
    }

    var isInFlight: Bool {
        if case .inFlight = self { true } else { false }
    }

    var isKeyReused: Bool {
        if case .keyReused = self { true } else { false }
    }

    var unrecordedReason: IdempotencyError? {
        if case .executedWithoutRecord(_, let reason) = self { reason } else { nil }
    }
}
