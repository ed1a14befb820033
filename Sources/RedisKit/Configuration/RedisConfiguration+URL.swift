import Foundation

extension RedisConfiguration {
    /// A configuration from a URL such as `redis://user:password@127.0.0.1:6379/0`.
    ///
    /// User name and password may be percent-encoded. A URL with only a password is written
    /// `redis://:password@host`; as with `redis-cli -u`, `redis://secret@host` (no colon) is
    /// read as a password too. The port defaults to 6379 and the database to 0. TLS
    /// (`rediss://`) is not supported by the hiredis build this library links.
    public init(url: String) throws(RedisError) {
        guard let components = URLComponents(string: url) else {
            throw .invalidURL("not a URL")
        }
        guard let scheme = components.scheme?.lowercased() else {
            throw .invalidURL("missing scheme")
        }
        guard scheme == "redis" else {
            throw .invalidURL("scheme \"\(scheme)\" is not supported, use redis://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalidURL("missing host")
        }
        let port = components.port ?? 6379
        guard (1...65535).contains(port) else {
            throw .invalidURL("port \(port) is out of range")
        }
        var database = 0
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !path.isEmpty {
            guard let number = Int(path), number >= 0 else {
                throw .invalidURL("database \"\(path)\" is not a non-negative number")
            }
            database = number
        }
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 }
        let password = components.password
        self.init(
            host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host,
            port: port,
            username: password == nil ? nil : user,
            password: password ?? user,
            database: database
        )
    }
}
