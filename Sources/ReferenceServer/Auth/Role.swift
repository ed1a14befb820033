/// What a JWT holder may do: operators read, managers read and see reports, admins also write.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case `operator`
    case manager
    case admin

    private var rank: Int {
        switch self {
        case .operator: 0
        case .manager: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
