/// What happens to the later events of a partition key while its oldest unsent event (the head)
/// waits for a retry.
///
/// An extensible set of policies (a struct with static values) so that new ones do not break callers.
public struct BlockedHeadPolicy: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case holdKey
        case independent
    }

    let kind: Kind

    /// Later events of the key wait until the head is sent or dead: strict per-key order.
    /// Other keys are never held back. The default.
    public static let holdKey = BlockedHeadPolicy(kind: .holdKey)

    /// Every event is retried on its own schedule; a failing event never holds back others,
    /// so events of one key may be delivered out of order.
    public static let independent = BlockedHeadPolicy(kind: .independent)

    public var description: String {
        switch kind {
        case .holdKey: "holdKey"
        case .independent: "independent"
        }
    }
}
