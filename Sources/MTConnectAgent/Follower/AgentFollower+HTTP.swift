import AsyncHTTPClient
import MTConnectModel
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import _MTCSupport
#endif

extension AgentFollower {
    /// One streaming `sample?interval=` connection, until it ends, goes silent or signals.
    func stream(_ client: HTTPClient) async throws {
        let from = nextSequence ?? 1
        let url = endpoint.sample(from: from, count: configuration.count, interval: configuration.interval, heartbeat: configuration.heartbeat)
        let timeout = configuration.effectiveHeartbeatTimeout
        let silence = AgentFollowerError(.heartbeatTimeout, "the stream sent nothing, not even a heartbeat, for \(timeout)")
        try await ActivityMonitor.withWatchdog(timeout: timeout, error: silence) { monitor in
            try await self.transport {
                let response = try await client.execute(self.request(url), deadline: .distantFuture, logger: self.logger)
                monitor.touch()
                let contentType = response.headers.first(name: "content-type") ?? ""
                guard response.status == .ok, let boundary = MultipartStreamSplitter.boundary(fromContentType: contentType) else {
                    let body = try await self.collect(response)
                    switch try self.parse(body) {
                    case .streams(let document) where response.status == .ok:
                        try await self.deliver(document, monitor: monitor)
                        throw FollowerSignal.fallBackToPolling("the agent answered `interval` with a single document")
                    case .error(let errors):
                        throw self.classify(errors, streaming: true)
                    default:
                        throw AgentFollowerError(.httpStatus, "the agent answered a stream request with HTTP \(response.status.code) \(contentType)")
                    }
                }
                var splitter = MultipartStreamSplitter(boundary: boundary, maximumPartSize: self.configuration.maximumDocumentSize)
                for try await chunk in response.body {
                    monitor.touch()
                    let parts: [MultipartStreamSplitter.Part]
                    do {
                        parts = try splitter.append(chunk.readableBytesView)
                    } catch {
                        throw AgentFollowerError(.invalidStream, "\(error)")
                    }
                    for part in parts {
                        switch try self.parse(part.body) {
                        case .streams(let document): try await self.deliver(document, monitor: monitor)
                        case .error(let errors): throw self.classify(errors, streaming: false)
                        default: throw AgentFollowerError(.invalidDocument, "a streamed part is not an MTConnectStreams document")
                        }
                    }
                    // Parsing and delivering is progress too, however long a busy machine takes.
                    monitor.touch()
                    if splitter.isFinished { break }
                }
                throw AgentFollowerError(.streamEnded, "the agent closed the stream")
            }
        }
    }

    /// Long polling: `sample?from=` again as soon as an answer was full, after
    /// ``AgentFollowerConfiguration/pollingInterval`` otherwise.
    func poll(_ client: HTTPClient) async throws {
        while true {
            let from = nextSequence ?? 1
            let document = try await fetchStreams(client, endpoint.sample(from: from, count: configuration.count), streaming: false)
            try await deliver(document, monitor: nil)
            let header = document.header
            let caughtUp = (header.nextSequence ?? 0) > (header.lastSequence ?? 0)
            if caughtUp {
                try await Task.sleep(for: configuration.pollingInterval)
            }
        }
    }

    func fetchStreams(_ client: HTTPClient, _ url: String, streaming: Bool) async throws -> StreamsDocument {
        switch try parse(try await fetch(client, url)) {
        case .streams(let document): return document
        case .error(let errors): throw classify(errors, streaming: streaming)
        default: throw AgentFollowerError(.invalidDocument, "expected an MTConnectStreams document from \(url)")
        }
    }

    /// One bounded request: the whole answer within the request timeout.
    func fetch(_ client: HTTPClient, _ url: String) async throws -> [UInt8] {
        let timeout = configuration.requestTimeout
        let late = AgentFollowerError(.requestTimeout, "\(url) did not answer within \(timeout)")
        return try await ActivityMonitor.withWatchdog(timeout: timeout, error: late) { _ in
            try await self.transport {
                // A deadline of its own makes AsyncHTTPClient give up its connection retries
                // and report why (connection refused, …) instead of our watchdog's timeout.
                let deadline = NIODeadline.now() + .milliseconds(timeout.wholeMilliseconds)
                let response = try await client.execute(self.request(url), deadline: deadline, logger: self.logger)
                let body = try await self.collect(response)
                let status = response.status.code
                guard (200..<300).contains(status) || body.first == UInt8(ascii: "<") else {
                    throw AgentFollowerError(.httpStatus, "\(url) answered HTTP \(status)")
                }
                return body
            }
        }
    }

    func parse(_ bytes: [UInt8]) throws(AgentFollowerError) -> MTConnectDocument {
        do {
            return try parser.parse(bytes)
        } catch {
            throw AgentFollowerError(.invalidDocument, "the agent sent an unreadable document: \(error)")
        }
    }

    func request(_ url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/xml, multipart/mixed, multipart/x-mixed-replace")
        if configuration.acceptsCompression {
            request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        }
        for (name, value) in configuration.headers.sorted(by: { $0.key < $1.key }) {
            request.headers.replaceOrAdd(name: name, value: value)
        }
        logger.trace("request", metadata: ["url": "\(url)"])
        return request
    }

    func collect(_ response: HTTPClientResponse) async throws -> [UInt8] {
        do {
            let buffer = try await response.body.collect(upTo: configuration.maximumDocumentSize)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw AgentFollowerError(.invalidDocument, "the agent's answer exceeds \(configuration.maximumDocumentSize) bytes")
        }
    }

    /// Lets the follower's own errors through and turns transport errors into ``AgentFollowerError``.
    func transport<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AgentFollowerError {
            throw error
        } catch let signal as FollowerSignal {
            throw signal
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw AgentFollowerError(.connectionFailed, Self.describe(transportError: error, agent: endpoint.base))
        }
    }
}

extension AgentFollower {
    /// A transport failure in words, "http://agent:5000: connection refused", rather than the
    /// nested description of NIO's error values.
    static func describe(transportError error: any Error, agent: String) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let dns = error.dnsAError ?? error.dnsAAAAError {
                return "\(agent): cannot resolve \(error.host): \(reason(dns))"
            }
            guard let first = error.connectionErrors.first else { return "\(agent): cannot connect" }
            return "\(agent): \(reason(first.error))"
        default:
            return "\(agent): \(reason(error))"
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case let error as IOError:
            String(cString: strerror(error.errnoCode)).lowercased()
        case let error as HTTPClientError where error == .connectTimeout:
            "timed out connecting"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            "the agent closed the connection"
        case let error as HTTPClientError where error == .deadlineExceeded:
            "the agent did not answer in time"
        default:
            "\(error)"
        }
    }
}
