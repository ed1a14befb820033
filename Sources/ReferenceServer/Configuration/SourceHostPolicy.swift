import Foundation

/// Which hosts a machine's source (an MTConnect agent URL, a Modbus module) may name.
///
/// By default every host is allowed. An operator who lets other people create machines, or a
/// test that must never dial off the machine, sets `MTC_SOURCE_HOSTS` to a comma-separated
/// allow-list; a source naming any other host is refused with 422 when the machine is created
/// or changed, and a stored machine outside the list is not dialled.
///
/// An entry is an IPv4 or IPv6 address (`192.0.2.10`, `::1`), a network in CIDR notation
/// (`127.0.0.0/8`, `fd00::/8`), a host name (`agent.plant.example`, matched without resolving
/// it) or a domain wildcard (`*.plant.example`, any name below it). Addresses in a source are
/// matched against the addresses and networks; names against the names and wildcards, so an
/// allow-list of networks only never resolves a name at all. A name is trusted as the operator
/// listed it: where it resolves to is the operator's DNS.
public struct SourceHostPolicy: Sendable, Equatable, CustomStringConvertible {
    private enum Entry: Sendable, Equatable {
        case network(IPAddress, prefixLength: Int)
        case name(String)
        case domain(String)
    }

    private let entries: [Entry]?

    /// Every host is allowed.
    public static let any = SourceHostPolicy(entries: nil)

    private init(entries: [Entry]?) {
        self.entries = entries
    }

    /// Parses an allow-list such as `127.0.0.0/8, ::1, localhost`.
    ///
    /// - Throws: ``ReferenceServerError/configuration(_:)`` naming the first entry that is
    ///   neither an address, a network, a host name nor a wildcard.
    public init(allowList: String) throws {
        var entries: [Entry] = []
        for raw in allowList.split(separator: ",") {
            let text = raw.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).lowercased()
            if text.isEmpty { continue }
            guard let entry = Self.entry(text) else {
                throw ReferenceServerError.configuration(
                    "MTC_SOURCE_HOSTS entry \"\(text)\" is not an address, a CIDR network, a host name or a *.domain wildcard."
                )
            }
            entries.append(entry)
        }
        guard !entries.isEmpty else {
            throw ReferenceServerError.configuration("MTC_SOURCE_HOSTS is set but names no host; leave it unset to allow every host.")
        }
        self.entries = entries
    }

    /// Whether no allow-list is set.
    public var allowsEveryHost: Bool { entries == nil }

    /// Whether a source may name `host` (an address, with or without IPv6 brackets, or a name).
    public func permits(host: String) -> Bool {
        guard let entries else { return true }
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        if let address = IPAddress(host) {
            return entries.contains { entry in
                if case .network(let network, let length) = entry { return network.contains(address, prefixLength: length) }
                return false
            }
        }
        return entries.contains { entry in
            switch entry {
            case .network: false
            case .name(let name): name == host
            case .domain(let domain): host.hasSuffix("." + domain)
            }
        }
    }

    public var description: String {
        guard let entries else { return "any host" }
        return entries.map { entry in
            switch entry {
            case .network(let address, let length): "\(address)/\(length)"
            case .name(let name): name
            case .domain(let domain): "*.\(domain)"
            }
        }.joined(separator: ", ")
    }

    private static func entry(_ text: String) -> Entry? {
        if text.hasPrefix("*.") {
            let domain = String(text.dropFirst(2))
            return isHostName(domain) ? .domain(domain) : nil
        }
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if let address = IPAddress(String(parts[0])) {
            let maximum = address.bytes.count * 8
            guard parts.count == 2 else { return .network(address, prefixLength: maximum) }
            guard let length = Int(parts[1]), (0...maximum).contains(length) else { return nil }
            return .network(address, prefixLength: length)
        }
        return parts.count == 1 && isHostName(text) ? .name(text) : nil
    }

    private static func isHostName(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.utf8.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
            }
        }
    }
}

/// An IPv4 or IPv6 address as its network-order bytes.
struct IPAddress: Sendable, Equatable, CustomStringConvertible {
    let bytes: [UInt8]

    init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    /// Whether `address` lies in the network of this address's first `prefixLength` bits. An
    /// IPv4 address never lies in an IPv6 network, nor the other way round.
    func contains(_ address: IPAddress, prefixLength: Int) -> Bool {
        guard address.bytes.count == bytes.count else { return false }
        var remaining = prefixLength
        for (mine, theirs) in zip(bytes, address.bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if mine & mask != theirs & mask { return false }
            remaining -= 8
        }
        return true
    }

    var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: bytes.count, by: 2)
            .map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}
