/// Receives the parts of an `MTConnectStreams` document in document order.
protocol StreamsVisitor {
    mutating func visit(header: Header)
    mutating func visit(deviceStream: DeviceStream)
    mutating func visit(componentStream: ComponentStream)
    mutating func visit(observation: Observation) throws
}

/// Builds the whole ``StreamsDocument`` tree.
struct StreamsTreeBuilder: StreamsVisitor {
    var header = Header()
    var deviceStreams: [DeviceStream] = []

    mutating func visit(header: Header) {
        self.header = header
    }

    mutating func visit(deviceStream: DeviceStream) {
        deviceStreams.append(deviceStream)
    }

    mutating func visit(componentStream: ComponentStream) {
        deviceStreams[deviceStreams.count - 1].componentStreams.append(componentStream)
    }

    mutating func visit(observation: Observation) {
        let device = deviceStreams.count - 1
        let component = deviceStreams[device].componentStreams.count - 1
        deviceStreams[device].componentStreams[component].observations.append(observation)
    }
}

/// Hands observations to a caller's closure without keeping them.
struct StreamsCallbackVisitor: StreamsVisitor {
    let onHeader: (Header) throws -> Void
    let onObservation: (Observation) throws -> Void
    var headerError: (any Error)?

    mutating func visit(header: Header) {
        do {
            try onHeader(header)
        } catch {
            headerError = error
        }
    }

    mutating func visit(deviceStream: DeviceStream) {}

    mutating func visit(componentStream: ComponentStream) {}

    mutating func visit(observation: Observation) throws {
        if let headerError {
            throw headerError
        }
        try onObservation(observation)
    }
}
